import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// A few helpers for writing SVG as plain text, without Foundation or an XML library.
///
/// An SVG file is XML: text must escape `&`, `<`, `>` and quotes, and numbers must be
/// written in a form every viewer reads (no `nan`, no exponent surprises).

/// `text` with the five XML special characters replaced by entities, safe inside an
/// element or an attribute value: `a < b & "c"` → `a &lt; b &amp; &quot;c&quot;`.
package func xmlEscaped(_ text: String) -> String {
  var result = ""
  result.reserveCapacity(text.count)
  for character in text {
    switch character {
    case "&": result += "&amp;"
    case "<": result += "&lt;"
    case ">": result += "&gt;"
    case "\"": result += "&quot;"
    case "'": result += "&apos;"
    default: result.append(character)
    }
  }
  return result
}

/// A coordinate for an SVG attribute: two decimals, trailing zeros dropped ("12.5", "300").
func svgNumber(_ x: Double) -> String {
  guard x.isFinite else { return "0" }
  var text = formatted(x, decimals: 2)
  if text.contains(".") {
    while text.last == "0" { text.removeLast() }
    if text.last == "." { text.removeLast() }
  }
  return text == "-0" ? "0" : text
}

/// Lines of an SVG document being written, with a helper per element kind.
struct SVGBuilder {
  private(set) var lines: [String] = []

  /// A document `width × height`; with `origin`, a nested `<svg>` placed at that point of
  /// an enclosing document instead.
  init(width: Double, height: Double, title: String, origin: (x: Double, y: Double)? = nil) {
    let root =
      origin.map { "<svg x=\"\(svgNumber($0.x))\" y=\"\(svgNumber($0.y))\"" }
      ?? "<svg xmlns=\"http://www.w3.org/2000/svg\""
    lines.append(
      "\(root) width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\" viewBox=\"0 0 \(svgNumber(width)) \(svgNumber(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">"
    )
    lines.append("<title>\(xmlEscaped(title))</title>")
    lines.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
  }

  mutating func raw(_ line: String) { lines.append(line) }

  mutating func open(_ group: String, _ className: String, attributes: String = "") {
    lines.append("<\(group) class=\"\(xmlEscaped(className))\"\(attributes.isEmpty ? "" : " " + attributes)>")
  }

  mutating func close(_ group: String) { lines.append("</\(group)>") }

  mutating func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: String? = nil
  ) {
    let dashText = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
    lines.append(
      "<line x1=\"\(svgNumber(x1))\" y1=\"\(svgNumber(y1))\" x2=\"\(svgNumber(x2))\" y2=\"\(svgNumber(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(svgNumber(width))\"\(dashText)/>"
    )
  }

  mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil) {
    let strokeText = stroke.map { " stroke=\"\($0)\"" } ?? ""
    lines.append(
      "<rect x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" width=\"\(svgNumber(w))\" height=\"\(svgNumber(h))\" fill=\"\(fill)\"\(strokeText)/>"
    )
  }

  mutating func circle(_ x: Double, _ y: Double, r: Double, fill: String, stroke: String? = nil) {
    let strokeText = stroke.map { " stroke=\"\($0)\"" } ?? ""
    lines.append(
      "<circle cx=\"\(svgNumber(x))\" cy=\"\(svgNumber(y))\" r=\"\(svgNumber(r))\" fill=\"\(fill)\"\(strokeText)/>")
  }

  /// A line through `points`; nothing for fewer than two points unless `evenIfEmpty` (an empty
  /// line keeps a series' colour and style for a script to fill in).
  mutating func polyline(
    _ points: [(Double, Double)], stroke: String, width: Double = 1.5, dash: String? = nil, evenIfEmpty: Bool = false
  ) {
    guard points.count >= 2 || evenIfEmpty else { return }
    let coordinates = points.map { "\(svgNumber($0.0)),\(svgNumber($0.1))" }.joined(separator: " ")
    let dashText = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
    lines.append(
      "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(svgNumber(width))\" stroke-linejoin=\"round\"\(dashText)/>"
    )
  }

  /// Text; `anchor` is start, middle or end; `rotate` turns it about its anchor point.
  mutating func text(
    _ content: String, _ x: Double, _ y: Double, anchor: String = "start", size: Double? = nil,
    weight: String? = nil, rotate: Double? = nil, fill: String = "#222"
  ) {
    var attributes = "x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\""
    if let size { attributes += " font-size=\"\(svgNumber(size))\"" }
    if let weight { attributes += " font-weight=\"\(weight)\"" }
    if let rotate { attributes += " transform=\"rotate(\(svgNumber(rotate)) \(svgNumber(x)) \(svgNumber(y)))\"" }
    lines.append("<text \(attributes)>\(xmlEscaped(content))</text>")
  }

  /// "10" with a raised exponent: a tick label of a log axis.
  mutating func powerOfTen(_ exponent: Int, _ x: Double, _ y: Double, anchor: String) {
    lines.append(
      "<text x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" text-anchor=\"\(anchor)\" fill=\"#222\">10<tspan dy=\"-5\" font-size=\"9\">\(exponent)</tspan></text>"
    )
  }

  /// The finished document.
  var document: String { (lines + ["</svg>"]).joined(separator: "\n") + "\n" }

  /// Adds a finished document (a nested `<svg>`) inside this one.
  mutating func nest(_ other: SVGBuilder) { lines += other.lines + ["</svg>"] }
}
