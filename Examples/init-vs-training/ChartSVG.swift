import Foundation
import ExampleSupport
import Micrograd

/// One line of a chart: a name, a colour and y values at x = xs.
struct Series {
  var name: String
  var color: String
  var xs: [Double]
  var ys: [Double]
}

/// Small multiples: one panel per (title, series) side by side, a shared legend below.
/// `logY` panels plot log10(y) with labelled powers of ten.
func panelsSVG(title: String, panels: [(title: String, series: [Series], logY: Bool)]) -> String {
  let panelW = 300.0, panelH = 220.0, left = 50.0, gap = 60.0, top = 50.0
  let width = left + Double(panels.count) * (panelW + gap)
  let legendY = top + panelH + 45
  let height = legendY + 20
  func f(_ v: Double) -> String { formatted(v, decimals: 1) }
  var svg = """
    <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
    viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="11">
    <rect width="100%" height="100%" fill="white"/>
    <text x="\(f(width / 2))" y="20" font-size="14" text-anchor="middle">\(title)</text>

    """
  for (p, panel) in panels.enumerated() {
    let x0 = left + Double(p) * (panelW + gap)
    let transform: (Double) -> Double = panel.logY ? { log10(max($0, 1e-12)) } : { $0 }
    let allX = panel.series.flatMap(\.xs), allY = panel.series.flatMap { $0.ys.map(transform) }
    let (xMin, xMax) = (allX.min()!, allX.max()!)
    var (yMin, yMax) = (allY.min()!, allY.max()!)
    if panel.logY { yMin = yMin.rounded(.down); yMax = yMax.rounded(.up) }
    if yMax - yMin < 1e-9 { yMax = yMin + 1 }
    func px(_ x: Double) -> Double { x0 + (x - xMin) / (xMax - xMin) * panelW }
    func py(_ y: Double) -> Double { top + (yMax - y) / (yMax - yMin) * panelH }
    svg +=
      "<text x=\"\(f(x0 + panelW / 2))\" y=\"\(f(top - 10))\" font-size=\"12\" text-anchor=\"middle\">\(panel.title)</text>\n"
    svg +=
      "<rect x=\"\(f(x0))\" y=\"\(f(top))\" width=\"\(f(panelW))\" height=\"\(f(panelH))\" fill=\"none\" stroke=\"#999\"/>\n"
    // y ticks: powers of ten on log panels, 5 even ticks otherwise.
    let ticks: [Double] =
      panel.logY
      ? Array(stride(from: yMin, through: yMax, by: 1)) : (0...4).map { yMin + Double($0) / 4 * (yMax - yMin) }
    for t in ticks {
      let label = panel.logY ? "1e\(Int(t))" : formatted(t, significant: 3)
      svg += "<line x1=\"\(f(x0))\" x2=\"\(f(x0 + panelW))\" y1=\"\(f(py(t)))\" y2=\"\(f(py(t)))\" stroke=\"#eee\"/>\n"
      svg += "<text x=\"\(f(x0 - 4))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(label)</text>\n"
    }
    svg +=
      "<text x=\"\(f(x0 + panelW / 2))\" y=\"\(f(top + panelH + 16))\" text-anchor=\"middle\">step (0 … \(Int(xMax)))</text>\n"
    for s in panel.series {
      let points = zip(s.xs, s.ys).map { "\(f(px($0))),\(f(py(transform($1))))" }.joined(separator: " ")
      svg += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"1.6\"/>\n"
    }
  }
  if let series = panels.first?.series {
    for (i, s) in series.enumerated() {
      let x = left + Double(i) * (width - left) / Double(series.count)
      svg +=
        "<line x1=\"\(f(x))\" x2=\"\(f(x + 18))\" y1=\"\(f(legendY - 4))\" y2=\"\(f(legendY - 4))\" stroke=\"\(s.color)\" stroke-width=\"3\"/>\n"
      svg += "<text x=\"\(f(x + 22))\" y=\"\(f(legendY))\">\(s.name)</text>\n"
    }
  }
  svg += "</svg>\n"
  return svg
}
