import ExampleSupport
import Micrograd
import Testing

/// The terminal histogram tanh-saturation prints (`Histogram.bars`, ExampleSupport's).
@Suite("Histogram bars")
struct HistogramBarsTests {
  @Test("horizontal bars scale to the fullest bin")
  func bars() {
    let text = Histogram([0, 0, 0, 0, 1, 1], bins: 2, range: 0...1).bars(width: 8, decimals: 1)
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines == ["[0.0, 0.5)  ████████  4", "[0.5, 1.0]  ████      2"])
  }
}
