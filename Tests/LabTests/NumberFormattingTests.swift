import MicrogradLab
import Testing

/// `Double.formatted(significant:)` and `formatted(decimals:)`: how tables, plots and pages write numbers.
@Suite("Numbers as the tables and pages write them")
struct NumberFormattingTests {
  @Test("a fixed number of decimals, rounded half away from zero; no negative zero")
  func decimals() {
    #expect(24.70408163265306.formatted(decimals: 4) == "24.7041")
    #expect((-0.00001).formatted(decimals: 2) == "0.00")
    #expect((-1.5).formatted(decimals: 0) == "-2")
    #expect(Double.infinity.formatted(decimals: 2) == "inf")
  }

  @Test("significant digits, plain or scientific as C's %g chooses; a carry into the next power of ten")
  func significant() {
    #expect(0.652.formatted(significant: 3) == "0.652")
    #expect(7800.0.formatted(significant: 2) == "7.8e+03")
    #expect(2.6e-32.formatted(significant: 2) == "2.6e-32")
    #expect(9.996.formatted(significant: 3) == "10")
    #expect(Double.nan.formatted(significant: 3) == "nan")
  }
}
