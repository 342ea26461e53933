import TestSupport
import Testing
@testable import MicrogradEngine
@testable import MicrogradNN

/// What the layers mean, beyond PyTorch's numbers: who depends on whom, what a mode changes,
/// what a residual block is at initialization, and the messages for bad input.
@Suite("Linear, BatchNorm1d, LayerNorm, Residual, Sequential")
struct NormalizationLayerTests {
  @Test("training-mode BatchNorm1d couples the samples of a batch; evaluation mode does not")
  func batchCoupling() {
    let bn = BatchNorm1d(2)
    let x: [[Value]] = [[1, 4], [2, 0], [6, -1]]
    let y = bn(batch: x)
    // ∂y[0][0]/∂x[1][0] ≠ 0: the first sample's output moves when the second sample moves.
    let trainJacobian = Value.jacobian(of: [y[0][0]], withRespectTo: x.map { $0[0] })[0]
    #expect(trainJacobian[1] != 0 && trainJacobian[2] != 0)
    bn.eval()
    let z = bn(batch: x)
    let evalJacobian = Value.jacobian(of: [z[0][0]], withRespectTo: x.map { $0[0] })[0]
    #expect(evalJacobian[1] == 0 && evalJacobian[2] == 0)
    // Evaluation mode uses the running statistics, so one sample alone is fine.
    expectClose(bn([1, 4]).map(\.data), z[0].map(\.data))
  }

  @Test("training-mode outputs have mean β and biased variance γ²·σ²/(σ² + ε) in every feature")
  func normalizedColumns() {
    let bn = BatchNorm1d(3)
    bn.gamma[1].data = 2
    bn.beta[2].data = -0.5
    let y = bn(batch: [[1, 2, 3], [3, 2, 1], [0, 5, 4], [2, -1, 0]])
    for j in 0..<3 {
      let column = y.map { $0[j].data }
      expectClose(column.mean, bn.beta[j].data, .absolute(1e-15))
      // The variance of every input column here is at least 1, so ε = 1e-5 moves it by at most 1e-5.
      expectClose(column.variance, bn.gamma[j].data * bn.gamma[j].data, .relative(1e-5))
    }
  }

  @Test("LayerNorm normalizes each sample on its own, so a batch of one is fine")
  func layerNormPerSample() {
    let ln = LayerNorm(4)
    let alone = ln([1, 2, 3, 10]).map(\.data)
    let inBatch = ln(batch: [[5, 5, 1, 0], [1, 2, 3, 10]])[1].map(\.data)
    #expect(alone == inBatch)
    expectClose(alone.mean, 0, .absolute(1e-15))
  }

  @Test("a ReZero block is the identity at initialization, and α gets a gradient")
  func rezero() {
    var rng = SplitMix64(seed: 3)
    let block = Residual(
      Sequential(Linear(inputs: 3, outputs: 3, using: &rng), Activation.tanh), scale: .rezero)
    let x: [Value] = [0.5, -1, 2]
    let y = block(x)
    #expect(y.map(\.data) == x.map(\.data))
    Value.sum(y).backward()
    #expect(x.allSatisfy { $0.grad == 1 })
    #expect(block.alpha!.grad != 0 && block.parameters.last === block.alpha)
    #expect(block.parameters.count == 3 * 3 + 3 + 1)
  }

  @Test("a plain block adds the branch; a scaled one adds α times it", arguments: [1.0, 0.25])
  func residualSum(_ alpha: Double) {
    let branch = Linear(weights: [[2, 0], [1, 1]])
    let block = Residual(branch, scale: .fixed(alpha))
    let x: [Value] = [1, 3]
    expectClose(block(x).map(\.data), [1 + alpha * 2, 3 + alpha * 4])
    #expect(Residual.Scale.depthScaled(16) == .fixed(0.25))
  }

  @Test("eval() and train() reach a BatchNorm1d inside a Residual inside a Sequential")
  func modesPropagate() {
    let bn = BatchNorm1d(2)
    let net = Sequential(Residual(Sequential(bn, Activation.relu)), LayerNorm(2))
    net.eval()
    #expect(!bn.isTraining)
    net.train()
    #expect(bn.isTraining)
  }

  @Test("Sequential chains Linear, activations, micrograd's Layer and MLP; parameters in order")
  func sequentialOfEverything() {
    var rng = SplitMix64(seed: 5)
    let linear = Linear(inputs: 2, outputs: 4, bias: false, initializer: .xavierNormal(), using: &rng)
    let layer = Layer(inputs: 4, outputs: 3, activation: .tanh, using: &rng)
    let mlp = MLP(inputs: 3, sizes: [2, 1], using: &rng)
    let net = Sequential(linear, Activation.relu, layer, mlp)
    #expect(net.inputFeatures == 2 && net.outputFeatures(inputs: 2) == 1)
    #expect(net.parameterCount == 8 + 15 + (8 + 3))
    #expect(net.parameters.first === linear.weight[0][0] && net.parameters.last === mlp.parameters.last)
    let x: [Value] = [0.3, -0.8]
    expectClose(net(x).map(\.data), mlp(layer(Activation.relu(batch: [linear(x)])[0])).map(\.data))
  }

  @Test("train trains a Sequential with BatchNorm on whole batches: the loss falls")
  func trainsWithBatchNorm() {
    var rng = SplitMix64(seed: 11)
    let data = Dataset.moons(count: 64, noise: 0.1, labels: .zeroOne, using: &rng)
    let net = Sequential(
      Linear(inputs: 2, outputs: 8, bias: false, initializer: .xavierNormal(gain: 0.5), using: &rng), BatchNorm1d(8),
      Activation.tanh, Linear(inputs: 8, outputs: 1, using: &rng))
    var optimizer = SGD(parameters: net.parameters, learningRate: 0.5)
    let history = train(net, on: data, criterion: .binaryCrossEntropy, optimizer: &optimizer, steps: 30)
    #expect(history.losses.last! < 0.7 * history.losses.first!)
  }
}

/// Bad input stops the program with one line that says what was wrong.
extension NormalizationLayerTests {
  @Test("a wrong feature count into a layer names the layer, the count and the sample")
  func wrongFeatureCount() async {
    let bn = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = BatchNorm1d(5)(batch: [[1, 2, 3, 4, 5], [1, 2, 3]])
    }
    #expect(bn?.printed("BatchNorm1d(5): expected 5 features per sample, got 3 (sample 1)") == true)
    let ln = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = LayerNorm(4)([1, 2])
    }
    #expect(ln?.printed("LayerNorm(4): expected 4 features per sample, got 2 (sample 0)") == true)
    let linear = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Linear(weights: [[1, 2, 3]])(batch: [[1, 2]])
    }
    #expect(linear?.printed("Linear(3 → 1, no bias): expected 3 features per sample, got 2 (sample 0)") == true)
  }

  @Test("a Sequential whose sizes do not chain stops when it is built, naming both modules")
  func sizesDoNotChain() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Sequential(Linear(weights: [[1, 2, 3], [4, 5, 6]]), Activation.tanh, BatchNorm1d(4))
    }
    #expect(
      result?.printed(
        "Sequential: module 3, BatchNorm1d(4), takes 4 features, but module 1, Linear(3 → 2, no bias), gives 2")
        == true)
  }

  @Test("a residual branch must keep the feature count")
  func residualBranchSize() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Residual(Linear(weights: [[1, 2, 3], [4, 5, 6]]))
    }
    #expect(
      result?.printed(
        "Residual: the branch must give as many features as it takes (Linear(3 → 2, no bias) takes 3, gives 2)")
        == true)
  }

  @Test("bad settings name the setting")
  func badSettings() async {
    let eps = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = BatchNorm1d(3, eps: 0)
    }
    #expect(eps?.printed("BatchNorm1d: eps must be a positive number (got 0.0)") == true)
    let momentum = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = BatchNorm1d(3, momentum: 1.5)
    }
    #expect(momentum?.printed("BatchNorm1d: momentum must be between 0 and 1 (got 1.5)") == true)
    let empty = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Sequential([])
    }
    #expect(empty?.printed("Sequential: needs at least one module (got none)") == true)
  }
}
