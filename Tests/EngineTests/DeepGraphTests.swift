import TestSupport
import Testing
@testable import MicrogradEngine

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

  @Test("a literal or a temporary leaf next to a Value is folded into the op: one node, one input")
  func literalFolded() {
    let x = Value(2.0)
    let results: [(Value, Double)] = [
      (x + 1, 3), (1 + x, 3), (x - 1.5, 0.5), (3 - x, 1), (x * 3, 6), (3 * x, 6), (x / 4, 0.5), (4 / x, 2),
      (x * Value(3), 6),
    ]
    for (y, expected) in results {
      #expect(y.data == expected)
      #expect(y.children.count == 1 && y.children[0] === x)
    }
    var z = x
    z += 1.0
    #expect(z.children.count == 1)
  }

  @Test("a Value someone still holds is never folded, even one made from a literal: it gets its gradient")
  func heldValuesAreNodes() {
    let x = Value(2.0)
    let w: Value = 0.5
    let y = w * x
    y.backward()
    #expect(y.children.count == 2)
    #expect(w.grad == 2 && x.grad == 0.5)
    let square = x * x
    #expect(square.children.count == 2)
  }

}
