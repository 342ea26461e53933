import TestSupport
import Testing

/// The tolerance every numeric test compares with: close means close, and an infinity or a NaN is close only
/// to itself.
@Suite("Tolerance: what the tests call close")
struct ToleranceTests {
  @Test("equal values, equal infinities and two NaNs are accepted at any tolerance")
  func equal() {
    for tolerance in [Tolerance.exact, .ulps(4), .absolute(1e-9)] {
      #expect(tolerance.accepts(1.5, 1.5))
      #expect(tolerance.accepts(.infinity, .infinity))
      #expect(tolerance.accepts(-.infinity, -.infinity))
      #expect(tolerance.accepts(.nan, .nan))
    }
  }

  @Test(
    "an infinity or a NaN against a finite number is refused, however loose the tolerance",
    arguments: [(Double.infinity, 1.0), (-.infinity, -1e300), (.nan, 0.0), (.infinity, -.infinity), (1.0, .nan)])
  func nonFinite(_ a: Double, _ b: Double) {
    #expect(!Tolerance(relative: 0.5, absolute: 1e300).accepts(a, b))
    #expect(!Tolerance(relative: 0.5, absolute: 1e300).accepts(b, a))
  }

  @Test("relative and absolute bounds")
  func bounds() {
    #expect(Tolerance.ulps(2).accepts(1, 1.0.nextUp))
    #expect(!Tolerance.ulps(0.5).accepts(1, 1.0.nextUp))
    #expect(Tolerance.absolute(1e-3).accepts(0, 5e-4))
    #expect(!Tolerance.absolute(1e-3).accepts(0, 2e-3))
  }
}
