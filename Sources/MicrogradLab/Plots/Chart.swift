import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// A line-and-point chart written as an SVG file: several named series over shared axes,
/// with nice ticks, axis labels, a legend and a title.
///
/// ```swift
/// var chart = Chart(title: "Output std by depth", xLabel: "layer", yLabel: "std")
/// chart.addLine("tanh 5/3", xs: depths, ys: stds)
/// chart.addPoints("PyTorch", xs: [10, 100], ys: [0.652, 0.651])   // measurement as points
/// try chart.write(to: "out/std.svg")
/// ```
///
/// The SVG groups its parts with classes a test or a stylesheet can find:
/// `axis`, `grid`, `series`, `legend`, `title`.
public struct Chart: Sendable, SVGFigure {
  /// How an axis maps numbers to positions.
  public enum Scale: Sendable {
    /// Equal distances for equal differences.
    case linear
    /// Equal distances for equal ratios (powers of ten evenly spaced); values ≤ 0 are not drawn.
    case log10
  }

  /// How a series is drawn.
  package enum Style: Sendable {
    /// A polyline through the points (a gap where a point cannot be drawn).
    case line
    /// A dot at each point, no line: measurements.
    case points
    /// A line with a dot at each point.
    case lineAndPoints
  }

  /// One named set of (x, y) points.
  package struct Series: Sendable {
    /// The name shown in the legend (an empty name keeps the series out of the legend).
    package var name: String
    /// The x coordinates.
    package var xs: [Double]
    /// The y coordinates, as many as `xs`.
    package var ys: [Double]
    /// Line, points or both.
    package var style: Style
    /// A CSS colour; nil takes the next colour of `Chart.palette`.
    package var color: String?
    /// Whether the line is dashed (for a reference or theory curve).
    package var dashed: Bool

    /// A series; `xs` and `ys` must have the same length.
    package init(
      _ name: String, xs: [Double], ys: [Double], style: Style = .line, color: String? = nil, dashed: Bool = false
    ) {
      require(
        xs.count == ys.count,
        "Chart.Series \"\(name)\": xs and ys must have equal lengths (got \(xs.count) and \(ys.count))")
      self.name = name
      self.xs = xs
      self.ys = ys
      self.style = style
      self.color = color
      self.dashed = dashed
    }
  }

  /// The title above the plot.
  public var title: String
  /// The label under the x axis.
  package var xLabel: String
  /// The label beside the y axis.
  package var yLabel: String
  /// The x axis scale.
  package var xScale: Scale = .linear
  /// The y axis scale.
  package var yScale: Scale = .linear
  /// A fixed x range, or nil to fit the data (widened to nice ticks).
  public var xRange: ClosedRange<Double>?
  /// A fixed y range, or nil to fit the data (widened to nice ticks). Points outside are clipped.
  public var yRange: ClosedRange<Double>?
  /// The series, drawn in order.
  package var series: [Series] = []
  /// The size of the picture in pixels.
  public var width: Double = 760
  /// The size of the picture in pixels.
  public var height: Double = 440
  /// A prefix for the ids inside the SVG, so that several charts can share one document.
  var idPrefix = ""

  /// An empty chart.
  public init(title: String, xLabel: String, yLabel: String, xScale: Scale = .linear, yScale: Scale = .linear) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.xScale = xScale
    self.yScale = yScale
  }

  /// Adds a series drawn as a line.
  public mutating func addLine(_ name: String, xs: [Double], ys: [Double], color: String? = nil, dashed: Bool = false) {
    series.append(Series(name, xs: xs, ys: ys, style: .line, color: color, dashed: dashed))
  }

  /// Adds a series drawn as dots (measurements next to a predicted line).
  public mutating func addPoints(_ name: String, xs: [Double], ys: [Double], color: String? = nil) {
    series.append(Series(name, xs: xs, ys: ys, style: .points, color: color))
  }

  /// Overlaid step outlines of several histograms (densities, so different sizes compare),
  /// one colour per histogram: the per-layer activation and gradient plots of Karpathy's
  /// "makemore part 3".
  public static func histograms(_ items: [(name: String, histogram: Histogram)], title: String, xLabel: String) -> Chart
  {
    var chart = Chart(title: title, xLabel: xLabel, yLabel: "density")
    for item in items {
      let outline = item.histogram.stepOutline
      chart.addLine(item.name, xs: outline.map(\.x), ys: outline.map(\.y))
    }
    return chart
  }

  // MARK: Layout

  private var plotLeft: Double { 72 }
  private var plotTop: Double { 46 }
  /// Room for the legend: the longest name at about 7 pixels a character, plus the swatch.
  private var legendWidth: Double {
    let longest = series.map(\.name.count).max() ?? 0
    return longest == 0 ? 20 : Double(longest) * 7 + 56
  }
  private var plotRight: Double { width - legendWidth }
  private var plotBottom: Double { height - 56 }

  /// Where t lies from lo (0) to hi (1); in halves when hi − lo overflows (an axis spanning ±1.8e308).
  private static func fraction(_ t: Double, _ lo: Double, _ hi: Double) -> Double {
    let span = hi - lo
    return span.isFinite ? (t - lo) / span : (t / 2 - lo / 2) / (hi / 2 - lo / 2)
  }

  /// The value to plot on an axis: itself, or its log₁₀; nil when it cannot be drawn.
  private static func transformed(_ v: Double, _ scale: Scale) -> Double? {
    guard v.isFinite else { return nil }
    switch scale {
    case .linear: return v
    case .log10: return v > 0 ? Math.log(v) / Math.log(10) : nil
    }
  }

  /// The axis range in transformed units and its ticks (as transformed positions with labels).
  private func axis(
    _ values: [Double], _ scale: Scale, _ fixed: ClosedRange<Double>?
  ) -> (lo: Double, hi: Double, ticks: [(position: Double, label: String, exponent: Int?)]) {
    var lo: Double, hi: Double
    if let fixed, let a = Chart.transformed(fixed.lowerBound, scale), let b = Chart.transformed(fixed.upperBound, scale)
    {
      (lo, hi) = (a, b)
    } else {
      let t = values.compactMap { Chart.transformed($0, scale) }
      (lo, hi) = (t.min() ?? 0, t.max() ?? 1)
    }
    if lo == hi { (lo, hi) = (lo - 1, hi + 1) }
    switch scale {
    case .linear:
      let ticks = niceTicks(lo, hi, count: 6)
      if fixed == nil { (lo, hi) = (ticks.first!, ticks.last!) }
      let inside = ticks.filter { $0 >= lo - 1e-9 * (hi - lo) && $0 <= hi + 1e-9 * (hi - lo) }
      return (lo, hi, inside.map { ($0, formatted($0, significant: 4), nil) })
    case .log10:
      let decades = decadeTicks(Math.pow(10, lo), Math.pow(10, hi), count: 8)
      if fixed == nil { (lo, hi) = (Double(decades.first!), Double(decades.last!)) }
      let inside = decades.filter { Double($0) >= lo - 1e-9 && Double($0) <= hi + 1e-9 }
      return (lo, hi, inside.map { (Double($0), "1e\($0)", $0) })
    }
  }

  // MARK: Drawing

  /// The chart as an SVG document.
  public func svg() -> String { drawing().document }

  /// The chart's SVG elements; with `origin`, as a nested `<svg>` at that point.
  func drawing(origin: (x: Double, y: Double)? = nil) -> SVGBuilder {
    let xAxis = axis(series.flatMap(\.xs), xScale, xRange)
    let yAxis = axis(series.flatMap(\.ys), yScale, yRange)
    let (left, right, top, bottom) = (plotLeft, plotRight, plotTop, plotBottom)
    func px(_ t: Double) -> Double { left + Chart.fraction(t, xAxis.lo, xAxis.hi) * (right - left) }
    func py(_ t: Double) -> Double { bottom - Chart.fraction(t, yAxis.lo, yAxis.hi) * (bottom - top) }

    var svg = SVGBuilder(width: width, height: height, title: title, origin: origin)
    // Where the plot area is and what it shows, for a script that redraws a series (GainExplorer):
    // left top right bottom, then x and y ranges (log₁₀ units on a log axis), then the scales.
    let frame = [left, top, right, bottom, xAxis.lo, xAxis.hi, yAxis.lo, yAxis.hi].map(svgNumber)
    svg.raw(
      "<g class=\"plot-frame\" data-frame=\"\(frame.joined(separator: " ")) \(xScale == .log10 ? "log" : "linear") \(yScale == .log10 ? "log" : "linear")\"></g>"
    )
    svg.open("g", "title")
    svg.text(title, width / 2, 26, anchor: "middle", size: 16, weight: "bold")
    svg.close("g")

    // Grid lines at the ticks, light, behind everything.
    svg.open("g", "grid")
    for tick in xAxis.ticks { svg.line(px(tick.position), top, px(tick.position), bottom, stroke: "#e6e6e6") }
    for tick in yAxis.ticks { svg.line(left, py(tick.position), right, py(tick.position), stroke: "#e6e6e6") }
    svg.close("g")

    // Axes: the frame's bottom and left sides, ticks, tick labels, axis labels.
    svg.open("g", "axis x-axis")
    svg.line(left, bottom, right, bottom, stroke: "#333")
    for tick in xAxis.ticks {
      let x = px(tick.position)
      svg.line(x, bottom, x, bottom + 5, stroke: "#333")
      if let e = tick.exponent {
        svg.powerOfTen(e, x, bottom + 19, anchor: "middle")
      } else {
        svg.text(tick.label, x, bottom + 18, anchor: "middle")
      }
    }
    svg.text(xLabel, (left + right) / 2, bottom + 42, anchor: "middle", size: 13)
    svg.close("g")
    svg.open("g", "axis y-axis")
    svg.line(left, top, left, bottom, stroke: "#333")
    for tick in yAxis.ticks {
      let y = py(tick.position)
      svg.line(left - 5, y, left, y, stroke: "#333")
      if let e = tick.exponent {
        svg.powerOfTen(e, left - 8, y + 4, anchor: "end")
      } else {
        svg.text(tick.label, left - 8, y + 4, anchor: "end")
      }
    }
    svg.text(yLabel, 18, (top + bottom) / 2, anchor: "middle", size: 13, rotate: -90)
    svg.close("g")

    // Series, clipped to the plot area.
    svg.raw(
      "<defs><clipPath id=\"\(idPrefix)plot-area\"><rect x=\"\(svgNumber(left))\" y=\"\(svgNumber(top))\" width=\"\(svgNumber(right - left))\" height=\"\(svgNumber(bottom - top))\"/></clipPath></defs>"
    )
    var colors: [String] = []
    for (index, s) in series.enumerated() {
      let color = s.color ?? Chart.palette[index % Chart.palette.count]
      colors.append(color)
      // Clip only when a fixed range can leave points outside; otherwise dots on the
      // frame (the first and last layer) would be cut in half.
      let clip = xRange != nil || yRange != nil ? "clip-path=\"url(#\(idPrefix)plot-area)\" " : ""
      svg.open("g", "series", attributes: "\(clip)data-name=\"\(xmlEscaped(s.name))\"")
      var run: [(Double, Double)] = []
      var dots: [(Double, Double)] = []
      var drewLine = false
      for i in s.xs.indices {
        if let x = Chart.transformed(s.xs[i], xScale), let y = Chart.transformed(s.ys[i], yScale) {
          run.append((px(x), py(y)))
          dots.append((px(x), py(y)))
        } else if s.style != .points {
          if run.count >= 2 { drewLine = true }
          svg.polyline(run, stroke: color, dash: s.dashed ? "6 4" : nil)
          run = []
        }
      }
      if s.style != .points {
        svg.polyline(run, stroke: color, dash: s.dashed ? "6 4" : nil, evenIfEmpty: !drewLine && run.count < 2)
      }
      if s.style != .line {
        for (x, y) in dots { svg.circle(x, y, r: s.style == .points ? 3.5 : 2.5, fill: color) }
      }
      svg.close("g")
    }

    // Legend, in the right margin.
    if series.contains(where: { !$0.name.isEmpty }) {
      svg.open("g", "legend")
      let x = right + 16
      var row = 0
      for (index, s) in series.enumerated() where !s.name.isEmpty {
        let y = top + 8 + Double(row) * 20
        row += 1
        if s.style != .points {
          svg.line(x, y, x + 22, y, stroke: colors[index], width: 2, dash: s.dashed ? "6 4" : nil)
        }
        if s.style != .line { svg.circle(x + 11, y, r: 3.5, fill: colors[index]) }
        svg.text(s.name, x + 28, y + 4)
      }
      svg.close("g")
    }
    return svg
  }

  /// Ten distinct colours (Tableau 10, the default cycle of matplotlib), used in order for
  /// the series of a chart.
  public static let palette: [String] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
  ]
}
