import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// A black-and-white picture of which units are saturated for which samples:
/// Karpathy's `plt.imshow(h.abs() > 0.99, cmap='gray')` from "makemore part 3".
///
/// Rows are units (neurons of one layer), columns are samples of the batch; a cell is
/// white where |h| > threshold, black elsewhere. A row that is white from end to end is a
/// *dead* tanh unit: it is saturated for every sample, so no gradient ever flows through it.
public struct SaturationMap: Sendable, SVGFigure {
  /// `saturated[unit][sample]`: whether |h| exceeded the threshold.
  public let saturated: [[Bool]]
  /// The threshold on |h|.
  let threshold: Double
  /// The title above the picture.
  public var title: String
  /// The size of one cell in pixels.
  var cellSize: Double = 4

  /// A map from activations `values[unit][sample]` (every row the same length).
  init(_ values: [[Double]], threshold: Double = 0.99, title: String = "Saturation map") {
    let columns = values.first?.count ?? 0
    for (i, row) in values.enumerated() {
      require(row.count == columns, "SaturationMap: every unit needs \(columns) samples (unit \(i) has \(row.count))")
    }
    self.saturated = values.map { row in row.map { Swift.abs($0) > threshold } }
    self.threshold = threshold
    self.title = title
  }

  /// The share (0…1) of saturated cells.
  var saturatedFraction: Double {
    let cells = saturated.reduce(0) { $0 + $1.count }
    guard cells > 0 else { return 0 }
    return Double(saturated.reduce(0) { $0 + $1.filter { $0 }.count }) / Double(cells)
  }

  /// The map as an SVG document: a black rectangle with the saturated cells in white
  /// (runs of white cells in a row are merged into one rectangle to keep the file small).
  public func svg() -> String {
    let rows = saturated.count, columns = saturated.first?.count ?? 0
    let (left, top) = (64.0, 52.0)
    let plotWidth = Double(columns) * cellSize, plotHeight = Double(rows) * cellSize
    let width = Swift.max(left + plotWidth + 24, 360), height = top + plotHeight + 56
    var svg = SVGBuilder(width: width, height: height, title: title)
    svg.open("g", "title")
    svg.text(title, width / 2, 22, anchor: "middle", size: 15, weight: "bold")
    svg.text(
      "white: |h| > \(formatted(threshold, significant: 3)) (\(formatted(100 * saturatedFraction, decimals: 1))% of cells)",
      width / 2, 40, anchor: "middle", size: 11, fill: "#555")
    svg.close("g")
    svg.open("g", "series heatmap")
    svg.rect(left, top, plotWidth, plotHeight, fill: "black")
    for r in 0..<rows {
      var c = 0
      while c < columns {
        guard saturated[r][c] else { c += 1; continue }
        let start = c
        while c < columns && saturated[r][c] { c += 1 }
        svg.rect(
          left + Double(start) * cellSize, top + Double(r) * cellSize, Double(c - start) * cellSize, cellSize,
          fill: "white")
      }
    }
    svg.close("g")
    svg.open("g", "axis")
    svg.rect(left, top, plotWidth, plotHeight, fill: "none", stroke: "#333")
    svg.text("0", left, top + plotHeight + 14, anchor: "start", size: 10)
    svg.text(String(columns), left + plotWidth, top + plotHeight + 14, anchor: "end", size: 10)
    svg.text("sample", left + plotWidth / 2, top + plotHeight + 34, anchor: "middle", size: 13)
    svg.text("0", left - 6, top + 9, anchor: "end", size: 10)
    svg.text(String(rows), left - 6, top + plotHeight, anchor: "end", size: 10)
    svg.text("unit", left - 30, top + plotHeight / 2, anchor: "middle", size: 13, rotate: -90)
    svg.close("g")
    return svg.document
  }

}
