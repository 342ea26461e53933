import MicrogradEngine
import MicrogradSupport

/// Drawing the graph: a Graphviz DOT description, like micrograd's `draw_dot`.
extension Value {
  /// The graph below this value in Graphviz's DOT language.
  ///
  /// Each value is a record `{ label | data … | grad … }`; each operation is a small
  /// ellipse between its inputs and its output, as in micrograd's `draw_dot`.
  /// Render it with `dot -Tsvg graph.dot -o graph.svg`.
  ///
  /// An op with a constant shows it: `x / 4` draws `/ 4.0`, `10 / x` draws `10.0 /`, and
  /// `x ** 3` draws `** 3.0`.
  ///
  /// - Parameters:
  ///   - direction: left to right (the default, like micrograd's) or top to bottom.
  ///   - decimals: digits after the point for `data` and `grad`, 0…17.
  public func graphviz(direction: GraphDirection = .leftToRight, decimals: Int = 4) -> String {
    require(
      (0...17).contains(decimals), "Value.graphviz: decimals must be in 0...17 (got \(decimals))")
    let nodes = topologicalOrder()
    var index: [ObjectIdentifier: Int] = [:]
    for (i, node) in nodes.enumerated() { index[ObjectIdentifier(node)] = i }

    var lines = ["digraph Value {", "  rankdir=\(direction.rawValue);", "  node [fontname=\"Helvetica\"];"]
    for (i, node) in nodes.enumerated() {
      let name = node.label.map(escaped) ?? ""
      let data = formatted(node.data, decimals: decimals)
      let grad = formatted(node.grad, decimals: decimals)
      lines.append("  v\(i) [shape=record, label=\"{ \(name) | data \(data) | grad \(grad) }\"];")
      if !node.isLeaf {
        lines.append("  v\(i)op [shape=ellipse, label=\"\(escaped(node.opLabel))\"];")
        lines.append("  v\(i)op -> v\(i);")
        for child in node.children {
          lines.append("  v\(index[ObjectIdentifier(child)]!) -> v\(i)op;")
        }
      }
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }
}

/// Which way a drawn graph flows (Graphviz's `rankdir`).
public enum GraphDirection: String, Sendable {
  /// Inputs on the left, the output on the right (`rankdir=LR`).
  case leftToRight = "LR"
  /// Inputs at the top, the output at the bottom (`rankdir=TB`).
  case topToBottom = "TB"
}

/// Escapes the characters that are special inside a DOT record label.
private func escaped(_ text: String) -> String {
  var result = ""
  for c in text {
    if "{}|<>\"\\".contains(c) { result.append("\\") }
    result.append(c)
  }
  return result
}
