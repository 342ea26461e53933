import TestSupport
import Testing
import MicrogradNN

@Suite("Statistics of a layer's numbers")
struct DiagnosticsStatisticsTests {
  @Test("mean, variance, std, mean |x| against hand-computed values")
  func moments() {
    let xs: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]  // the textbook example: mean 5, variance 4, std 2
    expectClose(xs.mean, 5)
    expectClose(xs.variance, 4)
    expectClose(xs.standardDeviation, 2)
    let ys: [Double] = [-3, 1, -1, 3]
    expectClose(ys.meanAbsoluteValue, 2)
    #expect([Double]().mean.isNaN)
    #expect(xs.extent! == (2, 9))
  }

  @Test("the std of numbers whose squares overflow is still their std; of an overflowed number, not finite")
  func hugeNumbers() {
    let xs: [Double] = [2, 4, 4, 4, 5, 5, 7, 9].map { $0 * 1e200 }
    #expect(xs.variance == .infinity)
    expectClose(xs.standardDeviation, 2e200, .relative(1e-15))
    #expect(!([1e300, .infinity] as [Double]).standardDeviation.isFinite)
    #expect(([1e308, -1e308, 1e308, -1e308] as [Double]).standardDeviation == 1e308)
  }

  @Test("saturated fraction: |t| strictly above the threshold (default 0.97)")
  func saturation() {
    let t: [Double] = [0.5, -0.98, 0.97, 0.99, -1, 0]
    expectClose(t.saturatedFraction(), 3.0 / 6)  // -0.98, 0.99, -1; 0.97 itself is not above
    expectClose(t.saturatedFraction(threshold: 0.99), 1.0 / 6)
    expectClose([Double]().saturatedFraction(), 0)
  }

  @Test("update:data ratio: log10 of std(update) / std(data)")
  func ratios() {
    let data: [Double] = [1, -1, 1, -1]  // std 1
    let updates: [Double] = [1e-3, -1e-3, 1e-3, -1e-3]  // lr 0.01 · a gradient of std 0.1
    // 1e-3 against std 1: log10 = -3, the healthy value of the lecture.
    expectClose(updates.updateToDataRatio(data: data), -3, .relative(1e-12))
  }
}
