// init-vs-training: the same deep tanh network, the same data, six initializations.
// Does the starting point matter once training begins? Watch the loss, the share of
// saturated tanh units and the update:data ratio.
//
//   swift run -c release init-vs-training                   # figures in ./out
//   swift run -c release init-vs-training --notebook out    # also out/init-vs-training.html, .ipynb and .md
//
// Written like a playground: each `/*: ## … */` block starts a step of the notebook, its prose beside the
// code; the page shows the code under it (without the lines that build the page) and what it printed.
import ExampleSupport
import Micrograd

let outputs = ExampleOutputs(
  CommandLineOptions(
    tool: "init-vs-training", summary: "One deep tanh network trained from six initializations.", options: []
  ).parse())
var notebook = Notebook("Does the initialization still matter once training starts?")

//: ## 1. The set-up
notebook.section("1. The set-up")
let depth = 10, width = 16, steps = 200, learningRate = 0.1
let sizes = Array(repeating: width, count: depth) + [1]
var dataRNG = SplitMix64(seed: 7)
let rawData = Dataset.moons(count: 400, noise: 0.1, labels: .zeroOne, using: &dataRNG)
let standardize = Standardization(fitting: rawData[0..<200])
let data = standardize(rawData[0..<200])
let testData = standardize(rawData[200..<400])
notebook.settings = [
  ("depth", .integer(depth)), ("width", .integer(width)), ("steps", .integer(steps)),
  ("learning rate", .number(learningRate)), ("seed", .integer(42)),
]
notebook.prose(
  """
  Data: 200 moons points (noise 0.1), standardized, labels 0 / 1; 200 more to test. Model: 2 → \(depth) tanh
  layers of \(width) → 1 logit, biases 0, binary cross-entropy. Training: \(steps) full-batch SGD steps with learning
  rate \(learningRate), identical for every run. Only the initial weights differ.
  """)

/// One initialization to compare, with what its weight variance does to tanh.
struct Contender {
  var name: String
  var initializer: WeightInitializer
  var note: String
}
let contenders = [
  Contender(name: "micrograd U(-1,1)", initializer: .micrograd, note: "var 1/3: fan_in·var = 5.3"),
  Contender(name: "normal std 2", initializer: .normal(mean: 0, std: 2), note: "fan_in·var = 64"),
  Contender(name: "Xavier (gain 1)", initializer: .xavierNormal(gain: 1), note: "fan_in·var = 1"),
  Contender(
    name: "Kaiming tanh (5/3)", initializer: .kaimingNormal(nonlinearity: .tanh), note: "PyTorch's gain for tanh"),
  Contender(name: "PyTorch Linear", initializer: .pytorchLinear, note: "U(±1/√fan_in): gain 1/√3"),
  Contender(name: "orthogonal (5/3)", initializer: .orthogonal(gain: 5.0 / 3), note: "orthogonal × 5/3"),
]

//: ## 2. Training each contender
notebook.section("2. Training each contender")
/// The share of tanh outputs with |t| > 0.97, where the local gradient 1 − t² < 0.06 (makemore part 3).
func saturatedShare(_ graph: Value) -> Double {
  let tanhs = graph.topologicalOrder().filter { $0.op == .tanh }
  return Double(tanhs.filter { abs($0.data) > 0.97 }.count) / Double(max(1, tanhs.count))
}

/// log10(std(update) / std(data)) averaged over the layers (~ -3 is healthy, makemore part 3).
func meanUpdateToDataRatio(updates: [Double], parameters: [Value], layerSizes: [Int]) -> Double {
  var start = 0, total = 0.0
  for count in layerSizes {
    let range = start..<(start + count)
    total += Array(updates[range]).updateToDataRatio(data: parameters[range].map(\.data))
    start += count
  }
  return total / Double(layerSizes.count)
}

struct Run {
  var contender: Contender
  var losses: [Double] = []
  var saturation: [Double] = []
  var ratios: [Double] = []
  var accuracy = 0.0
  var testAccuracy = 0.0
}
var runs: [Run] = []
for contender in contenders {
  var rng = SplitMix64(seed: 42)
  let model = MLP(
    inputs: 2, sizes: sizes, activation: .tanh, outputActivation: .identity, initializer: contender.initializer,
    using: &rng)
  let parameters = model.parameters
  var fanIn = 2
  let layerSizes = sizes.map { n in
    defer { fanIn = n }
    return n * (fanIn + 1)
  }
  var run = Run(contender: contender)
  var optimizer = SGD(parameters: parameters, learningRate: learningRate)
  var progress = ProgressLine(total: steps)
  let stopwatch = Stopwatch()
  _ = train(model, on: data, criterion: .binaryCrossEntropy, optimizer: &optimizer, steps: steps) {
    step in
    run.losses.append(step.loss)
    if step.step % 10 == 0 { run.saturation.append(saturatedShare(step.graph)) }
    run.ratios.append(meanUpdateToDataRatio(updates: step.updates, parameters: parameters, layerSizes: layerSizes))
    progress.update(step)
  }
  progress.finish()
  run.accuracy = Criterion.binaryCrossEntropy.accuracy(of: model.callAsFunction, on: data)
  run.testAccuracy = Criterion.binaryCrossEntropy.accuracy(of: model.callAsFunction, on: testData)
  print("  \(contender.name.padded(after: 20)) trained in \(stopwatch)")
  runs.append(run)
}

//: ## 3. What happened
notebook.section("3. What happened")
let middle = min(50, steps - 1)
var table = Table(
  "Six initializations, the same training",
  columns: [
    "initialization", "weights", "saturated@0", "log10 upd:data@0", "loss@0", "loss@\(middle)", "final loss",
    "accuracy", "test",
  ])
for run in runs {
  table.append([
    .text(run.contender.name), .text(run.contender.note), .percent(run.saturation[0]),
    .number(run.ratios[0], decimals: 2), .number(run.losses[0], decimals: 3), .number(run.losses[middle], decimals: 3),
    .number(run.losses.last!, decimals: 4), .percent(run.accuracy), .percent(run.testAccuracy),
  ])
}
notebook.table(table)
let byMiddle = runs.sorted { $0.losses[middle] < $1.losses[middle] }
let byFinal = runs.sorted { $0.losses.last! < $1.losses.last! }
let stalled = runs.filter { $0.losses.last! > 0.9 * $0.losses[0] }
let mostSaturated = runs.max { $0.saturation[0] < $1.saturation[0] }!
func names(_ runs: [Run]) -> String { runs.map(\.contender.name).joined(separator: ", ") }
notebook.prose(
  """
  - Lowest loss at step \(middle): \(byMiddle[0].contender.name) (\(byMiddle[0].losses[middle].formatted(decimals: 3))), \
  then \(byMiddle[1].contender.name) and \(byMiddle[2].contender.name); after \(steps) steps: \
  \(byFinal[0].contender.name) (\(byFinal[0].losses.last!.formatted(decimals: 4))).
  - \(stalled.isEmpty ? "No run stalled" : "Stalled (final loss above 90% of the first): \(names(stalled))")\
  \(stalled.isEmpty ? "." : "; the loss of a coin flip is ln 2 = 0.693.")
  - Most saturated at the start: \(mostSaturated.contender.name), with \
  \((100 * mostSaturated.saturation[0]).formatted(decimals: 1))% of the tanh units at |t| > 0.97; its test accuracy is \
  \((100 * mostSaturated.testAccuracy).formatted(decimals: 1))%.
  - The update:data ratio at the first step ranges from 10^\((runs.map { $0.ratios[0] }.min()!).formatted(decimals: 1)) to \
  10^\((runs.map { $0.ratios[0] }.max()!).formatted(decimals: 1)) (about 10^-3 is healthy).

  This network is narrow (fan-in 16) and only \(depth) layers deep, so most starts end up trained: the differences
  are in how fast, and in what the saturated start does to the boundary it learns.
  """)

//: ## 4. The curves, side by side
notebook.section("4. The curves, side by side")
@MainActor func chart(
  _ title: String, yLabel: String, yScale: Chart.Scale = .linear, every: Int, _ pick: (Run) -> [Double]
)
  -> Chart
{
  var chart = Chart(title: title, xLabel: "step", yLabel: yLabel, yScale: yScale)
  chart.width = 420
  chart.height = 360
  for run in runs {
    let ys = pick(run)
    chart.addLine(run.contender.name, xs: ys.indices.map { Double($0 * every) }, ys: ys)
  }
  return chart
}
let grid = ChartGrid(
  title: "The same \(depth)-layer tanh network on moons, six initializations, \(steps) SGD steps (lr \(learningRate))",
  charts: [
    chart("training loss", yLabel: "loss", yScale: .log10, every: 1) { $0.losses },
    chart("saturated tanh units", yLabel: "% with |t| > 0.97", every: 10) { $0.saturation.map { 100 * $0 } },
    chart("update:data ratio (mean over layers)", yLabel: "log10 std(update)/std(data)", every: 1) { $0.ratios },
  ])
notebook.figure("curves", grid, caption: "Loss, saturation and update:data ratio of every run.")

outputs.save(notebook)
