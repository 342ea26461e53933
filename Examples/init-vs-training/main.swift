// init-vs-training: the same deep tanh network, the same data, six initializations.
// Does the starting point matter once training begins? Watch the loss, the share of
// saturated tanh units and the update:data ratio.
// Run: swift run -c release init-vs-training [--out FOLDER]     (figures go to ./out by default)
import ExampleSupport
import Micrograd

// MARK: - Options: --out FOLDER (default ./out)

let folder = CommandLineOptions(
  tool: "init-vs-training", summary: "One deep tanh network trained from six initializations.",
  options: [.init("--out", "FOLDER", "where the SVG figure goes (default ./out)")]
).parse().string("--out", default: "out")

// MARK: - 1. The set-up

let depth = 10, width = 16, steps = 200, learningRate = 0.1
let sizes = Array(repeating: width, count: depth) + [1]
var dataRNG = SplitMix64(seed: 7)
let rawData = Dataset.moons(count: 400, noise: 0.1, labels: .zeroOne, using: &dataRNG)
let standardize = Standardization(fitting: rawData[0..<200])
let data = standardize(rawData[0..<200])
let testData = standardize(rawData[200..<400])

print(
  """
  1. The set-up

     Data: 200 moons points (noise 0.1), standardized; labels 0 / 1.
     Model: 2 -> \(depth) tanh layers of \(width) -> 1 logit, biases 0; binary cross-entropy.
     Training: \(steps) full-batch SGD steps, lr \(learningRate), identical for every run.
     Only the initial weights differ.

  """)

/// One initialization to compare, with a note on what its weight variance does to tanh.
struct Contender {
  var name: String
  var initializer: WeightInitializer
  var note: String
}

let contenders = [
  Contender(name: "micrograd U(-1,1)", initializer: .micrograd, note: "var 1/3: fan_in·var = 5.3, saturates"),
  Contender(name: "normal std 2", initializer: .normal(mean: 0, std: 2), note: "fan_in·var = 64: deep saturation"),
  Contender(
    name: "Xavier (gain 1)", initializer: .xavierNormal(gain: 1), note: "fan_in·var = 1: signal slowly shrinks"),
  Contender(
    name: "Kaiming tanh (5/3)", initializer: .kaimingNormal(nonlinearity: .tanh),
    note: "gain 5/3: PyTorch's advice for tanh"),
  Contender(name: "PyTorch Linear", initializer: .pytorchLinear, note: "U(±1/√fan_in), gain 1/√3: signal fades"),
  Contender(name: "orthogonal (5/3)", initializer: .orthogonal(gain: 5.0 / 3), note: "orthogonal × 5/3: norms kept"),
]

// MARK: - 2. Diagnostics computed from each step

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
    total += updateToDataRatio(updates: Array(updates[range]), data: parameters[range].map(\.data))
    start += count
  }
  return total / Double(layerSizes.count)
}

// MARK: - 3. Training each contender

struct Run {
  var contender: Contender
  var losses: [Double] = []
  var saturation: [Double] = []
  var ratios: [Double] = []
  var accuracy = 0.0
  var testAccuracy = 0.0
}

print("2. Training (each run: \(steps) steps)\n")
var runs: [Run] = []
for contender in contenders {
  var rng = SplitMix64(seed: 42)
  let model = MLP(
    inputs: 2, sizes: sizes, activation: .tanh, outputActivation: .identity,
    initializer: contender.initializer, using: &rng)
  let parameters = model.parameters
  var fanIn = 2
  let layerSizes = sizes.map { n in
    defer { fanIn = n }; return n * (fanIn + 1)
  }
  var run = Run(contender: contender)
  var optimizer = SGD(parameters: parameters, learningRate: learningRate)
  var progress = ProgressLine(total: steps)
  let elapsed = Stopwatch()
  do {
    _ = train(model.callAsFunction, on: data, criterion: .binaryCrossEntropy, optimizer: &optimizer, steps: steps) {
      step in
      run.losses.append(step.loss)
      if step.step % 10 == 0 { run.saturation.append(saturatedShare(step.graph)) }
      run.ratios.append(meanUpdateToDataRatio(updates: step.updates, parameters: parameters, layerSizes: layerSizes))
      progress.update(step)
    }
  }
  progress.finish()
  run.accuracy = Criterion.binaryCrossEntropy.accuracy(of: model.callAsFunction, on: data)
  run.testAccuracy = Criterion.binaryCrossEntropy.accuracy(of: model.callAsFunction, on: testData)
  print(
    "   \(padRight(contender.name, 20)) loss \(formatted(run.losses[0], decimals: 3)) -> \(formatted(run.losses.last!, decimals: 3))   accuracy \(formatted(100 * run.accuracy, decimals: 1))%  test \(formatted(100 * run.testAccuracy, decimals: 1))%   (\(elapsed))"
  )
  runs.append(run)
}

// MARK: - 4. The table

print("\n3. What happened\n")
print(
  "   " + padRight("initialization", 20) + padRight("saturated@0", 13) + padRight("log10 upd:data@0", 18)
    + padRight("loss@50", 9)
    + padRight("final loss", 12) + padRight("accuracy", 10) + "why")
for run in runs {
  print(
    "   " + padRight(run.contender.name, 20) + padRight(formatted(100 * run.saturation[0], decimals: 1) + "%", 13)
      + padRight(formatted(run.ratios[0], decimals: 2), 18)
      + padRight(formatted(run.losses[min(50, steps - 1)], decimals: 3), 9)
      + padRight(formatted(run.losses.last!, decimals: 4), 12)
      + padRight(formatted(100 * run.accuracy, decimals: 1) + "%", 10)
      + run.contender.note)
}

// MARK: - 5. The curves, side by side (SVG)

@MainActor func chart(
  _ title: String, yLabel: String, yScale: Chart.Scale = .linear, every: Int, _ pick: (Run) -> [Double]
) -> Chart {
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
let path = folder + "/training-init-curves.svg"
write(grid, to: path, tool: "init-vs-training")
print("\n4. Wrote \(path): loss, saturation and update:data ratio for every run.")
print(
  """

     What to notice:
     - PyTorch's Linear default shrinks the signal by about 1/√3 per layer: after \(depth) layers the
       output barely depends on the input and the gradients of the first layers vanish. It stalls at
       log 2 = 0.693, the loss of a coin flip, with an update:data ratio near 1e-4.
     - normal std 2 starts with most tanh units saturated: their local gradient 1 − t² is near 0,
       so the loss falls slowly and the learned boundary is ragged (lower test accuracy).
     - Xavier (gain 1) is safe but slower early on: tanh's slope < 1 shrinks the signal layer by layer.
     - Kaiming with tanh's gain 5/3, and orthogonal × 5/3, keep the signal alive without saturating
       most units: fastest descent.
     - micrograd's U(-1, 1) sits between: some saturation, but this network is narrow (fan_in 16), so
       it survives.
  """)
