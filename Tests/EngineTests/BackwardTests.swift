import TestSupport
import Testing
@testable import MicrogradEngine

@Suite("backward() semantics")
struct BackwardTests {
  @Test("calling backward twice doubles leaf gradients exactly (micrograd gives 12 for x*x)")
  func doubleBackward() {
    let x = Value(3.0)
    let y = x * x
    y.backward()
    #expect(x.grad == 6)
    y.backward()
    #expect(x.grad == 12)  // leaves accumulate, like PyTorch
    #expect(y.grad == 1)  // the root is reset, not accumulated
  }

  @Test("intermediate gradients are recomputed from zero on each call")
  func intermediatesReset() {
    let x = Value(2.0)
    let h = x * 3
    let y = h * h + h
    y.backward()
    let first = h.grad  // 2h + 1 = 13
    y.backward()
    #expect(first == 13)
    #expect(h.grad == 13)
    #expect(x.grad == 2 * 39)
  }

  @Test("backward on a leaf adds 1 to its gradient")
  func leafRoot() {
    let x = Value(5.0)
    x.backward()
    x.backward()
    #expect(x.grad == 2)
  }

  @Test("a shared subexpression receives the sum of all its parents' contributions")
  func sharedSubexpression() {
    let x = Value(0.5)
    let s = x.tanh()  // used by three parents
    let y = s * s + s.exp() + 2 * s
    y.backward()
    let t = s.data
    let dyds = 2 * t + Math.exp(t) + 2
    expectClose(s.grad, dyds)
    expectClose(x.grad, dyds * (1 - t * t))
  }

  @Test("backward does not change the pending counts it uses (a second graph over the same leaves works)")
  func countsReturnToZero() {
    let a = Value(1.5), b = Value(-0.5)
    let f = (a * b + a).tanh()
    f.backward()
    for node in f.topologicalOrder() { #expect(node.pendingParents == 0) }
    let g = a * 2 + f
    a.grad = 0
    b.grad = 0
    g.backward()
    let t = f.data
    expectClose(a.grad, 2 + (1 - t * t) * (b.data + 1))
  }

  @Test("topological order lists inputs before the nodes computed from them")
  func topologicalOrder() {
    let a = Value(1.0), b = Value(2.0)
    let c = a * b
    let d = c + a
    let e = d * c
    let order = e.topologicalOrder()
    #expect(order.count == 5)
    let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { (ObjectIdentifier($1), $0) })
    for node in order {
      for child in node.children {
        #expect(position[ObjectIdentifier(child)]! < position[ObjectIdentifier(node)]!)
      }
    }
    #expect(order.last === e)
  }
}

@Suite("Numerical stability")
struct StabilityTests {
  @Test("sigmoid and softplus are finite at ±1000, with the right limits", arguments: [-1000.0, 1000.0])
  func extremes(_ x: Double) {
    let s = Value(x).sigmoid()
    #expect(s.data.isFinite)
    #expect(s.data == (x > 0 ? 1 : 0))
    let p = Value(x)
    let sp = p.softplus()
    sp.backward()
    #expect(sp.data == (x > 0 ? x : 0))
    #expect(p.grad == (x > 0 ? 1 : 0))
  }

  @Test("sigmoid keeps precision far into the negative tail: σ(-40) ≈ e^-40")
  func sigmoidTail() {
    expectClose(Value(-40).sigmoid().data, Math.exp(-40), .relative(1e-15))
  }

  @Test("tanh saturates to exactly ±1 without overflow and its gradient vanishes")
  func tanhSaturation() {
    let x = Value(1000)
    let t = x.tanh()
    t.backward()
    #expect(t.data == 1)
    #expect(x.grad == 0)
  }

  @Test("math domain errors follow IEEE: log(-1) is NaN, log(0) is -inf, 1/0 is inf — no crash")
  func ieee() {
    #expect(Value(-1).log().data.isNaN)
    #expect(Value(0).log().data == -.infinity)
    #expect((1.0 / Value(0)).data == .infinity)
    #expect(Value(-4).sqrt().data.isNaN)
  }
}
