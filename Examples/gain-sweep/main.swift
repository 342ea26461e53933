// gain-sweep: the PyTorch forum's depth experiment ("Why does calculate_gain('tanh') return 5/3?")
// run on our own scalar autograd engine, as a notebook.
//
//   swift run -c release gain-sweep                                  # depth 100, width 128, batch 128
//   swift run -c release gain-sweep --notebook out                   # also out/gain-sweep.html, .ipynb and .md
//   swift run -c release gain-sweep --width 1000 --batch 100         # the forum's width (a few minutes)
//
// Written like a playground: each `/*: ## … */` block starts a step of the notebook, its prose beside the
// code; the page shows the code under it (without the lines that build the page) and what it printed.
import ExampleSupport
import Foundation
import Micrograd

let commandLine = CommandLineOptions(
  tool: "gain-sweep",
  summary: "The PyTorch forum's depth experiment: deep bias-free networks at PyTorch's gains, on our engine.",
  options: [
    .init("--depth", "N", "layers per network (default 100)"),
    .init("--width", "N", "units per layer and input features (default 128; the forum used 1000)"),
    .init("--batch", "N", "input samples drawn from N(0, 1) (default 128, at least 2)"),
    .init("--seed", "SEED", "seed of weights and inputs (default 0)"),
  ])
let parsed = commandLine.parse()
let (depth, width) = (parsed.positiveInteger("--depth", default: 100), parsed.positiveInteger("--width", default: 128))
let batch = parsed.positiveInteger("--batch", default: 128, atLeast: 2, "a std needs two samples")
let seed = parsed.seed("--seed", default: 0)
// Two configurations run at once, each with its own graph: refuse sizes that cannot fit, before any work.
parsed.options.requireMemory(width: width, settings: "depth \(depth), batch \(batch), 2 runs at a time") {
  .gainSweep(width: $0, depth: depth, batch: batch, notebook: parsed.values["--notebook"] != nil)
}
let outputs = ExampleOutputs(parsed)
let writesAPage = outputs.notebook != nil  // only a page shows section 5's gain explorer

/// The forum's eight configurations: an activation and the gain of `xavierNormal(gain)`.
let configurations: [(activation: Activation, gain: Double, label: String)] = [
  (.tanh, 5.0 / 3, "5/3"), (.tanh, 1, "1"), (.tanh, 1.1, "1.1"), (.relu, 2.0.squareRoot(), "√2"),
  (.selu, 1, "1"), (.selu, 0.75, "0.75"), (.sigmoid, 1, "1"), (.softsign, 1, "1"),
]
func name(_ c: (activation: Activation, gain: Double, label: String)) -> String { "\(c.activation) \(c.label)" }

var notebook = Notebook("Why does calculate_gain('tanh') return 5/3?")
notebook.settings = [
  ("depth", .integer(depth)), ("width", .integer(width)), ("batch", .integer(batch)), ("seed", .integer(seed)),
]

/*:
 ## 1. The experiment

 A PyTorch forum user answered with an experiment instead of a derivation: stack many layers without bias,
 initialize each with `xavier_normal_(gain)`, feed N(0, 1) inputs, and watch how the standard deviation of the
 signal evolves with depth, and how big the gradients are on the way back (loss = the sum of the last layer's
 outputs). A good gain keeps both in a sane range.

 We run it on our scalar engine: every neuron is one node per sample (its weighted sum and its activation
 together). PyTorch ran width 1000; `--width 1000 --batch 100` runs that here.
 */
notebook.section("1. The experiment")
notebook.prose(
  """
  Here each configuration stacks \(layers(depth)) of width \(width) and feeds a batch of \(batch): \
  \(depth) × \(width) × \(batch) = \(depth * width * batch) graph nodes.
  """)
// Section 5's gain explorer (notebook only) starts now, beside the sweep, so the page costs the explorer's CPU
// time shared over the two cores rather than its own wall time at the end. (At background priority it cost more.)
let explorer = writesAPage ? Task { await exploreTheGain(depth: depth, seed: seed) } : nil
let total = Stopwatch()
let results = await GainSweepProbe.run(
  configurations.map { c in
    .init(activation: c.activation, gain: c.gain, depth: depth, width: width, batch: batch, seed: seed)
  }
) { index, _ in
  progress("  \((name(configurations[index])).padded(after: 14)) done after \(total)")
}
progress("  all \(configurations.count) configurations in \(total), two at a time\n")
notebook.prose(
  width < 1000
    ? """
    This ran at width \(width). The forum's size is `swift run -c release gain-sweep --width 1000 --batch 100`: the same
    eight configurations, two at a time, in a few minutes and about 5 GB on a 2-core machine.
    """ : nil)

/*:
 ## 2. Does the signal survive?

 The standard deviation of each layer's output, over all units and samples. Where PyTorch measured the same
 width and depth (`Tests/Reference/generate_width_reference.py`), its mean over seeds is the row below ours
 (float64, its own random numbers, the batch it names).
 */
notebook.section("2. Does the signal survive?")
/// PyTorch's numbers at this width and depth, where they were measured (nil otherwise).
func reference(_ c: (activation: Activation, gain: Double, label: String)) -> PyTorchWidthReference.Run? {
  PyTorchWidthReference.run(c.activation, gain: c.gain, width: width, depth: depth)
}
let stdLayers = Array(stride(from: 10, through: depth, by: 10)) + (depth % 10 == 0 ? [] : [depth])
let stdTitle = depth >= 10 ? "Output std after every 10th layer" : "Output std after the last layer"
var stdTable = Table(stdTitle, columns: ["configuration"] + stdLayers.map { "@\($0)" })
for (c, result) in zip(configurations, results) {
  stdTable.append([.text(name(c))] + stdLayers.map { .number(result.outputStd[$0 - 1]) })
  if let pytorch = reference(c) {
    stdTable.append(
      [.text("  " + pytorch.label)] + stdLayers.map { l in pytorch.meanStd(atLayer: l).map { .number($0) } ?? "" })
  }
}
notebook.table(stdTable)
var stdChart = Chart(title: "Output std by depth (xavierNormal(gain), no bias)", xLabel: "layer", yLabel: "std")
for (c, result) in zip(configurations, results) {
  stdChart.addLine(name(c), xs: (1...depth).map(Double.init), ys: result.outputStd)
}
stdChart.height = 480
let sparklines = zip(configurations, results).map { c, r in
  "  \((name(c)).padded(after: 14)) \(Sparkline(r.outputStd))  \(r.outputStd.first!.formatted(significant: 3)) -> \(r.outputStd.last!.formatted(significant: 3))"
}
notebook.figure(
  "std", stdChart, caption: "Output std of every layer, one line per configuration.",
  text: "  std by depth (each line scaled to its own range; flat means stable):\n" + sparklines.joined(separator: "\n"))

/*:
 ## 3. Do the gradients survive?

 The last layer's output always has gradient 1 (the loss is its sum). Going back, every layer multiplies the
 gradient by its weights and by the activation's slope: whether that product is above or below 1 on average
 decides whether gradients explode or vanish.
 */
notebook.section("3. Do the gradients survive?")
let gradientLayers = [0, 1, 10, 50, depth - 1].filter { $0 < depth }.reduce(into: [Int]()) {
  if !$0.contains($1) { $0.append($1) }
}
func gradient(_ result: GainSweepProbe.Result, at layer: Int) -> Double {
  layer == 0 ? result.inputGradientMeanAbs : result.layerGradientMeanAbs[layer - 1]
}
var gradientTable = Table(
  "Mean |gradient| of the input and of layer outputs",
  columns: ["configuration"] + gradientLayers.map { $0 == 0 ? "input" : "layer \($0)" })
for (c, result) in zip(configurations, results) {
  gradientTable.append([.text(name(c))] + gradientLayers.map { .number(gradient(result, at: $0), significant: 2) })
  if let pytorch = reference(c) {
    gradientTable.append(
      [.text("  " + pytorch.label)]
        + gradientLayers.map { l in pytorch.meanGradient(atLayer: l).map { .number($0, significant: 2) } ?? "" })
  }
}
notebook.table(gradientTable)
var gradientChart = Chart(
  title: "Mean |gradient| by depth (loss = sum of outputs)", xLabel: "layer (0 = input)", yLabel: "mean |dL/dh|",
  yScale: .log10)
for (c, result) in zip(configurations, results) {
  gradientChart.addLine(
    name(c), xs: (0...depth).map(Double.init), ys: [result.inputGradientMeanAbs] + result.layerGradientMeanAbs)
}
// Sigmoid's gradients fall far below the others: let that line leave the chart at the bottom.
gradientChart.yRange = 1e-6...1e5
gradientChart.height = 520
notebook.figure(
  "grad", gradientChart, caption: "Mean |gradient| of every layer's output, from the input (0) to the last layer.")

//: ## 4. What this run shows
notebook.section("4. What this run shows")
/// What the signal did, from the whole run: exploded (a layer overflowed), died (the last layer below a tenth
/// of the first), or — from a trend, not two noisy layers — the least-squares line through ln(std) over the
/// second half of the layers: settled (it changes by under 10% across them, or by less than twice its standard
/// error), or still grows or shrinks (by the fitted factor).
func signal(_ r: GainSweepProbe.Result) -> String {
  let last = r.outputStd.last!
  if let layer = r.explodedAtLayer { return "explodes: it overflows a Double at layer \(layer)" }
  // Too few layers to tell settling from growing or shrinking.
  if depth < 4 { return "is \(last.formatted(significant: 2)) after \(layers(depth))" }
  if last < 0.1 * r.outputStd[0] {
    return "dies away (\(r.outputStd[0].formatted(significant: 2)) → \(last.formatted(significant: 2)))"
  }
  let from = depth / 2
  let span = (from...depth).map(Double.init)
  let line = leastSquaresLine(span, r.outputStd[(from - 1)...].map { log($0) })
  let change = exp(line.b * Double(depth - from))
  let range = "layers \(from)–\(depth)"
  if Swift.abs(change - 1) <= 0.1 || Swift.abs(line.b) <= 2 * line.bError {
    return
      "settles near \(last.formatted(significant: 2)) (the trend over \(range) is ×\(change.formatted(decimals: 2)))"
  }
  return
    "still \(change > 1 ? "grows" : "shrinks"): ×\(change.formatted(significant: 2)) over \(range), to \(last.formatted(significant: 2))"
}
/// What the gradients did on the way back: the input's mean |grad| against the last layer's (exactly 1).
func gradients(_ r: GainSweepProbe.Result) -> String {
  let ratio = r.inputGradientMeanAbs
  let perLayer = ratio > 0 ? pow(ratio, 1 / Double(depth)) : 0
  if ratio > 10 {
    return "grow ×\(ratio.formatted(significant: 2)) toward the input (×\(perLayer.formatted(decimals: 3)) per layer)"
  }
  if ratio < 0.1 {
    return "shrink to \(ratio.formatted(significant: 2)) at the input (×\(perLayer.formatted(decimals: 3)) per layer)"
  }
  return "stay within a factor 10 (input: \(ratio.formatted(significant: 2)))"
}
var verdicts = Table("What each configuration did", columns: ["configuration", "the signal", "the gradients"])
for (c, result) in zip(configurations, results) {
  verdicts.append([.text(name(c)), .text(signal(result)), .text(gradients(result))])
}
notebook.table(verdicts)
let tanh = results.prefix(3)
notebook.prose(
  """
  - tanh at 5/3: the signal \(signal(tanh[0])), and the gradients \(gradients(tanh[0])).
  - tanh at 1: the signal \(signal(tanh[1])), and the gradients \(gradients(tanh[1])).
  - tanh at 1.1: the signal \(signal(tanh[2])), and the gradients \(gradients(tanh[2])).

  \(tradeOff(tanh[0], tanh[1])) `fixed-point` predicts every number above from the gain alone.
  """)

/// Whether this run shows the trade the forum thread describes: at 5/3 a livelier signal than at
/// gain 1, paid for with gradients that grow more on the way back.
func tradeOff(_ fiveThirds: GainSweepProbe.Result, _ one: GainSweepProbe.Result) -> String {
  let (stdA, stdB) = (fiveThirds.outputStd.last!, one.outputStd.last!)
  let (gradA, gradB) = (fiveThirds.inputGradientMeanAbs, one.inputGradientMeanAbs)
  let measured = """
    at 5/3 the last std is \(stdA.formatted(significant: 2)) and the input's mean |grad| \
    \(gradA.formatted(significant: 2)); at 1 they are \(stdB.formatted(significant: 2)) and \(gradB.formatted(significant: 2))
    """
  let run = "this run (\(layers(depth)) of width \(width), seed \(seed))"
  if stdA > stdB && gradA > gradB {
    return
      "The gain chooses between a lively forward pass and a tame backward pass, and \(run) shows both sides: \(measured)."
  }
  return "The trade the thread describes does not show in \(run): \(measured)."
}

/// "1 layer", "50 layers".
func layers(_ n: Int) -> String { n == 1 ? "1 layer" : "\(n) layers" }

/*:
 ## 5. Explore the gain

 Move the slider: each position is a run of the same experiment at another gain (width 32 and batch 8, so that
 all of them together take a fraction of the run above; tanh every 0.05, the others every 0.5), beside the
 mean-field prediction of `fixed-point`. Every position uses the same random numbers (weights drawn once, times
 the gain), so along the slider only the gain changes. They ran beside the sweep of section 1.
 */
/// The same experiment at width 32 and batch 8 for tanh every 0.05 from 0.5 to 2.5 and the
/// others every 0.5 (61 runs), beside the mean-field prediction.
func exploreTheGain(depth: Int, seed: UInt64) async -> GainExplorer {
  let fine = (0...40).map { 0.5 + 0.05 * Double($0) }, coarse = (1...5).map { 0.5 * Double($0) }
  return await GainExplorer.measure(
    [
      (.tanh, fine, 5.0 / 3), (.relu, coarse, 2.0.squareRoot()), (.selu, coarse, 1), (.sigmoid, coarse, 1),
      (.softsign, coarse, 1),
    ],
    configuration: .init(activation: .tanh, gain: 1, depth: depth, width: 32, batch: 8, seed: seed))
}

if let explorer = await explorer?.value {
  notebook.section("5. Explore the gain")
  notebook.append(.explorer(explorer))
  // The input's gradient against the prediction on the slider (width 32) and in the sweep, for tanh.
  let slider = explorer.families.first { $0.activation == .tanh }!, small = explorer.configuration
  var ratios = Table(
    "The input's mean |gradient|, measured / predicted: tanh on the slider and in the sweep",
    columns: ["configuration", "width", "batch", "measured", "predicted", "measured / predicted"])
  func ratioRow(_ label: String, width: Int, batch: Int, measured: Double, predicted: Double) -> [Table.Cell] {
    [
      .text(label), .integer(width), .integer(batch), .number(measured, significant: 2),
      .number(predicted, significant: 2), .number(measured / predicted, significant: 2),
    ]
  }
  for (g, gain) in slider.gains.enumerated()
  where [1, 1.5, 1.65, 2, 2.5].contains(where: { Swift.abs($0 - gain) < 1e-9 }) {
    ratios.append(
      ratioRow(
        "tanh \(gain.formatted(significant: 3)) (slider)", width: small.width, batch: small.batch,
        measured: slider.measuredGradient[g][0], predicted: slider.predictedGradient[g][0]))
  }
  ratios.append(
    ratioRow(
      "tanh 5/3 (the sweep)", width: width, batch: batch, measured: results[0].inputGradientMeanAbs,
      predicted: MeanField(activation: .tanh, gain: 5.0 / 3).profile(layers: depth).gradientMeanAbs[0]))
  notebook.prose(
    """
    The input's mean |gradient| against the prediction, for some of the slider's tanh gains (one seed, \(seed)) and for
    the sweep's tanh at 5/3 (the same seed, its own width and batch):
    """)
  notebook.table(ratios)
}

outputs.save(notebook)
