import Foundation
import MicrogradEngine
import MicrogradLab
import TestSupport
import Testing

/// Vector–Jacobian products and Jacobians: `Value.backward(_:seeds:)` and
/// `Value.jacobian(of:withRespectTo:)`, against PyTorch's `torch.autograd.functional.jacobian`
/// and `torch.autograd.grad` (Fixtures/jacobian.json) and against finite differences.
@Suite("Vector-Jacobian products and Jacobians")
struct JacobianTests {
  struct Fixture: Decodable {
    struct Layer: Decodable {
      var weights: [[Double]]
      var bias: [Double]
      var activation: String
    }
    struct VJP: Decodable {
      var v: [Double]
      var vjp: [Double]
    }
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
      var name: String
      var layers: [Layer]
      var x: [Double]
      var y: [Double]
      var jacobian: [[Double]]
      var vjps: [VJP]
      var first_layer_weight_grad: [[Double]]
      var first_layer_bias_grad: [Double]
      var testDescription: String { name }
    }
    var cases: [Case]
  }

  static let cases: [Fixture.Case] = (try? loadFixture("jacobian.json", from: .module, as: Fixture.self).cases) ?? []

  /// The fixture's network on our engine: each layer one `affine` node per unit, then φ.
  /// Returns the inputs, the first layer's weights and biases (as leaves), and the outputs.
  static func network(_ c: Fixture.Case, at x: [Double]) -> (
    inputs: [Value], weights: [[Value]], biases: [Value], outputs: [Value]
  ) {
    let inputs = x.map { Value($0) }
    var current = inputs
    var firstWeights: [[Value]] = [], firstBiases: [Value] = []
    for (index, layer) in c.layers.enumerated() {
      let w = layer.weights.map { $0.map { Value($0) } }
      let b = layer.bias.map { Value($0) }
      if index == 0 { (firstWeights, firstBiases) = (w, b) }
      current = zip(w, b).map { row, bias in activation(layer.activation, Value.affine(row + [bias], current)) }
    }
    return (inputs, firstWeights, firstBiases, current)
  }

  static func activation(_ name: String, _ u: Value) -> Value {
    switch name {
    case "tanh": u.tanh()
    case "relu": u.relu()
    case "sigmoid": u.sigmoid()
    case "selu": u.selu()
    case "gelu": u.gelu()
    case "softsign": u.softsign()
    default: u
    }
  }

  @Test("the fixture covers several shapes and activations")
  func fixture() throws {
    let fixture = try loadFixture("jacobian.json", from: .module, as: Fixture.self)
    #expect(fixture.cases.count >= 8)
  }

  @Test("outputs, Jacobian, VJPs and the first layer's parameter gradients match PyTorch", arguments: cases)
  func matchesPyTorch(_ c: Fixture.Case) {
    let net = Self.network(c, at: c.x)
    expectClose(net.outputs.map(\.data), c.y, .reference, "outputs")
    let jacobian = Value.jacobian(of: net.outputs, withRespectTo: net.inputs)
    for (i, row) in jacobian.enumerated() { expectClose(row, c.jacobian[i], .reference, "row \(i)") }
    for (k, product) in c.vjps.enumerated() {
      let fresh = Self.network(c, at: c.x)
      Value.backward(fresh.outputs, seeds: product.v)
      expectClose(fresh.inputs.map(\.grad), product.vjp, .reference, "vjp \(k)")
      if k == 0 {
        expectClose(fresh.weights.flatMap { $0.map(\.grad) }, c.first_layer_weight_grad.flatMap { $0 }, .reference)
        expectClose(fresh.biases.map(\.grad), c.first_layer_bias_grad, .reference)
      }
    }
  }

  @Test("each row of the Jacobian agrees with central finite differences", arguments: cases)
  func finiteDifferences(_ c: Fixture.Case) {
    let net = Self.network(c, at: c.x)
    let rows = Value.jacobian(of: net.outputs, withRespectTo: net.inputs)
    let h = 1e-6
    for j in c.x.indices {
      var plus = c.x, minus = c.x
      plus[j] += h
      minus[j] -= h
      let (yPlus, yMinus) = (Self.network(c, at: plus).outputs, Self.network(c, at: minus).outputs)
      for i in rows.indices {
        expectClose(rows[i][j], (yPlus[i].data - yMinus[i].data) / (2 * h), .finiteDifference, "∂y\(i)/∂x\(j)")
      }
    }
  }

  @Test("a VJP is the seed-weighted sum of single backward passes; outputs may repeat and depend on each other")
  func seeds() {
    let x = Value(0.7), y = Value(-1.3)
    let a = (x * y).tanh()
    let b = a * x + y.exp()  // b depends on a
    Value.backward([a, b, a], seeds: [2, -0.5, 1])
    let (gx, gy) = (x.grad, y.grad)
    // By hand: ∂a/∂x = (1 − a²)y, ∂a/∂y = (1 − a²)x, ∂b/∂x = x·∂a/∂x + a, ∂b/∂y = x·∂a/∂y + eʸ.
    let s = 1 - a.data * a.data
    let (dax, day) = (s * y.data, s * x.data)
    expectClose(gx, 3 * dax - 0.5 * (x.data * dax + a.data))
    expectClose(gy, 3 * day - 0.5 * (x.data * day + Math.exp(y.data)))
    expectClose(a.grad, 3 - 0.5 * x.data, .exact, "a's own gradient: its seeds plus b's share")
  }

  @Test("a Jacobian leaves every leaf's gradient as it was; interior inputs work; an unused input has zeros")
  func leavesUntouched() {
    let x = Value(0.3), w = Value(2)
    x.grad = 5
    w.grad = -1
    let h = (w * x).tanh()
    let outputs = [h * h, h + x]
    let unrelated = Value(4)
    let rows = Value.jacobian(of: outputs, withRespectTo: [x, h, unrelated])
    #expect(x.grad == 5 && w.grad == -1)
    let s = 1 - h.data * h.data
    expectClose(rows[0], [2 * h.data * s * w.data, 2 * h.data, 0])
    expectClose(rows[1], [s * w.data + 1, 1, 0])
  }

  @Test("backward() is the one-output, seed-1 case")
  func backwardIsTheSpecialCase() {
    let x = Value(1.5)
    let y = (x * x).sin2()
    y.backward()
    let viaSeeds = Value(1.5)
    Value.backward([(viaSeeds * viaSeeds).sin2()], seeds: [1])
    #expect(x.grad == viaSeeds.grad)
    #expect(y.grad == 1)
  }
}

extension Value {
  /// A smooth function of one value for the tests: tanh(x)·x.
  fileprivate func sin2() -> Value { tanh() * self }
}

extension JacobianTests {
  @Test("bad seeds stop with a message that names them")
  func badSeeds() async {
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      Value.backward([Value(1), Value(2)], seeds: [1])
    }
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      Value.backward([Value(1)], seeds: [.nan])
    }
    #expect(result?.printed("Value.backward: seeds[0] must be finite (got nan)") == true)
  }
}
