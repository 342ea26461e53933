// The isometry notebook's training comparison: one deep tanh network, three starts.
import ExampleSupport
import Micrograd

/// One training run, and what its network looked like at step 0.
struct TrainingRun {
  var label: String
  /// The loss (binary cross-entropy) before each update.
  var losses: [Double]
  /// The Jacobian spectrum of the square hidden stack (layers 2 … L) at step 0, at 4 data points.
  var spectrum: SpectrumProbe.Result
  /// The std of the last hidden layer's outputs over the data at step 0.
  var lastHiddenStd: Double
  /// The share of the training points classified correctly after the last step.
  var accuracy: Double

  /// Measures `model` at step 0, then trains it with full-batch SGD on `data`.
  init(_ label: String, model: MLP, data: Dataset, steps: Int, learningRate: Double) {
    self.label = label
    let hidden = MLP(layers: Array(model.layers.dropFirst().dropLast()))
    let firstOutputs = data.inputs.map(model.layers[0].evaluate)
    spectrum = SpectrumProbe.measure(hidden, at: Array(firstOutputs.prefix(4)))
    lastHiddenStd = firstOutputs.map(hidden.evaluate).flatMap { $0 }.standardDeviation
    var optimizer = SGD(parameters: model.parameters, learningRate: learningRate)
    losses =
      train(
        model, on: data, criterion: .binaryCrossEntropy, optimizer: &optimizer, steps: steps
      ).losses
    accuracy = Criterion.binaryCrossEntropy.accuracy(of: model.callAsFunction, on: data)
  }

  /// The first step whose loss is below `threshold` (nil: never within the run).
  func steps(below threshold: Double) -> Int? { losses.firstIndex { $0 < threshold } }
}

/// "34", or "> 150" when the run never got there.
func stepsCell(_ run: TrainingRun, _ threshold: Double) -> Table.Cell {
  run.steps(below: threshold).map { .integer($0) } ?? .text("> \(run.losses.count)")
}

/// The training table: step 0's Jacobian and signal, then how fast each run got where.
func trainingTable(_ runs: [TrainingRun], thresholds: [Double], title: String) -> Table {
  var table = Table(
    title,
    columns: ["start", "hidden J: mean σ²", "spread", "last hidden std", "loss, step 0"]
      + thresholds.map { "steps to < \($0)" } + ["final loss", "accuracy"])
  for run in runs {
    table.append(
      [
        .text(run.label), .number(run.spectrum.meanSquare), .number(run.spectrum.spread), .number(run.lastHiddenStd),
        .number(run.losses[0]),
      ] + thresholds.map { stepsCell(run, $0) } + [.number(run.losses.last!), .percent(run.accuracy)])
  }
  return table
}

/// The loss of every run at every step, on a log scale.
func lossChart(_ runs: [TrainingRun]) -> Chart {
  var chart = Chart(title: "Training loss", xLabel: "step", yLabel: "binary cross-entropy", yScale: .log10)
  for run in runs { chart.addLine(run.label, xs: run.losses.indices.map(Double.init), ys: run.losses) }
  return chart
}

/// "after 34 steps", or "not within 120 steps".
func reached(_ run: TrainingRun, _ threshold: Double) -> String {
  run.steps(below: threshold).map { "after \($0) steps" } ?? "not within \(run.losses.count) steps"
}

/// The three starts of the training comparison, drawn from `seed`: Gaussian and orthogonal at `gain`,
/// and LSUV (orthogonal, then rescaled on the training inputs), with LSUV's report.
func trainingStarts(
  sizes: [Int], gain: Double, data: Dataset, seed: UInt64
) -> (starts: [(label: String, model: MLP)], lsuv: LSUV.Report) {
  func start(_ initializer: WeightInitializer) -> MLP {
    var rng = SplitMix64(seed: seed)
    return MLP(
      inputs: 2, sizes: sizes, activation: .tanh, outputActivation: .identity, initializer: initializer, using: &rng)
  }
  var rng = SplitMix64(seed: seed)
  let lsuv = LSUV().network(
    inputs: 2, sizes: sizes, activation: .tanh, outputActivation: .identity, batch: data.inputs, using: &rng)
  let g = gain.formatted(significant: 3)
  return (
    [
      ("Gaussian, gain \(g)", start(.xavierNormal(gain: gain))),
      ("orthogonal, gain \(g)", start(.orthogonal(gain: gain))),
      ("LSUV", lsuv.network),
    ], lsuv.report
  )
}

/// Which start first reached a loss of 0.2 and when, or that none did within `steps`.
func trainingVerdict(_ best: TrainingRun, steps: Int) -> String {
  best.steps(below: 0.2) == nil
    ? "no start reached a loss of 0.2 within \(steps) steps"
    : "\(best.label) first reached a loss of 0.2 (\(reached(best, 0.2)))"
}
