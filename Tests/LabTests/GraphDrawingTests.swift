import Foundation
import MicrogradEngine
import MicrogradNN
import Testing

@testable import MicrogradLab

@Suite("Drawing a Value's graph: micrograd's draw_dot without Graphviz")
struct GraphDrawingTests {
  /// The lecture neuron, o = tanh(x1·w1 + x2·w2 + b), with its labels.
  static func lectureNeuron() -> Value {
    let x1 = Value(2.0, label: "x1"), x2 = Value(0.0, label: "x2")
    let w1 = Value(-3.0, label: "w1"), w2 = Value(1.0, label: "w2")
    let b = Value(6.8813735870195432, label: "b")
    let n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    let o = n.tanh()
    o.label = "o"
    return o
  }

  /// A two-layer tanh network on one point, summed: a graph of a few hundred values.
  static func network(width: Int, seed: UInt64) -> Value {
    var rng = SplitMix64(seed: seed)
    let mlp = MLP(
      inputs: 3, sizes: [width, width, 1], activation: .tanh, initializer: .xavierNormal(gain: 1), using: &rng)
    return mlp([Value(0.5), Value(-1), Value(2)])[0]
  }

  /// How often `text` occurs in `svg`.
  func occurrences(_ text: String, in svg: String) -> Int { svg.components(separatedBy: text).count - 1 }

  @Test("the lecture neuron: 10 records, 5 ops, 14 arrows, and data and grad in every record")
  func lectureNeuronCounts() throws {
    let o = Self.lectureNeuron()
    o.backward()
    let svg = try GraphDrawing(of: o).svg()
    #expect(occurrences("<g class=\"value\">", in: svg) == 10)
    #expect(occurrences("<g class=\"op\">", in: svg) == 5)
    // 2 inputs into each *, 2 into each +, 1 into tanh; and each op into its value.
    #expect(occurrences("class=\"edge\"", in: svg) == 2 + 2 + 2 + 2 + 1 + 5)
    #expect(svg.contains(">data 0.7071<") && svg.contains(">grad 1.0000<") && svg.contains(">grad -1.5000<"))
    #expect(svg.contains(">tanh<") && svg.contains(">x1<"))
    #expect(parsedSVG(svg) != nil)
  }

  @Test("a value used twice is drawn once, with one arrow to each op that uses it")
  func sharedValue() throws {
    let x = Value(3.0, label: "x")
    let y = x * x + x  // x into *, x into +
    let drawing = try GraphDrawing(of: y)
    let svg = drawing.svg()
    #expect(occurrences(">x<", in: svg) == 1)
    #expect(occurrences("<g class=\"value\">", in: svg) == 3)
    #expect(drawing.edges.count == 5)  // x→*, *→x·x, x·x→+, x→+, +→y
  }

  @Test("an op with a constant shows it, as Value.graphviz() does", arguments: [("/ 4.0", 0), ("10.0 /", 1)])
  func constants(label: String, which: Int) throws {
    let x = Value(2.0)
    let y = which == 0 ? x / 4.0 : 10.0 / x
    #expect(try GraphDrawing(of: y).svg().contains(">\(label)<"))
  }

  @Test("labels and the title are escaped")
  func escaping() throws {
    let x = Value(1, label: "<a & b>")
    let svg = try GraphDrawing(of: x.relu(), title: "\"t\" < 1").svg()
    #expect(svg.contains("&lt;a &amp; b&gt;") && !svg.contains("<a & b>"))
    #expect(parsedSVG(svg) != nil)
  }

  @Test("no two boxes of a column overlap, and columns do not overlap", arguments: [(4, UInt64(1)), (9, 2), (12, 3)])
  func noOverlap(width: Int, seed: UInt64) throws {
    let root = Self.network(width: width, seed: seed)
    let layout = try GraphDrawing(of: root).layout
    for nodes in layout.columns {
      let spans = nodes.map { (layout.y[$0] - layout.heights[$0] / 2, layout.y[$0] + layout.heights[$0] / 2) }
      for (above, below) in zip(spans, spans.dropFirst()) { #expect(above.1 < below.0) }
    }
    for (c, nodes) in layout.columns.enumerated() {
      for node in nodes where layout.widths[node] > 0 {
        #expect(layout.x[node] - layout.widths[node] / 2 >= layout.columnLeft[c] - 1e-9)
        #expect(layout.x[node] + layout.widths[node] / 2 <= layout.columnLeft[c] + layout.columnWidth[c] + 1e-9)
      }
    }
    for (a, b) in zip(layout.columnLeft, layout.columnLeft.dropFirst()) { #expect(a < b) }
  }

  @Test("every edge joins neighbouring columns, left to right, through one placeholder per column it skips")
  func edgesGoRight() throws {
    let layout = try GraphDrawing(of: Self.network(width: 6, seed: 4)).layout
    for path in layout.paths {
      for (u, v) in zip(path, path.dropFirst()) { #expect(layout.column[v] == layout.column[u] + 1) }
    }
  }

  @Test("the barycenter sweeps leave the lecture neuron without a crossing, and never add crossings")
  func crossings() throws {
    #expect(try GraphDrawing(of: Self.lectureNeuron()).layout.crossings() == 0)
    // The sweeps start from the given order; they keep it if nothing they find is better.
    let edges = [(0, 3), (1, 2), (2, 4), (3, 4)]
    let sizes = [(width: 10.0, height: 10.0), (10, 10), (10, 10), (10, 10), (10, 10)]
    #expect(LayeredLayout(sizes: sizes, edges: edges, sweeps: 0).crossings() == 1)
    #expect(LayeredLayout(sizes: sizes, edges: edges).crossings() == 0)
  }

  @Test("an input sits just left of the op that uses it, not in the first column")
  func inputsBesideTheirOp() throws {
    // n = (x1·w1 + x2·w2) + b: b is two columns right of x1.
    let layout = try GraphDrawing(of: Self.lectureNeuron()).layout
    #expect(LayeredLayout.columns(count: 4, edges: [(0, 1), (1, 2), (3, 2)]) == [0, 1, 2, 1])
    #expect(layout.columns.count == 9)  // x·w, *, products, +, sum and b, +, n, tanh, o
  }

  @Test("the same graph gives the same SVG, byte for byte, however often it is built")
  func deterministic() throws {
    let a = try GraphDrawing(of: Self.network(width: 8, seed: 7), title: "t").svg()
    let b = try GraphDrawing(of: Self.network(width: 8, seed: 7), title: "t").svg()
    #expect(a == b)
  }

  @Test("a graph of more than 500 values throws TooLarge, naming its size and the limit")
  func tooLarge() throws {
    var chain = Value(1)
    for _ in 0..<600 { chain = chain * 1.0001 }
    #expect(throws: GraphDrawing.TooLarge.self) { try GraphDrawing(of: chain) }
    do {
      _ = try GraphDrawing(of: chain)
    } catch {
      #expect(error.values == 601 && error.limit == 500)
      #expect(error.description.contains("601") && error.description.contains("500"))
    }
    var fits = Value(1)
    for _ in 0..<499 { fits = fits + 1 }
    #expect(throws: Never.self) { try GraphDrawing(of: fits) }
  }

  @Test("a few hundred values: drawn, every record inside the picture")
  func severalHundred() throws {
    let root = Self.network(width: 12, seed: 1)
    let count = GraphDrawing.count(below: root)
    #expect((200...500).contains(count))
    let drawing = try GraphDrawing(of: root)
    let layout = drawing.layout
    for node in 0..<layout.count {
      #expect(layout.y[node] - layout.heights[node] / 2 >= -1e-9)
      #expect(layout.y[node] + layout.heights[node] / 2 <= layout.height + 1e-9)
    }
  }
}
