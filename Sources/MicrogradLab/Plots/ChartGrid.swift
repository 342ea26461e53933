import MicrogradEngine
import MicrogradSupport

/// Small multiples: several charts side by side in one SVG, in rows of `columns`, under a
/// common title. Each panel is a whole `Chart` (axes, nice ticks, legend), so a loss curve,
/// a saturation curve and an update:data curve can sit next to each other.
///
/// ```swift
/// let grid = ChartGrid(title: "Training from six initializations", charts: [loss, saturation, ratio])
/// try grid.write(to: "out/curves.svg")
/// ```
public struct ChartGrid: Sendable, SVGFigure {
  /// The title above every panel.
  var title: String
  /// The panels, left to right, then top to bottom.
  package var charts: [Chart]
  /// Panels per row.
  var columns: Int

  /// A grid of `charts`, `columns` per row (all in one row by default).
  ///
  /// - Precondition: at least one chart; `columns` ≥ 1.
  public init(title: String, charts: [Chart], columns: Int? = nil) {
    require(!charts.isEmpty, "ChartGrid: needs at least one chart")
    require((columns ?? 1) >= 1, "ChartGrid: columns must be at least 1 (got \(columns ?? 0))")
    self.title = title
    self.charts = charts
    self.columns = columns ?? charts.count
  }

  /// The grid as one SVG document: each panel is the chart's own SVG, placed as a nested
  /// `<svg>` element at its cell.
  public func svg() -> String {
    let cellWidth = charts.map(\.width).max()!
    let cellHeight = charts.map(\.height).max()!
    let rows = (charts.count + columns - 1) / columns
    let top = 40.0
    let width = Double(Swift.min(columns, charts.count)) * cellWidth
    let height = top + Double(rows) * cellHeight
    var svg = SVGBuilder(width: width, height: height, title: title)
    svg.text(title, width / 2, 26, anchor: "middle", size: 16, weight: "bold")
    for (index, chart) in charts.enumerated() {
      var panel = chart
      panel.idPrefix = "panel\(index)-"
      let x = Double(index % columns) * cellWidth
      let y = top + Double(index / columns) * cellHeight
      svg.nest(panel.drawing(origin: (x, y)))
    }
    return svg.document
  }
}
