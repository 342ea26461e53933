// training-diagnostics: the diagnostics of Karpathy's "activations & gradients" lecture (makemore part 3), watched
// while a deep tanh network trains, layer by layer: from a too-small gain, the right one, a too-large one, and with
// BatchNorm.
//
//   swift run -c release training-diagnostics                   # figures in ./out
//   swift run -c release training-diagnostics --notebook out    # also out/training-diagnostics.html, .ipynb and .md
//
// Written like a playground: each `/*: ## … */` block starts a step of the notebook, its prose beside the code.
// (Watching.swift builds, trains and records the networks; Figures.swift draws and summarizes what they recorded.)
import ExampleSupport
import Foundation
import Micrograd

let parsed = CommandLineOptions(
  tool: "training-diagnostics",
  summary: "The lecture's per-layer diagnostics while a deep tanh network trains, from five starts.",
  options: [
    .init("--depth", "N", "hidden tanh layers (default 6, at least 2)"),
    .init("--width", "N", "units per hidden layer (default 32)"),
    .init("--steps", "N", "SGD steps of every run (default 300, from 100 to 10000)"),
    .init("--learning-rate", "X", "SGD's learning rate (default 0.1, the lecture's; 1e-6 to 10)"),
    .init("--seed", "SEED", "seed of the data, the weights and the batches (default 0)"),
  ]
).parse()
let depth = parsed.positiveInteger(
  "--depth", default: 6, atLeast: 2, "the first and the last hidden layer are compared")
let width = parsed.positiveInteger("--width", default: 32)
let steps = parsed.positiveInteger(
  "--steps", default: 300, atLeast: 100, "the verdicts read the last 100 steps",
  atMost: 10_000, "five starts train that many steps (about 10 s per 100 at the defaults)")
let learningRate =
  parsed.positiveNumber(
    "--learning-rate", in: 1e-6...10, "from 1e-6 to 10, the range this example was tried over")
  ?? 0.1
let seed = parsed.seed("--seed", default: 0)
let batchSize = 32
parsed.options.requireMemory(width: width, settings: "depth \(depth), batch \(batchSize), \(steps) steps") {
  .trainingDiagnostics(depth: depth, width: $0, batch: batchSize, steps: steps)
}
let outputs = ExampleOutputs(parsed)
var notebook = Notebook("Watching a deep tanh network train, layer by layer")
notebook.settings = [
  ("depth", .integer(depth)), ("width", .integer(width)), ("steps", .integer(steps)), ("batch", .integer(batchSize)),
  ("learning rate", .number(learningRate)), ("seed", .integer(seed)),
]
let clock = Stopwatch()

/*:
 ## 1. One network, five starts

 The lecture watches a stack of `Linear → tanh` blocks learn names, character by character. Here the same stack
 learns a toy problem instead: 2 inputs → the hidden tanh layers → 3 logits, softmax cross-entropy, three
 interleaved spirals. Every hidden Linear is drawn as the lecture draws it, `torch.randn(fan_in, fan_out) /
 fan_in**0.5` times a gain g — N(0, g²/fan_in) — with biases 0, and the output layer is scaled by 0.1 as in the
 lecture ("make less confident"). The five starts differ only in the hidden blocks:

 - **gain 0.5**: too small. Near 0 tanh is almost linear, so every layer roughly halves the signal.
 - **gain 5/3**: PyTorch's `calculate_gain('tanh')`, the lecture's choice.
 - **gain 3**: too large: tanh saturates.
 - **BatchNorm, gain 0.5**: `Linear (no bias) → BatchNorm1d → tanh`, the lecture's last network, from the bad gain.
 - **BatchNorm, gain 5/3**: the same network from the right gain (step 6 compares the two).
 */
notebook.section("1. One network, five starts")
let classes = 3
var dataRNG = SplitMix64(seed: seed)
let rawTrain = Dataset.spirals(pointsPerClass: 100, classes: classes, noise: 0.2, using: &dataRNG)
let rawTest = Dataset.spirals(pointsPerClass: 100, classes: classes, noise: 0.2, using: &dataRNG)
let standardize = Standardization(fitting: rawTrain)
let (trainSet, testSet) = (standardize(rawTrain), standardize(rawTest))
let starts = Start.fiveStarts
notebook.prose(
  """
  Data: \(trainSet.count) spiral points to train on and \(testSet.count) to test (noise 0.2, standardized with the \
  training points' statistics). Model: 2 → \(depth) tanh layers of \(width) → \(classes) logits. Training: \(steps) \
  SGD steps with learning rate \(learningRate) on random batches of \(batchSize), the same batches and the same \
  random draws for the weights in every run (seed \(seed)).
  """)

/*:
 ## 2. Training, watched

 Each start trains with plain SGD. After every update the run reads what the lecture's loop and plots read: the
 loss; `log10(std(lr·grad) / std(W))` of every Linear's weights, the lecture's `ud`; and the tanh outputs of that
 step's forward pass with their gradients, kept by a `Watched` module around each tanh — the lecture's
 `layer.out` with `retain_grad()`.
 */
notebook.section("2. Training, watched")
let runs = await concurrently(
  starts.map { start in
    {
      watchedRun(
        start, depth: depth, width: width, steps: steps, batchSize: batchSize, learningRate: learningRate,
        data: trainSet, test: testSet, seed: seed &+ 1)
    }
  })
print("  (trained in \(clock))")
let last = steps - 1
var outcome = Table(
  "Five starts, the same training", columns: ["start", "loss @0", "loss, last 20", "train", "test", "stopped"])
for run in runs {
  outcome.append([
    .text(run.start.name), .number(run.losses[0], decimals: 3), .number(run.losses.suffix(20).mean, decimals: 3),
    .percent(run.trainAccuracy), .percent(run.testAccuracy), .text(run.divergence.map(\.description) ?? "no"),
  ])
}
notebook.table(outcome)
notebook.figure(
  "loss", lossChart(runs), caption: "The training loss of every start; ln 3 = 1.099 is a guess among three classes.")

/*:
 ## 3. Activations, layer by layer

 The lecture's first plot: a histogram of every tanh layer's outputs, and the share of them with |t| > 0.97,
 where tanh's local gradient 1 − t² is below 0.06 and little gradient passes. Each histogram is of one step's
 batch (every sample, every unit); left the first step, right the last.
 */
notebook.section("3. Activations, layer by layer")
var activations = Table(
  "Tanh outputs per layer, step 0 and step \(last)",
  columns: ["start", "layer", "std @0", "saturated @0", "std @\(last)", "saturated @\(last)"])
for run in runs {
  for (layer, (first, final)) in zip(run.first, run.last).enumerated() {
    activations.append([
      .text(run.start.name), .integer(layer + 1), .number(first.activations.standardDeviation),
      .percent(first.activations.saturatedFraction(threshold: 0.97)), .number(final.activations.standardDeviation),
      .percent(final.activations.saturatedFraction(threshold: 0.97)),
    ])
  }
}
notebook.table(activations)
let activationFigure = histogramGrid(runs, title: "Tanh outputs per layer", xLabel: "t", range: -1...1) {
  $0.activations
}
notebook.figure(
  "activations", activationFigure.grid,
  caption: "Each layer's tanh outputs on one batch: step 0 (left) and the last step (right), one row per start.")
notebook.prose(
  runs.map { run in
    let s = run.signal
    return "- \(run.start.name): at step 0 the std of the outputs goes from \(f(s.first)) in layer 1 to \(f(s.last)) "
      + "in layer \(depth); the most saturated layer, \(s.layer), has \(d(100 * s.saturated, 1))% of its outputs at "
      + "|t| > 0.97."
  }.joined(separator: "\n"))

/*:
 ## 4. Gradients, layer by layer

 The lecture's second plot: histograms of ∂loss/∂t, the gradient arriving at every tanh layer's outputs in the
 same steps. Healthy layers pass on gradients of about the same size; a shrinking signal shrinks them toward the
 input, saturation blocks them.
 */
notebook.section("4. Gradients, layer by layer")
var gradients = Table(
  "Gradients of the tanh outputs per layer, step 0 and step \(last)",
  columns: ["start", "layer", "std @0", "std @\(last)"])
for run in runs {
  for (layer, (first, final)) in zip(run.first, run.last).enumerated() {
    gradients.append([
      .text(run.start.name), .integer(layer + 1), .number(first.gradients.standardDeviation, significant: 2),
      .number(final.gradients.standardDeviation, significant: 2),
    ])
  }
}
notebook.table(gradients)
let gradientFigure = histogramGrid(runs, title: "Gradients of the tanh outputs per layer", xLabel: "dloss/dt") {
  $0.gradients
}
notebook.figure(
  "gradients", gradientFigure.grid,
  caption: """
    Each layer's ∂loss/∂t on the same batches: step 0 (left) and the last step (right), one row per start; every \
    panel bins ± 4 times its widest layer's std (at most \(d(100 * gradientFigure.outside, 1))% of a layer's values \
    fall outside).
    """)
notebook.prose(
  runs.map { run in
    "- \(run.start.name): at step 0 the gradient's std in layer 1 is \(f(run.gradientSpread)) times layer \(depth)'s."
  }.joined(separator: "\n"))

/*:
 ## 5. The update-to-data ratio, layer by layer

 The lecture's last plot: for every weight matrix, log₁₀ of the size of one update relative to the size of the
 weights, std(lr·grad)/std(W), at every step, against a guide line at −3: an update about a thousandth of the
 weights. Far below, a layer barely learns; far above, its weights thrash.
 */
notebook.section("5. The update-to-data ratio, layer by layer")
notebook.figure(
  "update-to-data", ratioGrid(runs),
  caption: "log10 std(lr·grad)/std(W) of every Linear's weights (W\(depth + 1): the output layer), every step.")
let (window, band) = (100, 0.5)
var ratios = Table(
  "Update:data ratio per Linear, log10 std(lr·grad)/std(W)",
  columns: ["start", "weights", "@0", "median, last \(window)", "lowest", "highest", "steps within -3 ± \(band)"])
for run in runs {
  for (layer, series) in run.ratios.enumerated() {
    let near = series.filter { abs($0 + 3) <= band }.count
    ratios.append([
      .text(run.start.name), .text("W\(layer + 1)"), .number(series[0], decimals: 2),
      .number(median(Array(series.suffix(window))), decimals: 2), .number(series.min()!, decimals: 2),
      .number(series.max()!, decimals: 2), .percent(Double(near) / Double(series.count)),
    ])
  }
}
notebook.table(ratios)
notebook.prose(
  runs.map { run in
    "- \(run.start.name): at step 0 \(ratioVerdict(run.ratios.map { $0[0] }, band: band)); over the last \(window) "
      + "steps, by their medians, \(ratioVerdict(run.medians(last: window), band: band))."
  }.joined(separator: "\n"))

/*:
 ## 6. BatchNorm divides out the gain, not from the update

 BatchNorm after a Linear divides out the scale of its weights: W and g·W give the same outputs, so the tanh
 layers of the two BatchNorm starts see the same numbers at step 0. The gradient does not: ∂loss/∂(g·W) is
 ∂loss/∂W divided by g, so the update:data ratio of a normalized Linear goes as 1/g², and from gain 0.5 it starts
 2·log₁₀((5/3)/0.5) = 1.046 decades above the ratio from gain 5/3. The output Linear, not normalized, starts the
 same in both. Two things move the measured difference: BatchNorm's ε, added to each unit's batch variance (one
 more step 0 of each start with ε = 1e-14 shows how much), and, in the third decimal, the lecture's dividing by
 the std of the weights after the update.
 */
notebook.section("6. BatchNorm divides out the gain, not from the update")
let (fromSmall, fromRight) = (runs[3], runs[4])
let tinyEpsilon = await concurrently(
  [fromSmall.start, fromRight.start].map { start in
    {
      watchedRun(
        Start(name: start.name, gain: start.gain, batchNorm: true, epsilon: 1e-14), depth: depth, width: width,
        steps: 1, batchSize: batchSize, learningRate: learningRate, data: trainSet, test: testSet, seed: seed &+ 1)
    }
  })
let predicted = 2 * log10((5.0 / 3) / 0.5)
var pair = Table(
  "BatchNorm from gain 0.5 and from gain 5/3, step 0",
  columns: [
    "layer", "tanh std, 0.5", "tanh std, 5/3", "update:data, 0.5", "update:data, 5/3", "difference",
    "difference, ε = 1e-14", "1/g² predicts",
  ])
var differences: [(ε5: Double, ε14: Double)] = []
for layer in 0...depth {
  let std = { (run: WatchedRun) -> Table.Cell in
    layer < depth ? .number(run.first[layer].activations.standardDeviation, significant: 6) : "–"
  }
  let difference = fromSmall.ratios[layer][0] - fromRight.ratios[layer][0]
  let exact = tinyEpsilon[0].ratios[layer][0] - tinyEpsilon[1].ratios[layer][0]
  if layer < depth { differences.append((difference, exact)) }
  pair.append([
    .text(layer < depth ? "\(layer + 1)" : "output"), std(fromSmall), std(fromRight),
    .number(fromSmall.ratios[layer][0], decimals: 3), .number(fromRight.ratios[layer][0], decimals: 3),
    .number(difference, decimals: 3), .number(exact, decimals: 3), .number(layer < depth ? predicted : 0, decimals: 3),
  ])
}
notebook.table(pair)
let (ε5, ε14) = (differences.map(\.ε5), differences.map(\.ε14))
notebook.prose(
  """
  In W1–W\(depth) the ratios from gain 0.5 start \(span(ε5)) decades higher; with ε = 1e-14, \(span(ε14)) \
  (predicted: \(d(predicted, 3))). After \(steps) steps the medians \
  of the last \(window) are \(ratioVerdict(fromSmall.medians(last: window), band: band)) from gain 0.5 and \
  \(ratioVerdict(fromRight.medians(last: window), band: band)) from gain 5/3.
  """)

/*:
 ## What this run shows

 One row per start, every cell computed from the tables above: what each diagnostic says at step 0, and where
 the update:data ratios went.
 */
notebook.section("What this run shows")
var atStart = Table(
  "What the diagnostics show at step 0",
  columns: [
    "start", "tanh std, layer 1 → \(depth)", "most saturated", "grad std, layer 1 / \(depth)", "update:data",
  ])
var atEnd = Table(
  "What the update:data ratio and the test say after training",
  columns: ["start", "update:data, medians of the last \(window)", "loss, last 20", "test"])
for run in runs {
  let s = run.signal
  atStart.append([
    .text(run.start.name), .text("\(f(s.first)) → \(f(s.last))"),
    .text("\(d(100 * s.saturated, 1))% (layer \(s.layer))"),
    .number(run.gradientSpread, significant: 2), .text(ratioVerdict(run.ratios.map { $0[0] }, band: band)),
  ])
  atEnd.append([
    .text(run.start.name), .text(ratioVerdict(run.medians(last: window), band: band)),
    .number(run.losses.suffix(20).mean, decimals: 3), .percent(run.testAccuracy),
  ])
}
notebook.table(atStart)
notebook.table(atEnd)
let (best, worst) = (runs.max { $0.testAccuracy < $1.testAccuracy }!, runs.min { $0.testAccuracy < $1.testAccuracy }!)
notebook.prose(
  """
  After \(steps) steps the best test accuracy is \(best.start.name)'s, \(d(100 * best.testAccuracy, 1))%, the \
  lowest \(worst.start.name)'s, \(d(100 * worst.testAccuracy, 1))% (seed \(seed)).
  """)
notebook.prose(lossGrew(runs, learningRate: learningRate))
outputs.save(notebook)
