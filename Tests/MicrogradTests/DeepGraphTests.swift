import Testing
@testable import Micrograd

@Suite("Deep graphs and memory")
struct DeepGraphTests {
  @Test("a chain of 1,000,000 nodes runs backward and is released without overflowing the stack")
  func millionNodeChain() {
    let depth = 1_000_000
    let x = Value(0.5)
    weak var deepest: Value?
    do {
      let one = 1.0
      var y = x * one
      deepest = y
      for _ in 1..<depth { y = y + one }
      y.backward()
      #expect(y.data == 0.5 + Double(depth - 1))
      #expect(x.grad == 1)
    }
    // The chain is dropped when `y` goes out of scope above: no recursion, no crash.
    #expect(deepest == nil)
    #expect(x.grad == 1)
  }

  @Test("a deep chain of unary activations backpropagates the product of local slopes")
  func deepTanhChain() {
    let x = Value(0.1)
    var y = x
    for _ in 0..<100_000 { y = (y * 1.0).tanh() }
    y.backward()
    #expect(x.grad > 0 && x.grad < 1)
  }

  @Test("dropping the root and the leaves frees every node of the graph (no retain cycles)")
  func noRetainCycles() {
    var weakNodes: [WeakBox] = []
    do {
      let a = Value(1.5), b = Value(-2.0)
      let c = a * b + a
      let d = c.tanh() * c + Value.dot([a, b, c], [c, c, b]) + Value.sum([a, a, c])
      let e = d.pow(2).exp().log() / (d.sigmoid() + 1.0)
      e.backward()
      weakNodes = e.topologicalOrder().map(WeakBox.init)
      #expect(weakNodes.count > 10)
      #expect(weakNodes.allSatisfy { $0.value != nil })
    }
    #expect(weakNodes.allSatisfy { $0.value == nil })
  }

  @Test("nodes still held elsewhere survive when a graph that uses them is released")
  func sharedNodesSurvive() {
    let three = 3.0, one = 1.0
    let shared = Value(2.0) * three
    do {
      var y = shared
      for _ in 0..<1000 { y = y + one }
      #expect(y.data == 1006)
    }
    #expect(shared.data == 6)
    #expect(shared.children.count == 1)
  }

  final class WeakBox {
    weak var value: Value?
    init(_ value: Value) { self.value = value }
  }
}

@Suite("Constants and literals")
struct ConstantTests {
  @Test("a Double operand is folded into the op: one node with one input")
  func doubleConstant() {
    let x = Value(2.0), c = 3.0
    for y in [x + c, c + x, x - c, c - x, x * c, c * x, x / c, c / x] {
      #expect(y.children.count == 1)
      #expect(y.children[0] === x)
    }
  }

  @Test("a literal next to a Value becomes a leaf, as in micrograd")
  func literalLeaf() {
    let x = Value(2.0)
    let y = x * 3
    #expect(y.children.count == 2)
    #expect(y.children[1].isLeaf && y.children[1].data == 3)
    let z: Value = 2.5
    #expect(z.data == 2.5 && z.isLeaf)
  }
}
