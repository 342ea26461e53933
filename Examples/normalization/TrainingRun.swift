// Part 4 of the normalization notebook: the deep tanh networks it trains, and what it records
// at every step. (main.swift shows the experiment; this file builds the networks.)
import ExampleSupport
import Micrograd

extension TrainingRun {
  /// The mean loss of the last 20 steps (one mini-batch loss is noisy).
  var finalLoss: Double { losses.suffix(20).mean }

  /// One row per run: losses, accuracies, and the update:data ratio of the first and last hidden Linear
  /// at the first step ("no update" where the gradient was exactly 0, as in a ReZero branch with α = 0).
  static func table(_ runs: [TrainingRun], title: String) -> Table {
    let hidden = runs[0].ratios.count - 1
    var table = Table(
      title,
      columns: [
        "network", "loss @0", "loss, last 20", "train", "test", "upd:data W1 @0", "W\(hidden) @0", "W1, last 20",
      ])
    func ratio(_ x: Double) -> Table.Cell { x.isFinite ? .number(x, decimals: 2) : "no update" }
    for run in runs {
      table.append([
        .text(run.name), .number(run.losses[0], decimals: 3), .number(run.finalLoss, decimals: 3),
        .percent(run.trainAccuracy), .percent(run.testAccuracy), ratio(run.ratios[0][0]),
        ratio(run.ratios[hidden - 1][0]), ratio(run.ratios[0].suffix(20).mean),
      ])
    }
    return table
  }
}

/// 400 moons points (noise 0.1, labels 0/1) drawn from `seed`: the first 200 to train on, the other 200 to
/// test, both standardized with the training half's statistics.
func standardizedMoons(seed: UInt64) -> (train: Dataset, test: Dataset) {
  var rng = SplitMix64(seed: seed)
  let moons = Dataset.moons(count: 400, noise: 0.1, labels: .zeroOne, using: &rng)
  let standardize = Standardization(fitting: moons[0..<200])
  return (standardize(moons[0..<200]), standardize(moons[200..<400]))
}

/// How the hidden blocks of a deep tanh network are made.
enum Architecture: String, Sendable {
  /// Linear → tanh.
  case plain
  /// Linear (no bias) → BatchNorm1d → tanh.
  case batchNorm = "BatchNorm"
  /// x + α·tanh(Linear(x)), α learned from 0.
  case rezero = "ReZero"
}

/// One trained network: its loss and the update:data ratio of every Linear at every step.
struct TrainingRun: Sendable {
  /// "BatchNorm, gain 0.5".
  var name: String
  /// The training loss at each step.
  var losses: [Double] = []
  /// `ratios[layer][step]`: log₁₀ std(update)/std(weights) of Linear `layer` (input first).
  var ratios: [[Double]] = []
  /// The share of training points classified correctly after training (evaluation mode).
  var trainAccuracy = 0.0
  /// The same on held-out points.
  var testAccuracy = 0.0
  /// The learned α of the ReZero blocks after training (empty for the others).
  var alphas: [Double] = []
}

/// A network 2 → `depth` hidden blocks of `width` → 1 logit; every Linear drawn from xavierNormal(gain).
func deepTanhNet(
  _ architecture: Architecture, depth: Int, width: Int, gain: Double, using rng: inout SplitMix64
) -> (net: Sequential, linears: [Linear], alphas: [Value]) {
  func linear(_ inputs: Int, _ outputs: Int, bias: Bool = true) -> Linear {
    Linear(inputs: inputs, outputs: outputs, bias: bias, initializer: .xavierNormal(gain: gain), using: &rng)
  }
  var modules: [any BatchModule] = []
  var linears: [Linear] = []
  var alphas: [Value] = []
  for block in 0..<depth {
    let l = linear(block == 0 ? 2 : width, width, bias: architecture != .batchNorm)
    linears.append(l)
    switch architecture {
    case .plain: modules += [l, Activation.tanh]
    case .batchNorm: modules += [l, BatchNorm1d(width), Activation.tanh]
    case .rezero where block == 0: modules += [l, Activation.tanh]
    case .rezero:
      let residual = Residual(Sequential(l, Activation.tanh), scale: .rezero)
      alphas.append(residual.alpha!)
      modules.append(residual)
    }
  }
  linears.append(linear(width, 1))
  return (Sequential(modules + [linears[linears.count - 1]]), linears, alphas)
}

/// Trains one network with SGD on random batches of `batchSize`, binary cross-entropy, recording every step.
func trainingRun(
  _ architecture: Architecture, gain: Double, gainLabel: String, depth: Int, width: Int, steps: Int, batchSize: Int,
  learningRate: Double, data: Dataset, test: Dataset, seed: UInt64
) -> TrainingRun {
  var rng = SplitMix64(seed: seed)
  let (net, linears, alphas) = deepTanhNet(architecture, depth: depth, width: width, gain: gain, using: &rng)
  let parameters = net.parameters
  var position: [ObjectIdentifier: Int] = [:]
  for (index, p) in parameters.enumerated() { position[ObjectIdentifier(p)] = index }
  let weightIndices = linears.map { $0.weight.flatMap { $0 }.map { position[ObjectIdentifier($0)]! } }
  var run = TrainingRun(name: "\(architecture.rawValue), gain \(gainLabel)")
  run.ratios = Array(repeating: [], count: linears.count)
  var optimizer = SGD(parameters: parameters, learningRate: learningRate)
  _ = train(
    net, on: data, criterion: .binaryCrossEntropy, optimizer: &optimizer, steps: steps,
    batches: .random(size: batchSize, seed: seed &+ 1)
  ) { step in
    run.losses.append(step.loss)
    for (layer, indices) in weightIndices.enumerated() {
      run.ratios[layer].append(
        indices.map { step.updates[$0] }.updateToDataRatio(data: indices.map { parameters[$0].data }))
    }
  }
  net.eval()
  run.trainAccuracy = Criterion.binaryCrossEntropy.accuracy(of: net.callAsFunction, on: data)
  run.testAccuracy = Criterion.binaryCrossEntropy.accuracy(of: net.callAsFunction, on: test)
  run.alphas = alphas.map(\.data)
  return run
}
