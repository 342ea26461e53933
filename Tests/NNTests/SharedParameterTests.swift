import TestSupport
import Testing

@testable import MicrogradNN

/// Modules are classes, like micrograd's and PyTorch's: every reference to a layer sees the same
/// parameters, and no API accepts a write that is then silently thrown away.
@Suite("Modules share their parameters: a change is never lost")
struct SharedParameterTests {
  @Test("a second name for a layer is the same layer: a change through one is seen through the other")
  func layerIsShared() {
    var rng = SplitMix64(seed: 1)
    let layer = Layer(inputs: 3, outputs: 2, activation: .tanh, using: &rng)
    let sameLayer = layer
    let before = layer.weightMatrix
    sameLayer.neurons[0].weights.first!.data += 1
    #expect(layer.weightMatrix[0][0] == before[0][0] + 1)
    let mlp = MLP(layers: [layer])
    mlp.layers[0].scaleWeights(by: 2)
    #expect(layer.weightMatrix[1] == before[1].map { 2 * $0 })
  }

  @Test(
    "scaleWeights multiplies every weight in place, trainable or constant; the biases stay", arguments: [true, false])
  func scaleWeights(requiresGrad: Bool) {
    let layer = Layer(
      weights: [[1, -2, 3], [0.5, 0, -1]], biases: [0.25, -4], activation: .identity, requiresGrad: requiresGrad)
    layer.scaleWeights(by: -3)
    #expect(layer.weightMatrix == [[-3, 6, -9], [-1.5, 0, 3]])
    #expect(layer.biasVector == [0.25, -4])
    let ones: [Double] = [1, 1, 1], expected: [Double] = [-6 + 0.25, 1.5 - 4]
    #expect(layer.evaluate(ones) == expected)
    #expect(layer(ones).map(\.data) == expected, "the graph sees the new weights too")
  }

  @Test("a frozen copy is independent of the layer it was made from")
  func frozenIsACopy() {
    let layer = Layer(weights: [[1, 2]], biases: [0], activation: .identity)
    let frozen = layer.frozen()
    frozen.scaleWeights(by: 10)
    #expect(layer.weightMatrix == [[1, 2]])
    #expect(frozen.weightMatrix == [[10, 20]])
  }

  @Test func neuronsOfConstantWeights() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Layer(weights: [[1, 2]], requiresGrad: false).neurons
    }
    #expect(
      result?.printed(
        "Layer.neurons: this layer's weights are constants (requiresGrad: false), not neurons; "
          + "read them with weightMatrix, change them with scaleWeights(by:)") == true)
  }

  @Test func weightOfAConstantLinearMap() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Linear(weights: [[1, 2]], requiresGrad: false).weight
    }
    #expect(result?.printed("Layer.neurons: this layer's weights are constants") == true)
  }

  @Test func scaleByInfinity() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      Layer(weights: [[1, 2]]).scaleWeights(by: .infinity)
    }
    #expect(result?.printed("Layer.scaleWeights: the factor must be finite (got inf)") == true)
  }

  @Test func optimizerOverAFrozenModel() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SGD(parameters: MLP(2, [3, 1]).frozen().parameters, learningRate: 0.1)
    }
    #expect(
      result?.printed(
        "SGD: no parameters to update (a model whose weights are constants, requiresGrad: false, has none)")
        == true)
  }

  @Test func adamOverNoParameters() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Adam(parameters: [])
    }
    #expect(result?.printed("Adam: no parameters to update") == true)
  }

  @Test func learningRateSetToNaN() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var optimizer = SGD(parameters: MLP(2, [1]).parameters, learningRate: 0.1)
      optimizer.learningRate = .nan
    }
    #expect(result?.printed("SGD: learningRate must be a finite number at least 0 (got nan)") == true)
  }

  @Test func learningRateSetToInfinity() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var optimizer = Adam(parameters: MLP(2, [1]).parameters)
      optimizer.learningRate = .infinity
    }
    #expect(result?.printed("Adam: learningRate must be a finite number at least 0 (got inf)") == true)
  }

  @Test func infiniteLearningRateAtCreation() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SGD(parameters: MLP(2, [1]).parameters, learningRate: .infinity)
    }
    #expect(result?.printed("SGD: learningRate must be a finite number at least 0 (got inf)") == true)
  }
}
