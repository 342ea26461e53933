import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// A 2-D classifier seen from above: the plane coloured by the predicted class, the data
/// points on top. The picture of micrograd's moons demo, as SVG or as text for a terminal.
///
/// ```swift
/// let boundary = DecisionBoundary(data: moons, title: "after 100 steps") { x, y in
///   model([Value(x), Value(y)])[0].data      // the score: its sign is the class
/// }
/// print(boundary.text())                      // '·' for −, '#' for +, points o and x
/// try boundary.write(to: "out/boundary.svg")
/// ```
///
/// The score is called once per grid cell, so `svg()` at its default 200 × 125 grid runs the
/// model 25,000 times.
public struct DecisionBoundary: SVGFigure {
  /// The points drawn on top; a label > 0 is the positive class.
  var data: Dataset
  /// The region of the plane shown, in data coordinates.
  var x: ClosedRange<Double>
  /// The region of the plane shown, in data coordinates.
  var y: ClosedRange<Double>
  /// The title above the SVG picture.
  var title: String
  /// The model's score at a point: the class is positive where it is > 0.
  let score: (Double, Double) -> Double

  /// A boundary over `x × y` (nil: the data's extent with a margin of 10%).
  ///
  /// - Precondition: the data has two features.
  public init(
    data: Dataset, x: ClosedRange<Double>? = nil, y: ClosedRange<Double>? = nil, title: String = "",
    score: @escaping (Double, Double) -> Double
  ) {
    require(data.featureCount == 2, "DecisionBoundary: the data must have 2 features (got \(data.featureCount))")
    func padded(_ values: [Double]) -> ClosedRange<Double> {
      let (lo, hi) = values.extent ?? (-1, 1)
      let margin = Swift.max(hi - lo, 1e-9) * 0.1
      return (lo - margin)...(hi + margin)
    }
    self.data = data
    self.x = x ?? padded(data.inputs.map { $0[0] })
    self.y = y ?? padded(data.inputs.map { $0[1] })
    self.title = title
    self.score = score
  }

  /// Whether the model says "positive" at each cell centre of a `columns × rows` grid, top row first.
  func classes(columns: Int, rows: Int) -> [[Bool]] {
    (0..<rows).map { r in
      let py = y.upperBound - (Double(r) + 0.5) / Double(rows) * (y.upperBound - y.lowerBound)
      return (0..<columns).map { c in
        score(x.lowerBound + (Double(c) + 0.5) / Double(columns) * (x.upperBound - x.lowerBound), py) > 0
      }
    }
  }

  /// The picture as text: '·' where the model says negative, '#' where positive, and the
  /// data points as 'o' (negative) and 'x' (positive).
  public func text(columns: Int = 72, rows: Int = 26) -> String {
    var canvas = classes(columns: columns, rows: rows).map { $0.map { $0 ? Character("#") : "·" } }
    for (point, label) in zip(data.inputs, data.labels) {
      let c = Int((point[0] - x.lowerBound) / (x.upperBound - x.lowerBound) * Double(columns))
      let r = Int((y.upperBound - point[1]) / (y.upperBound - y.lowerBound) * Double(rows))
      if canvas.indices.contains(r) && canvas[r].indices.contains(c) { canvas[r][c] = label > 0 ? "x" : "o" }
    }
    return canvas.map { String($0) }.joined(separator: "\n")
  }

  /// The picture as SVG with the default grid.
  public func svg() -> String { svg(columns: 200, rows: 125) }

  /// The picture as SVG: the plane sampled on a `columns × rows` grid (light blue negative,
  /// light red positive; each row drawn as runs of one colour, so the file stays small),
  /// axes with 1-2-5 ticks, and the points.
  func svg(columns: Int, rows: Int) -> String {
    let (left, top, plotWidth, plotHeight) = (56.0, 40.0, 600.0, 375.0)
    var svg = SVGBuilder(width: left + plotWidth + 20, height: top + plotHeight + 50, title: title)
    svg.text(title, left + plotWidth / 2, 24, anchor: "middle", size: 14, weight: "bold")
    func px(_ v: Double) -> Double { left + (v - x.lowerBound) / (x.upperBound - x.lowerBound) * plotWidth }
    func py(_ v: Double) -> Double { top + (y.upperBound - v) / (y.upperBound - y.lowerBound) * plotHeight }
    let (cellWidth, cellHeight) = (plotWidth / Double(columns), plotHeight / Double(rows))
    svg.open("g", "regions")
    for (r, row) in classes(columns: columns, rows: rows).enumerated() {
      var start = 0
      for c in 1...columns where c == columns || row[c] != row[start] {
        svg.rect(
          left + Double(start) * cellWidth, top + Double(r) * cellHeight, Double(c - start) * cellWidth + 0.5,
          cellHeight + 0.5, fill: row[start] ? "#f6c6c0" : "#c3d9f0")
        start = c
      }
    }
    svg.close("g")
    svg.open("g", "axis")
    svg.rect(left, top, plotWidth, plotHeight, fill: "none", stroke: "#333")
    for t in niceTicks(x.lowerBound, x.upperBound) where x.contains(t) {
      svg.line(px(t), top + plotHeight, px(t), top + plotHeight + 5, stroke: "#333")
      svg.text(formatted(t, significant: 3), px(t), top + plotHeight + 18, anchor: "middle")
    }
    for t in niceTicks(y.lowerBound, y.upperBound) where y.contains(t) {
      svg.line(left - 5, py(t), left, py(t), stroke: "#333")
      svg.text(formatted(t, significant: 3), left - 8, py(t) + 4, anchor: "end")
    }
    svg.close("g")
    svg.open("g", "points")
    for (point, label) in zip(data.inputs, data.labels) {
      svg.circle(px(point[0]), py(point[1]), r: 4, fill: label > 0 ? "#c0392b" : "#1f5fa8", stroke: "white")
    }
    svg.close("g")
    return svg.document
  }
}
