import ExampleSupport
import Micrograd

/// An SVG of a 2-D classifier: the plane coloured by the predicted class (light blue for
/// −1, light red for +1), the data points on top. Each row of the grid is drawn as runs of
/// equal colour, so the file stays small however fine the grid.
func decisionBoundarySVG(
  data: Dataset, box: (xMin: Double, xMax: Double, yMin: Double, yMax: Double),
  resolution: (columns: Int, rows: Int), score: (Double, Double) -> Double, title: String
) -> String {
  let width = 640.0, height = 400.0, top = 30.0
  let cellW = width / Double(resolution.columns), cellH = height / Double(resolution.rows)
  func px(_ x: Double) -> Double { (x - box.xMin) / (box.xMax - box.xMin) * width }
  func py(_ y: Double) -> Double { top + (box.yMax - y) / (box.yMax - box.yMin) * height }
  func f(_ v: Double) -> String { formatted(v, decimals: 1) }

  var svg = """
    <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height + top))" \
    viewBox="0 0 \(Int(width)) \(Int(height + top))" font-family="sans-serif">
    <rect width="100%" height="100%" fill="white"/>
    <text x="\(f(width / 2))" y="20" font-size="13" text-anchor="middle">\(title)</text>

    """
  for r in 0..<resolution.rows {
    let y = box.yMax - (Double(r) + 0.5) / Double(resolution.rows) * (box.yMax - box.yMin)
    var runStart = 0
    var runPositive = false
    for c in 0...resolution.columns {
      let positive: Bool
      if c < resolution.columns {
        let x = box.xMin + (Double(c) + 0.5) / Double(resolution.columns) * (box.xMax - box.xMin)
        positive = score(x, y) > 0
      } else {
        positive = !runPositive  // close the last run
      }
      if c == 0 { runPositive = positive }
      if positive != runPositive {
        let color = runPositive ? "#f6c6c0" : "#c3d9f0"
        svg +=
          "<rect x=\"\(f(Double(runStart) * cellW))\" y=\"\(f(top + Double(r) * cellH))\" "
          + "width=\"\(f(Double(c - runStart) * cellW + 0.5))\" height=\"\(f(cellH + 0.5))\" fill=\"\(color)\"/>\n"
        runStart = c
        runPositive = positive
      }
    }
  }
  for (p, label) in zip(data.inputs, data.labels) {
    let color = label > 0 ? "#c0392b" : "#1f5fa8"
    svg +=
      "<circle cx=\"\(f(px(p[0])))\" cy=\"\(f(py(p[1])))\" r=\"4\" fill=\"\(color)\" stroke=\"white\" stroke-width=\"1\"/>\n"
  }
  svg += "</svg>\n"
  return svg
}
