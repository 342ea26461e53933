/// Drawing the graph: a Graphviz DOT description, like micrograd's `draw_dot`.
extension Value {
  /// The graph below this value in Graphviz's DOT language.
  ///
  /// Each value is a record `{ label | data … | grad … }`; each operation is a small
  /// ellipse between its inputs and its output, as in micrograd's `draw_dot`.
  /// Render it with `dot -Tsvg graph.dot -o graph.svg`.
  ///
  /// - Parameters:
  ///   - rankdir: `"LR"` (left to right, the default) or `"TB"` (top to bottom).
  ///   - decimals: digits after the point for `data` and `grad`.
  public func graphviz(rankdir: String = "LR", decimals: Int = 4) -> String {
    let nodes = topologicalOrder()
    var index: [ObjectIdentifier: Int] = [:]
    for (i, node) in nodes.enumerated() { index[ObjectIdentifier(node)] = i }

    var lines = ["digraph Value {", "  rankdir=\(rankdir);", "  node [fontname=\"Helvetica\"];"]
    for (i, node) in nodes.enumerated() {
      let name = node.label.map(escaped) ?? ""
      let data = formatted(node.data, decimals: decimals)
      let grad = formatted(node.grad, decimals: decimals)
      lines.append("  v\(i) [shape=record, label=\"{ \(name) | data \(data) | grad \(grad) }\"];")
      if !node.isLeaf {
        lines.append("  v\(i)op [shape=ellipse, label=\"\(escaped(node.op.rawValue))\"];")
        lines.append("  v\(i)op -> v\(i);")
        node.forEachChild { child in
          lines.append("  v\(index[ObjectIdentifier(child)]!) -> v\(i)op;")
        }
      }
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }
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
