import MicrogradEngine
import TestSupport
import Testing

@testable import MicrogradNN

/// `Layer(batch:)` packs a layer and its activation into one node per neuron per sample; the
/// result must be exactly what calling the layer on each sample gives, for every activation.
@Suite("A layer on a batch equals the layer on each sample, bit for bit, for every activation")
struct LayerBatchTests {
  /// A three-layer network with `activation`, on a batch, per sample or packed; every number
  /// the two could differ in: outputs, and the gradients of inputs, weights and biases.
  static func numbers(_ activation: Activation, packed: Bool, requiresGrad: Bool = true) -> [Double] {
    var rng = SplitMix64(seed: 11)
    let mlp = MLP(
      inputs: 6, sizes: [7, 5, 3], activation: activation, outputActivation: activation,
      initializer: .xavierNormal(gain: 1.5), biasInitializer: .normal(std: 0.5), requiresGrad: requiresGrad,
      using: &rng)
    let inputs = (0..<9).map { _ in (0..<6).map { _ in Value(rng.gaussian(std: 2)) } }
    let outputs = packed ? mlp(batch: inputs) : inputs.map { mlp($0) }
    let flat = outputs.flatMap { $0 }
    Value.backward(flat, seeds: flat.indices.map { Double($0 % 5) - 2 })
    var numbers = flat.map(\.data) + inputs.flatMap { $0.map(\.grad) }
    numbers += mlp.parameters.map(\.grad)
    return numbers
  }

  @Test(
    "outputs and every gradient", arguments: Activation.allCases + [.leakyReLU(negativeSlope: 0.2), .elu(alpha: 0.5)])
  func bitIdentical(_ activation: Activation) {
    let perSample = Self.numbers(activation, packed: false)
    let packed = Self.numbers(activation, packed: true)
    let differing = zip(perSample, packed).filter { $0.bitPattern != $1.bitPattern }.count
    #expect(perSample.count == packed.count)
    #expect(differing == 0, "\(differing) of \(packed.count) numbers differ")
  }

  @Test("constant weights give the inputs the same gradients as trainable ones")
  func constants() {
    let trainable = Self.numbers(.tanh, packed: true)
    let constant = Self.numbers(.tanh, packed: true, requiresGrad: false)
    let count = 9 * 3 + 9 * 6  // the outputs and the inputs' gradients
    #expect(Array(trainable.prefix(count)) == constant)
  }

  @Test("a packed layer gives its pre-activations; a frozen layer has no parameters but the same numbers")
  func preActivationsAndFrozen() {
    let layer = Layer(weights: [[1, -2], [0.5, 0.25]], biases: [0.1, 0], activation: .tanh)
    let (out, u) = layer.outputsAndPreActivations(batch: [[Value(1), Value(2)]])
    let expected: [[Double]] = [[1 - 4 + 0.1, 0.5 + 0.5]]
    #expect(u == expected)
    let h: [Double] = [Math.tanh(1 - 4 + 0.1), Math.tanh(1)]
    #expect(out[0].map(\.data) == h)
    let frozen = layer.frozen()
    #expect(frozen.parameters.isEmpty && !frozen.requiresGrad && layer.requiresGrad)
    #expect(frozen.weightMatrix == layer.weightMatrix && frozen.biasVector == layer.biasVector)
    #expect(frozen.weightGradients == nil)
    #expect(frozen([Value(1), Value(2)]).map(\.data) == layer([Value(1), Value(2)]).map(\.data))
  }
}
