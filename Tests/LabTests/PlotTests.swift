import TestSupport
import Testing

@testable import MicrogradLab
@testable import Micrograd

#if canImport(FoundationXML)
  import FoundationXML
  import Foundation
#else
  import Foundation
#endif

/// Parses `svg` with Foundation's XML parser and returns the document, or records a failure.
func parsedSVG(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) -> XMLDocument? {
  do {
    return try XMLDocument(xmlString: svg, options: [])
  } catch {
    Issue.record("not well-formed XML: \(error)", sourceLocation: sourceLocation)
    return nil
  }
}

/// The elements of `document` whose class attribute contains `name`.
func elements(_ document: XMLDocument, class name: String) -> [XMLElement] {
  let nodes = (try? document.nodes(forXPath: "//*[contains(concat(' ', @class, ' '), ' \(name) ')]")) ?? []
  return nodes.compactMap { $0 as? XMLElement }
}

@Suite("Plots")
struct PlotTests {
  @Test("histogram counts with explicit edges: half-open bins, the last one closed")
  func histogramEdges() {
    let h = Histogram([-1, 0, 0.5, 1, 2, 3, .nan, 4], edges: [0, 1, 2, 3])
    // 0 and 0.5 -> bin 0; 1 -> bin 1; 2 and 3 -> bin 2 (last bin closed); -1, 4, nan outside.
    #expect(h.counts == [2, 1, 2])
    #expect(h.outside == 3)
    #expect(h.total == 5)
    expectClose(h.densities, [0.4, 0.2, 0.4])
  }

  @Test("histogram by bin count spans the data, densities integrate to 1")
  func histogramBins() {
    let h = Histogram([1, 2, 2, 3, 3, 3, 4, 4, 4, 4], bins: 3)
    // edges 1, 2, 3, 4: [1,2) has 1; [2,3) has 2; [3,4] has 3 + 4 = 7.
    expectClose(h.edges, [1, 2, 3, 4])
    #expect(h.counts == [1, 2, 7])
    let area: Double = zip(h.densities, [1.0, 1, 1]).map { (d: Double, w: Double) -> Double in d * w }.reduce(0.0) {
      $0 + $1
    }
    expectClose(area, 1)
    let fixed = Histogram([0.1, 0.2, 0.9], bins: 2, range: 0...1)
    #expect(fixed.counts == [2, 1])
    #expect(Histogram([5, 5, 5], bins: 2).counts == [3, 0] || Histogram([5, 5, 5], bins: 2).counts == [0, 3])
  }

  @Test("step outline starts and ends on the axis and follows the densities")
  func stepOutline() {
    let outline = Histogram([0, 1], edges: [0, 0.5, 1]).stepOutline
    expectClose(outline.map(\.x), [0, 0, 0.5, 0.5, 1, 1])
    expectClose(outline.map(\.y), [0, 1, 1, 1, 1, 0])
  }

  @Test("sparklines span the eight levels; log scale; non-finite values are blanks")
  func sparklines() {
    #expect(Sparkline([1, 2, 3, 4, 5, 6, 7, 8]).description == "▁▂▃▄▅▆▇█")
    #expect(Sparkline([2, 2]).description == "▄▄")
    #expect(Sparkline([1, .nan, 8]).description == "▁ █")
    #expect(Sparkline([1e-4, 1e-2, 1, 0], log10: true).description == "▁▅█ ")
  }

  @Test("tables right-align numbers, left-align text, and rule the header")
  func table() {
    var table = Table(columns: ["activation", "std", "grad"])
    table.append(["tanh", .number(0.6523), .number(7812, significant: 2)])
    table.append(["selu 0.75", .number(0.21), .percent(0.12, decimals: 0)])
    let expected = """
      activation    std     grad
      ----------  -----  -------
      tanh        0.652  7.8e+03
      selu 0.75    0.21      12%
      """
    #expect(table.description == expected)
  }

  @Test("nice ticks are 1-2-5 multiples covering the range")
  func ticks() {
    expectClose(niceTicks(0.03, 0.97), [0, 0.2, 0.4, 0.6, 0.8, 1])
    expectClose(niceTicks(0, 100, count: 5), [0, 20, 40, 60, 80, 100])
    expectClose(niceTicks(-3, 7, count: 5), [-4, -2, 0, 2, 4, 6, 8])
    #expect(decadeTicks(0.003, 20) == [-3, -2, -1, 0, 1, 2])
    #expect(decadeTicks(1e-30, 1e4).count <= 9)
  }

  @Test("XML escaping of the five special characters")
  func escaping() {
    #expect(xmlEscaped("a < b & \"c\" > 'd'") == "a &lt; b &amp; &quot;c&quot; &gt; &apos;d&apos;")
  }

  @Test("a line chart is XML with its title, axes, series and legend")
  func lineChart() throws {
    var chart = Chart(title: "std <by> depth & gain", xLabel: "layer", yLabel: "std")
    chart.addLine("tanh 5/3", xs: [10, 20, 30], ys: [0.65, 0.651, 0.649])
    chart.addPoints("PyTorch \"1000\"", xs: [10, 30], ys: [0.652, 0.651])
    guard let document = parsedSVG(chart.svg()) else { return }
    #expect(document.rootElement()?.name == "svg")
    #expect(elements(document, class: "axis").count == 2)
    #expect(elements(document, class: "series").count == 2)
    #expect(elements(document, class: "legend").count == 1)
    let title = try document.nodes(forXPath: "//*[local-name()='title']").first?.stringValue
    #expect(title == "std <by> depth & gain")
    let legendText = elements(document, class: "legend").first?.stringValue ?? ""
    #expect(legendText.contains("tanh 5/3") && legendText.contains("PyTorch \"1000\""))
  }

  @Test("a log-scale chart skips non-positive values and labels decades")
  func logChart() {
    var chart = Chart(title: "grad", xLabel: "layer", yLabel: "mean |grad|", yScale: .log10)
    chart.addLine("sigmoid", xs: [0, 1, 2, 3], ys: [0, 1e-30, 1e-3, 1])
    let svg = chart.svg()
    guard let document = parsedSVG(svg) else { return }
    #expect(elements(document, class: "series").count == 1)
    #expect(svg.contains("<tspan"))  // 10 with a raised exponent
    #expect(!svg.contains("nan") && !svg.contains("inf"))
  }

  @Test("overlaid histograms: one series per layer")
  func histogramChart() {
    let items = (1...3).map { layer in
      (name: "layer \(layer)", histogram: Histogram([-0.5, 0, 0.5, Double(layer) / 4], bins: 10, range: -1...1))
    }
    let chart = Chart.histograms(items, title: "activations", xLabel: "t")
    guard let document = parsedSVG(chart.svg()) else { return }
    #expect(elements(document, class: "series").count == 3)
  }

  @Test("saturation map: white runs for |h| > 0.99, valid XML")
  func saturationMap() {
    let values: [[Double]] = [
      [0.995, -0.999, 1.0],  // dead: saturated for every sample
      [0.1, 0.995, 0.2],
    ]
    let map = SaturationMap(values)
    #expect(map.saturated == [[true, true, true], [false, true, false]])
    expectClose(map.saturatedFraction, 4.0 / 6)
    let svg = map.svg()
    guard let document = parsedSVG(svg) else { return }
    #expect(elements(document, class: "axis").count == 1)
    // One merged white rectangle for row 0, one single cell for row 1.
    let whiteRectangles: Int = svg.components(separatedBy: "fill=\"white\"/>").count - 1
    #expect(whiteRectangles == 3)  // row 0's merged rectangle, row 1's cell, the page background
  }

  @Test("files are written with their folders created")
  func writing() throws {
    let folder = "/tmp/micrograd-plot-test-\(ProcessInfo.processInfo.processIdentifier)/a/b"
    var chart = Chart(title: "t", xLabel: "x", yLabel: "y")
    chart.addLine("s", xs: [0, 1], ys: [0, 1])
    try chart.write(to: folder + "/chart.svg")
    let text = try String(contentsOfFile: folder + "/chart.svg", encoding: .utf8)
    #expect(text == chart.svg())
    #expect(throws: FileWriteError.self) { try TextFile.write("x", to: "/proc/not-here/x.svg") }
  }
}

@Suite("Lab tools: out-of-domain arguments stop with a message, infinities are counted aside")
struct LabPreconditionTests {
  @Test("a histogram of data with an infinity bins the finite values and counts the rest outside")
  func infiniteData() {
    let h = Histogram([1, 2, .infinity, .nan], bins: 4)
    #expect(h.total == 2)
    #expect(h.outside == 2)
    #expect(h.edges.first == 1 && h.edges.last == 2)
  }

  @Test("a histogram with an infinite range")
  func infiniteRange() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Histogram([1, 2], bins: 4, range: 0...Double.infinity)
    }
    #expect(result?.printed("Histogram: range must have finite bounds (got 0.0...inf)") == true)
  }

  @Test("a trace asked for a layer it does not have")
  func traceLayer() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let layer = Layer(weights: [[1, 2]], activation: .tanh)
      _ = ForwardTrace(layers: [layer], inputs: [[1, 2]]).activationData(layer: 5)
    }
    #expect(result?.printed("ForwardTrace: layer must be between 1 and 1 (got 5)") == true)
  }
}
