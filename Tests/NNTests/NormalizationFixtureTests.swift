import TestSupport
import Testing
@testable import MicrogradEngine
@testable import MicrogradNN

/// BatchNorm1d, LayerNorm and a Sequential of Linear–BatchNorm1d–Tanh × 3 against PyTorch in
/// float64 (`Fixtures/normalization.json`): outputs, the gradients of sum(y · G) with respect to
/// the inputs, γ, β and the Linear weights, and the running statistics after every pass.
@Suite("Normalization layers match PyTorch to 1e-10")
struct NormalizationFixtureTests {
  /// The issue's bar: 1e-10 relative; an absolute floor for entries that are 0 up to rounding.
  static let tolerance = Tolerance(relative: 1e-10, absolute: 1e-12)
  static let fixture = Result { try loadFixture("normalization.json", from: .module, as: NormalizationFixture.self) }

  /// Fresh leaves for a pass's inputs.
  static func leaves(_ x: [[Double]]) -> [[Value]] { x.map { $0.map { Value($0) } } }

  /// Backward of sum(y · G): the vector-Jacobian product with seeds G.
  static func backward(_ y: [[Value]], _ G: [[Double]]) {
    Value.backward(y.flatMap { $0 }, seeds: G.flatMap { $0 })
  }

  static func expectRows(_ actual: [[Double]], _ expected: [[Double]], _ what: String) {
    #expect(actual.count == expected.count, "\(what): \(actual.count) rows, expected \(expected.count)")
    for (row, (a, e)) in zip(actual, expected).enumerated() { expectClose(a, e, tolerance, "\(what) row \(row)") }
  }

  @Test("the fixture is PyTorch's, with every case the generator writes")
  func fixtureLoads() throws {
    let fixture = try Self.fixture.get()
    #expect(fixture.tool.hasPrefix("torch"))
    #expect(fixture.batchnorm1d.count == 6 && fixture.layernorm.count == 4 && fixture.sequential.layers.count == 9)
    #expect(fixture.batchnorm1d.contains { $0.batch == 2 } && fixture.batchnorm1d.contains { $0.constantColumn != nil })
  }

  @Test("BatchNorm1d: three training-mode passes, then evaluation mode", arguments: try fixture.get().batchnorm1d)
  func batchNorm(_ c: NormalizationFixture.BatchNormCase) {
    let bn = BatchNorm1d(c.features, eps: c.eps, momentum: c.momentum)
    for j in 0..<c.features {
      bn.gamma[j].data = c.gamma[j]
      bn.beta[j].data = c.beta[j]
    }
    for (index, pass) in (c.train + [c.eval]).enumerated() {
      if index == c.train.count { bn.eval() }
      let what = "\(c.name) pass \(index + 1) (\(bn.isTraining ? "train" : "eval"))"
      bn.zeroGrad()
      let x = Self.leaves(pass.x)
      let y = bn(batch: x)
      Self.backward(y, pass.G)
      Self.expectRows(y.map { $0.map(\.data) }, pass.y, "\(what) y")
      Self.expectRows(x.map { $0.map(\.grad) }, pass.gradX, "\(what) grad x")
      expectClose(bn.gamma.map(\.grad), pass.gradGamma, Self.tolerance, "\(what) grad γ")
      expectClose(bn.beta.map(\.grad), pass.gradBeta, Self.tolerance, "\(what) grad β")
      expectClose(bn.runningMean, pass.runningMean, Self.tolerance, "\(what) running mean")
      expectClose(bn.runningVariance, pass.runningVar, Self.tolerance, "\(what) running var")
      #expect(y.allSatisfy { $0.allSatisfy(\.data.isFinite) } && x.allSatisfy { $0.allSatisfy(\.grad.isFinite) })
    }
  }

  @Test("LayerNorm: outputs and gradients", arguments: try fixture.get().layernorm)
  func layerNorm(_ c: NormalizationFixture.LayerNormCase) {
    let ln = LayerNorm(c.features, eps: c.eps)
    for j in 0..<c.features {
      ln.gamma[j].data = c.gamma[j]
      ln.beta[j].data = c.beta[j]
    }
    let x = Self.leaves(c.x)
    let y = ln(batch: x)
    Self.backward(y, c.G)
    Self.expectRows(y.map { $0.map(\.data) }, c.y, "\(c.name) y")
    Self.expectRows(x.map { $0.map(\.grad) }, c.gradX, "\(c.name) grad x")
    expectClose(ln.gamma.map(\.grad), c.gradGamma, Self.tolerance, "\(c.name) grad γ")
    expectClose(ln.beta.map(\.grad), c.gradBeta, Self.tolerance, "\(c.name) grad β")
  }

  /// The `Sequential` the fixture describes, built from PyTorch's weights.
  static func sequential(_ modules: [NormalizationFixture.Module]) -> Sequential {
    Sequential(
      modules.map { m -> any BatchModule in
        switch m.kind {
        case "linear": return Linear(weights: m.weight!, biases: m.bias!)
        case "batchnorm1d":
          let bn = BatchNorm1d(m.features!, eps: m.eps!, momentum: m.momentum!)
          for j in 0..<m.features! {
            bn.gamma[j].data = m.gamma![j]
            bn.beta[j].data = m.beta![j]
          }
          return bn
        default: return Activation.tanh
        }
      })
  }

  @Test("Sequential(Linear, BatchNorm1d, Tanh) × 3: two training passes, then evaluation mode")
  func sequential() throws {
    let fixture = try Self.fixture.get().sequential
    let net = Self.sequential(fixture.layers)
    #expect(net.description.hasPrefix("Sequential(Linear(3 → 5), BatchNorm1d(5), tanh, Linear(5 → 5)"))
    for (index, pass) in (fixture.train + [fixture.eval]).enumerated() {
      if index == fixture.train.count { net.eval() }
      let what = "pass \(index + 1)"
      net.zeroGrad()
      let x = Self.leaves(pass.x)
      let y = net(batch: x)
      Self.backward(y, pass.G)
      Self.expectRows(y.map { $0.map(\.data) }, pass.y, "\(what) y")
      Self.expectRows(x.map { $0.map(\.grad) }, pass.gradX, "\(what) grad x")
      for (layer, grads) in zip(net.layers, pass.grads) {
        if let linear = layer as? Linear {
          Self.expectRows(linear.weight.map { $0.map(\.grad) }, grads.weight!, "\(what) \(linear) grad W")
          expectClose(linear.bias!.map(\.grad), grads.bias!, Self.tolerance, "\(what) \(linear) grad b")
        } else if let bn = layer as? BatchNorm1d {
          expectClose(bn.gamma.map(\.grad), grads.gamma!, Self.tolerance, "\(what) \(bn) grad γ")
          expectClose(bn.beta.map(\.grad), grads.beta!, Self.tolerance, "\(what) \(bn) grad β")
        }
      }
      for running in pass.running {
        let bn = try #require(net.layers[running.layer] as? BatchNorm1d)
        expectClose(bn.runningMean, running.mean, Self.tolerance, "\(what) module \(running.layer) running mean")
        expectClose(bn.runningVariance, running.variance, Self.tolerance, "\(what) module \(running.layer) running var")
      }
    }
  }

  @Test("a batch of one in training mode stops with a message, as PyTorch's does")
  func batchOfOne() async throws {
    #expect(try Self.fixture.get().batchOfOneError.contains("Expected more than 1 value per channel when training"))
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = BatchNorm1d(3)(batch: [[1, 2, 3]])
    }
    #expect(
      result?.printed(
        "BatchNorm1d(3): expected more than 1 sample per feature in training mode, got a batch of 1 (call eval()")
        == true)
  }
}
