import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// A value's graph drawn as SVG the way micrograd's `draw_dot` draws it with Graphviz, with no
/// Graphviz: a record per value (label | data | grad), an oval per op between a value and its
/// inputs, left to right from the inputs to the output.
///
/// ```swift
/// let o = (x1 * w1 + x2 * w2 + b).tanh()
/// let before = try GraphDrawing(of: o, title: "before backward()")   // every grad 0
/// o.backward()
/// try GraphDrawing(of: o, title: "after backward()").write(to: "out/neuron.svg")
/// ```
///
/// A drawing is a snapshot: its records show `data` and `grad` as they were when it was made.
/// A value used by several others is drawn once, with an arrow to each op that uses it, and an
/// op with a constant shows it (`/ 4.0`, `** 3.0`), as `Value.graphviz()` does. The layout is
/// `LayeredLayout`'s (the method of Graphviz's `dot`, in small); it stays readable to a few
/// hundred values, and a larger graph is not drawn: `TooLarge` says how large it is (draw a
/// part of it, or use `graphviz()` and Graphviz).
///
/// The SVG's parts have classes a test or a stylesheet can find: `value`, `op`, `edge`.
public struct GraphDrawing: Sendable, SVGFigure {
  /// The graph has more values than a drawing shows legibly.
  public struct TooLarge: Error, CustomStringConvertible, Sendable {
    /// How many values the graph has.
    let values: Int
    /// The most a drawing takes, `GraphDrawing.maximumValues`.
    let limit: Int
    /// "GraphDrawing: the graph has 1201 values; a drawing shows at most 500 …".
    public var description: String {
      "GraphDrawing: the graph has \(values) values; a drawing shows at most \(limit) (draw a smaller part of it, "
        + "or render Value.graphviz() with Graphviz)"
    }
  }

  /// The most values a drawing takes: beyond a few hundred, boxes and arrows stop being legible.
  static let maximumValues = 500

  /// What one node of the drawing shows.
  enum Node: Sendable {
    /// A value's record: its label (if any), then "data …", "grad …".
    case value(fields: [String], labelled: Bool)
    /// An op: its name, with its constant if it has one.
    case op(String)
  }

  /// The title above the graph (none if empty).
  let title: String
  /// The values first (inputs before what is computed from them, the output last), then one op
  /// per computed value.
  let nodes: [Node]
  /// Who points at whom: an input at the op that uses it, an op at the value it makes.
  let edges: [(Int, Int)]
  /// Where everything goes.
  let layout: LayeredLayout

  /// The graph below `root` (every value it was computed from), with `data` and `grad` to
  /// `decimals` digits after the point.
  ///
  /// - Throws: `TooLarge` when the graph has more than `maximumValues` values.
  /// - Precondition: `decimals` in 0...17.
  public init(of root: Value, title: String = "", decimals: Int = 4) throws(TooLarge) {
    require((0...17).contains(decimals), "GraphDrawing: decimals must be in 0...17 (got \(decimals))")
    let count = Self.count(below: root)
    guard count <= Self.maximumValues else { throw TooLarge(values: count, limit: Self.maximumValues) }
    let values = Self.inputsFirst(below: root)
    var index: [ObjectIdentifier: Int] = [:]
    for (i, value) in values.enumerated() { index[ObjectIdentifier(value)] = i }
    var nodes: [Node] = values.map { value in
      let numbers = [
        "data " + formatted(value.data, decimals: decimals), "grad " + formatted(value.grad, decimals: decimals),
      ]
      return .value(fields: (value.label.map { [$0] } ?? []) + numbers, labelled: value.label != nil)
    }
    var edges: [(Int, Int)] = []
    for (i, value) in values.enumerated() where !value.isLeaf {
      let op = nodes.count
      nodes.append(.op(value.opLabel))
      var seen: [Int] = []  // `x * x` draws one arrow from x
      for child in value.children {
        let c = index[ObjectIdentifier(child)]!
        if !seen.contains(c) {
          seen.append(c)
          edges.append((c, op))
        }
      }
      edges.append((op, i))
    }
    self.title = title
    self.nodes = nodes
    self.edges = edges
    layout = LayeredLayout(sizes: nodes.map(Self.size), edges: edges)
  }

  /// The number of values below `root`, each counted once, without recursion.
  static func count(below root: Value) -> Int {
    var seen: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
    var stack = [root]
    while let value = stack.popLast() {
      for child in value.children where seen.insert(ObjectIdentifier(child)).inserted { stack.append(child) }
    }
    return seen.count
  }

  /// The values below `root`, each once, every value after its inputs (depth first, inputs in
  /// order, without recursion): the order of a forward pass.
  static func inputsFirst(below root: Value) -> [Value] {
    var order: [Value] = []
    var stack: [(value: Value, children: [Value], next: Int)] = [(root, root.children, 0)]
    var entered: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
    while !stack.isEmpty {
      let top = stack.count - 1
      if stack[top].next < stack[top].children.count {
        let child = stack[top].children[stack[top].next]
        stack[top].next += 1
        if entered.insert(ObjectIdentifier(child)).inserted { stack.append((child, child.children, 0)) }
      } else {
        order.append(stack.removeLast().value)
      }
    }
    return order
  }

  // MARK: Drawing

  /// Characters are drawn in a monospaced font, so a field's width is known: 12 px type.
  static let characterWidth = 7.3, fieldPadding = 9.0, recordHeight = 26.0, opHeight = 26.0
  static let font = "ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace"

  /// The width of each field of a record.
  static func fieldWidths(_ fields: [String]) -> [Double] {
    fields.map { Double($0.count) * characterWidth + 2 * fieldPadding }
  }

  /// The box a node needs.
  static func size(_ node: Node) -> (width: Double, height: Double) {
    switch node {
    case .value(let fields, _): (fieldWidths(fields).reduce(0, +), recordHeight)
    case .op(let name): (Swift.max(38, Double(name.count) * characterWidth + 26), opHeight)
    }
  }

  /// The graph as an SVG document.
  public func svg() -> String {
    let margin = 12.0
    let top = title.isEmpty ? margin : 40
    let (left, width) = (margin, layout.width + 2 * margin)
    var svg = SVGBuilder(
      width: Swift.max(width, Double(title.count) * 8.5 + 2 * margin), height: layout.height + top + margin,
      title: title.isEmpty ? "The graph of a Value" : title)
    if !title.isEmpty {
      svg.open("g", "title")
      svg.text(title, margin, 26, size: 15, weight: "bold")
      svg.close("g")
    }
    svg.raw(
      "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>"
    )
    svg.open("g", "graph", attributes: "font-family=\"\(Self.font)\"")
    for path in layout.paths { svg.raw(edge(path, dx: left, dy: top)) }
    for (i, node) in nodes.enumerated() {
      let (cx, cy) = (layout.x[i] + left, layout.y[i] + top)
      let (w, h) = (layout.widths[i], layout.heights[i])
      switch node {
      case .value(let fields, let labelled):
        svg.open("g", "value")
        svg.rect(cx - w / 2, cy - h / 2, w, h, fill: "#ffffff", stroke: "#444")
        var x = cx - w / 2
        for (f, (field, fieldWidth)) in zip(fields, Self.fieldWidths(fields)).enumerated() {
          if f > 0 { svg.line(x, cy - h / 2, x, cy + h / 2, stroke: "#444") }
          if f == 0 && labelled { svg.rect(x + 0.5, cy - h / 2 + 0.5, fieldWidth - 1, h - 1, fill: "#e8eef8") }
          svg.text(field, x + fieldWidth / 2, cy + 4, anchor: "middle", weight: f == 0 && labelled ? "bold" : nil)
          x += fieldWidth
        }
        svg.close("g")
      case .op(let name):
        svg.open("g", "op")
        svg.raw(
          "<ellipse cx=\"\(svgNumber(cx))\" cy=\"\(svgNumber(cy))\" rx=\"\(svgNumber(w / 2))\" ry=\"\(svgNumber(h / 2))\" fill=\"#f4f1e8\" stroke=\"#444\"/>"
        )
        svg.text(name, cx, cy + 4, anchor: "middle")
        svg.close("g")
      }
    }
    svg.close("g")
    return svg.document
  }

  /// One arrow: from the right side of its source, straight through the columns it skips, to
  /// the left side of its target, in S-curves between columns.
  private func edge(_ path: [Int], dx: Double, dy: Double) -> String {
    var points: [(Double, Double)] = []
    for (k, node) in path.enumerated() {
      let y = layout.y[node] + dy
      if k == 0 {
        points.append((layout.x[node] + layout.widths[node] / 2 + dx, y))
      } else if k == path.count - 1 {
        points.append((layout.x[node] - layout.widths[node] / 2 + dx, y))
      } else {
        let c = layout.column[node]
        points.append((layout.columnLeft[c] + dx, y))
        points.append((layout.columnLeft[c] + layout.columnWidth[c] + dx, y))
      }
    }
    var d = "M\(svgNumber(points[0].0)),\(svgNumber(points[0].1))"
    for (p, q) in zip(points, points.dropFirst()) {
      let middle = (p.0 + q.0) / 2
      d +=
        " C\(svgNumber(middle)),\(svgNumber(p.1)) \(svgNumber(middle)),\(svgNumber(q.1)) \(svgNumber(q.0)),\(svgNumber(q.1))"
    }
    return
      "<path class=\"edge\" d=\"\(d)\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\"/>"
  }
}
