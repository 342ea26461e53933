// The training-diagnostics notebook's network and what it records at every step: the lecture's `self.out` and
// `retain_grad()` as a module that keeps its outputs, and a training run that reads them after each update.
// (main.swift shows the experiment; this file builds and trains the networks.)
import ExampleSupport
import Micrograd

/// A module that passes its inner module's outputs on and keeps them, graph and all: the lecture's `self.out` on
/// its `Tanh` layer, with `retain_grad()` — after `backward()`, each kept value's `grad` is ∂loss/∂out.
final class Watched: BatchModule {
  /// The module watched (here a tanh).
  let module: any BatchModule
  /// Its outputs on the last batch, `out[sample][unit]`.
  private(set) var out: [[Value]] = []

  /// Watches `module`.
  init(_ module: any BatchModule) { self.module = module }

  var parameters: [Value] { module.parameters }
  var inputFeatures: Int? { module.inputFeatures }
  func outputFeatures(inputs: Int) -> Int { module.outputFeatures(inputs: inputs) }
  func setTraining(_ training: Bool) { module.setTraining(training) }

  /// The inner module's outputs, kept.
  func callAsFunction(batch: [[Value]]) -> [[Value]] {
    out = module(batch: batch)
    return out
  }

  var description: String { "Watched(\(module))" }
}

/// One start of the same network: a gain for every hidden Linear, with or without BatchNorm.
struct Start: Sendable {
  /// "gain 5/3", "BatchNorm, gain 0.5".
  var name: String
  /// The gain g: hidden weights from N(0, g²/fan_in), the lecture's `torch.randn(fan_in, fan_out) / fan_in**0.5 * g`.
  var gain: Double
  /// Linear (no bias) → BatchNorm1d → tanh, as in the lecture's last network; else Linear → tanh.
  var batchNorm: Bool
  /// BatchNorm's ε, added to the batch variance (PyTorch's default, 1e-5).
  var epsilon = 1e-5
}

extension Start {
  /// The notebook's five starts: too small, the right and too large a gain, and BatchNorm from the small and the
  /// right one.
  static let fiveStarts = [
    Start(name: "gain 0.5", gain: 0.5, batchNorm: false),
    Start(name: "gain 5/3", gain: 5.0 / 3, batchNorm: false),
    Start(name: "gain 3", gain: 3, batchNorm: false),
    Start(name: "BatchNorm, gain 0.5", gain: 0.5, batchNorm: true),
    Start(name: "BatchNorm, gain 5/3", gain: 5.0 / 3, batchNorm: true),
  ]
}

/// What one layer's watched outputs were at one step: the tanh outputs and their gradients, every sample and unit.
struct LayerSnapshot: Sendable {
  var activations: [Double]
  var gradients: [Double]
}

/// One trained network and every diagnostic recorded while it trained.
struct WatchedRun: Sendable {
  var start: Start
  /// The training loss at each step (before that step's update).
  var losses: [Double] = []
  /// `ratios[layer][step]`: log₁₀ std(lr·grad)/std(W) of Linear `layer`'s weights (input first, output last).
  var ratios: [[Double]] = []
  /// Every hidden layer's tanh outputs and gradients at the first step, and at the last.
  var first: [LayerSnapshot] = []
  var last: [LayerSnapshot] = []
  /// Shares of the training and the held-out points classified correctly after training (evaluation mode).
  var trainAccuracy = 0.0
  var testAccuracy = 0.0
  /// The step whose loss was not finite, if training stopped there.
  var divergence: Divergence?
}

/// 2 inputs → `depth` hidden blocks of `width` tanh units → `classes` logits; the output Linear drawn from
/// N(0, 0.01/width), the lecture's `layers[-1].weight *= 0.1` ("make less confident"); biases start at 0.
func watchedNet(_ start: Start, depth: Int, width: Int, classes: Int, using rng: inout SplitMix64) -> (
  net: Sequential, linears: [Linear], tanhs: [Watched]
) {
  func linear(_ inputs: Int, _ outputs: Int, gain: Double, bias: Bool = true) -> Linear {
    Linear(
      inputs: inputs, outputs: outputs, bias: bias, initializer: .normal(std: gain / Double(inputs).squareRoot()),
      biasInitializer: .zeros, using: &rng)
  }
  var modules: [any BatchModule] = []
  var linears: [Linear] = []
  var tanhs: [Watched] = []
  for block in 0..<depth {
    let l = linear(block == 0 ? 2 : width, width, gain: start.gain, bias: !start.batchNorm)
    let tanh = Watched(Activation.tanh)
    (linears, tanhs) = (linears + [l], tanhs + [tanh])
    modules += start.batchNorm ? [l, BatchNorm1d(width, eps: start.epsilon), tanh] : [l, tanh]
  }
  linears.append(linear(width, classes, gain: 0.1))
  return (Sequential(modules + [linears[depth]]), linears, tanhs)
}

/// Trains one start with SGD on random batches, softmax cross-entropy, and records after every update what the
/// lecture plots: the loss, every Linear's update:data ratio, and the watched tanh outputs with their gradients.
func watchedRun(
  _ start: Start, depth: Int, width: Int, steps: Int, batchSize: Int, learningRate: Double, data: Dataset,
  test: Dataset, seed: UInt64
) -> WatchedRun {
  var rng = SplitMix64(seed: seed)
  let (net, linears, tanhs) = watchedNet(start, depth: depth, width: width, classes: data.classes.count, using: &rng)
  let parameters = net.parameters
  var position: [ObjectIdentifier: Int] = [:]
  for (index, p) in parameters.enumerated() { position[ObjectIdentifier(p)] = index }
  let weights = linears.map { $0.weight.joined().map { position[ObjectIdentifier($0)]! } }
  var run = WatchedRun(start: start, ratios: Array(repeating: [], count: linears.count))
  func snapshot() -> [LayerSnapshot] {
    tanhs.map { t in
      let values = t.out.joined()
      return LayerSnapshot(activations: values.map(\.data), gradients: values.map(\.grad))
    }
  }
  var optimizer = SGD(parameters: parameters, learningRate: learningRate)
  let history = train(
    net, on: data, criterion: .softmaxCrossEntropy, optimizer: &optimizer, steps: steps,
    batches: .random(size: batchSize, seed: seed &+ 1)
  ) { step in
    run.losses.append(step.loss)
    for (layer, indices) in weights.enumerated() {
      run.ratios[layer].append(
        indices.map { step.updates[$0] }.updateToDataRatio(data: indices.map { parameters[$0].data }))
    }
    if step.step == 0 { run.first = snapshot() }
    run.last = snapshot()  // every step: the last one kept is the last step's, even if training stops early
  }
  run.divergence = history.divergence
  net.eval()
  run.trainAccuracy = Criterion.softmaxCrossEntropy.accuracy(of: net.callAsFunction, on: data)
  run.testAccuracy = Criterion.softmaxCrossEntropy.accuracy(of: net.callAsFunction, on: test)
  return run
}
