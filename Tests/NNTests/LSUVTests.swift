import TestSupport
import Testing

@testable import MicrogradNN

/// LSUV (Mishkin & Matas 2016): orthogonal start, then each layer rescaled until the variance
/// of its pre-activations on the batch is 1 within the tolerance.
@Suite("LSUV")
struct LSUVTests {
  static func batch(samples: Int = 32, features: Int = 16, seed: UInt64 = 100) -> [[Double]] {
    var rng = SplitMix64(seed: seed)
    return (0..<samples).map { _ in (0..<features).map { _ in rng.gaussian() } }
  }

  /// The variance over units and samples of every layer's pre-activations, recomputed.
  static func preActivationVariances(_ network: MLP, on batch: [[Double]]) -> [Double] {
    var current = batch
    return network.layers.map { layer in
      defer { current = current.map(layer.evaluate) }
      return current.flatMap(layer.evaluatePreActivations).variance
    }
  }

  @Test(
    "every layer's pre-activation variance is within the tolerance of 1",
    arguments: [Activation.tanh, .relu, .selu, .gelu, .silu, .sigmoid])
  func unitVariance(_ activation: Activation) {
    let batch = Self.batch()
    var rng = SplitMix64(seed: 1)
    let (network, report) = LSUV().network(
      inputs: 16, sizes: Array(repeating: 16, count: 8), activation: activation, outputActivation: activation,
      bias: false, batch: batch, using: &rng)
    #expect(report.converged)
    #expect(report.layers.count == 8)
    let measured = Self.preActivationVariances(network, on: batch)
    for (layer, variance) in zip(report.layers, measured) {
      #expect(Swift.abs(variance - 1) < 0.1, "layer \(layer.layer): \(variance)")
      // The report states what the network now does, to rounding.
      expectClose(layer.variance, variance, .relative(1e-12))
      // Bias-free pre-activations are linear in W: one rescaling is exact, so at most one is made.
      #expect(layer.rounds <= 1)
      if layer.rounds == 1 { expectClose(variance, 1, .relative(1e-12)) }
    }
  }

  @Test(
    "the rescaling sticks on every network the package builds: trainable, constant weights, frozen copies",
    arguments: [false, true])
  func rescalingSticks(requiresGrad: Bool) {
    let batch = Self.batch()
    var rng = SplitMix64(seed: 3)
    let built = MLP(
      inputs: 16, sizes: Array(repeating: 16, count: 6), activation: .gelu, outputActivation: .gelu, bias: false,
      initializer: .orthogonal(gain: 1), requiresGrad: requiresGrad, using: &rng)
    for network in [built, built.frozen()] {
      let before = network.layers.map(\.weightMatrix)
      let report = LSUV().rescale(network, on: batch)
      // What the network computes now is what the report says, layer by layer; a dropped rescaling
      // would leave layers 2… at their orthogonal start (GELU: variance ≈ 0.3–0.5).
      for (layer, variance) in zip(report.layers, Self.preActivationVariances(network, on: batch)) {
        expectClose(variance, layer.variance, .relative(1e-12))
        #expect(Swift.abs(variance - 1) < 0.1, "layer \(layer.layer): \(variance)")
      }
      #expect(network.layers.map(\.weightMatrix) != before, "the weights changed in place")
    }
  }

  @Test("the same seed and batch give the same weights, bit for bit; only the scale of the start changes")
  func deterministicRescaling() {
    let batch = Self.batch()
    let sizes = [16, 16, 16, 1]
    var rng1 = SplitMix64(seed: 5), rng2 = SplitMix64(seed: 5), rng3 = SplitMix64(seed: 5)
    let (a, report) = LSUV().network(inputs: 16, sizes: sizes, activation: .gelu, batch: batch, using: &rng1)
    let (b, _) = LSUV().network(inputs: 16, sizes: sizes, activation: .gelu, batch: batch, using: &rng2)
    #expect(a.layers.map(\.weightMatrix) == b.layers.map(\.weightMatrix))
    let start = MLP(inputs: 16, sizes: sizes, activation: .gelu, initializer: .orthogonal(gain: 1), using: &rng3)
    for (index, (lsuv, orthogonal)) in zip(a.layers, start.layers).enumerated() {
      let scale = report.layers[index].scale
      for (row, startRow) in zip(lsuv.weightMatrix, orthogonal.weightMatrix) {
        expectClose(row, startRow.map { $0 * scale }, .relative(1e-14))
      }
      #expect(lsuv.biasVector == Array(repeating: 0, count: lsuv.outputs), "biases are left at 0")
    }
  }

  /// Var(c·Wx + b) ≈ c²·Var(Wx) + Var(b): with biases that differ between units one rescaling
  /// falls short, and LSUV iterates; v ← v/(v + Var(b)) converges at the rate Var(b) per round.
  @Test("with biases the variance is not quadratic in the scale: several rounds, still converged")
  func biasesTakeSeveralRounds() {
    let batch = Self.batch()
    var rng = SplitMix64(seed: 2)
    let network = MLP(
      inputs: 16, sizes: [16, 16, 16], activation: .tanh, outputActivation: .tanh,
      initializer: .orthogonal(gain: 1), biasInitializer: .normal(std: 0.5), using: &rng)
    let report = LSUV(tolerance: 0.02).rescale(network, on: batch)
    #expect(report.converged)
    #expect(report.layers.contains { $0.rounds >= 2 })
    for variance in Self.preActivationVariances(network, on: batch) { #expect(Swift.abs(variance - 1) < 0.02) }
  }

  /// tanh's output variance is below 1 for every input variance (|tanh| < 1, and at ±1 only in
  /// the limit): measured after the nonlinearity, LSUV grows the weights every round and stops
  /// at maxRounds without reaching the tolerance, and says so.
  @Test("measuring tanh's outputs, the tolerance cannot be reached and the report says so")
  func tanhOutputsCannotReachOne() {
    let batch = Self.batch()
    var rng = SplitMix64(seed: 3)
    let (_, report) = LSUV(measuring: .output).network(
      inputs: 16, sizes: [16, 16], activation: .tanh, outputActivation: .tanh, bias: false, batch: batch,
      using: &rng)
    #expect(!report.converged)
    for layer in report.layers {
      #expect(layer.rounds == 10)
      #expect(layer.variance < 0.9 && layer.variance > layer.initialVariance)
    }
  }

  @Test("zero rounds allowed: the report measures and changes nothing")
  func zeroRounds() {
    let batch = Self.batch()
    var rng = SplitMix64(seed: 4)
    let network = MLP(
      inputs: 16, sizes: [16, 16], activation: .relu, bias: false, initializer: .orthogonal(gain: 1), using: &rng)
    let before = network.layers.map(\.weightMatrix)
    let report = LSUV(maxRounds: 0).rescale(network, on: batch)
    #expect(network.layers.map(\.weightMatrix) == before)
    #expect(report.layers.allSatisfy { $0.rounds == 0 && $0.scale == 1 && $0.variance == $0.initialVariance })
  }

  @Test("bad settings and batches stop with a message")
  func preconditions() async {
    let tolerance = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = LSUV(tolerance: 0)
    }
    #expect(tolerance?.printed("LSUV: tolerance must be a positive number (got 0.0)") == true)
    let rounds = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = LSUV(maxRounds: -1)
    }
    #expect(rounds?.printed("LSUV: maxRounds must be at least 0 (got -1)") == true)
    let single = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = LSUV().network(inputs: 2, sizes: [2], batch: [[1, 2]], using: &rng)
    }
    #expect(single?.printed("LSUV: the batch needs at least 2 samples for a variance (got 1)") == true)
    let width = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = LSUV().network(inputs: 2, sizes: [2], batch: [[1, 2], [3]], using: &rng)
    }
    #expect(width?.printed("LSUV: sample 1 has length 1, the network takes 2 inputs") == true)
    let finite = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = LSUV().network(inputs: 2, sizes: [2], batch: [[1, 2], [3, .nan]], using: &rng)
    }
    #expect(finite?.printed("LSUV: sample 1 has a number that is not finite") == true)
  }
}
