import TestSupport
import Testing
@testable import MicrogradEngine

/// micrograd's own examples, with the values its README, tests and lecture give
/// (from karpathy/micrograd's README and tests). All are exact rationals or one library call, so we ask for 1e-12.
@Suite("micrograd's golden values")
struct MicrogradGoldenTests {
  @Test("the README expression: g = 24.7041, a.grad = 138.8338, b.grad = 645.5773")
  func readmeExpression() {
    let a = Value(-4.0)
    let b = Value(2.0)
    var c = a + b
    var d = a * b + b.pow(3)
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    let e = c - d
    let f = e.pow(2)
    var g = f / 2.0
    g += 10.0 / f
    g.backward()
    expectClose(g.data, 2421.0 / 98)
    expectClose(a.grad, 47620.0 / 343)
    expectClose(b.grad, 221433.0 / 343)
  }

  @Test("the sanity check: y = -20, x.grad = 46")
  func sanityCheck() {
    let x = Value(-4.0)
    let z = 2 * x + 2 + x
    let q = z.relu() + z * x
    let h = (z * z).relu()
    let y = h + q + q * x
    y.backward()
    expectClose(y.data, -20)
    expectClose(x.grad, 46)
  }

  @Test("the lecture neuron: o = tanh(x1·w1 + x2·w2 + b) = 1/√2")
  func lectureNeuron() {
    let x1 = Value(2.0), x2 = Value(0.0), w1 = Value(-3.0), w2 = Value(1.0)
    let b = Value(6.8813735870195432)
    let o = (x1 * w1 + x2 * w2 + b).tanh()
    o.backward()
    expectClose(o.data, 0.7071067811865476)
    expectClose(x1.grad, -1.5)
    expectClose(w1.grad, 1.0)
    expectClose(x2.grad, 0.5)
    expectClose(w2.grad, 0.0)
    expectClose(b.grad, 0.5)
  }

  @Test("the lecture neuron with tanh composed from exp gives the same gradients")
  func lectureNeuronThroughExp() {
    let x1 = Value(2.0), x2 = Value(0.0), w1 = Value(-3.0), w2 = Value(1.0)
    let b = Value(6.8813735870195432)
    let n = x1 * w1 + x2 * w2 + b
    let e = (2 * n).exp()
    let o = (e - 1) / (e + 1)
    o.backward()
    expectClose(o.data, 0.7071067811865476)
    expectClose(x1.grad, -1.5)
    expectClose(w1.grad, 1.0)
    expectClose(x2.grad, 0.5)
  }

  @Test("a node used twice gets both contributions: b = a + a gives a.grad = 2")
  func aPlusA() {
    let a = Value(3.0)
    let b = a + a
    b.backward()
    expectClose(b.data, 6)
    expectClose(a.grad, 2)
  }

  @Test("f = (a·b)·(a+b) with a = -2, b = 3: f = -6, a.grad = -3, b.grad = -8")
  func productOfSumAndProduct() {
    let a = Value(-2.0), b = Value(3.0)
    let f = (a * b) * (a + b)
    f.backward()
    expectClose(f.data, -6)
    expectClose(a.grad, -3)
    expectClose(b.grad, -8)
  }
}
