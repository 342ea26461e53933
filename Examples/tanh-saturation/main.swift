// tanh-saturation: a learner's question — "many first-layer neurons output ±1; why is that so
// bad for backward?" — answered with numbers and pictures, then fixed one step at a time.
//
//   swift run -c release tanh-saturation                   # SVGs under ./out
//   swift run -c release tanh-saturation --notebook out    # also out/tanh-saturation.html, .ipynb and .md
//
// Written like a playground: each `/*: ## … */` block starts a step of the notebook, its prose beside the
// code; the page shows the code under it (without the lines that build the page) and what it printed.
import ExampleSupport
import Foundation
import Micrograd

let parsed = CommandLineOptions(
  tool: "tanh-saturation",
  summary: "A saturated first tanh layer, and the fixes one at a time.",
  options: [.init("--seed", "SEED", "seed of data and weights (default 2)")]
).parse()
let seed = parsed.seed("--seed", default: 2)
let outputs = ExampleOutputs(parsed)

func f(_ x: Double, _ digits: Int = 3) -> String { x.formatted(significant: digits) }
func percent(_ x: Double) -> String { (100 * x).formatted(decimals: 1) + "%" }

var notebook = Notebook("Why do so many tanh units output ±1, and why does backward care?")
notebook.settings = [("seed", .integer(seed))]

//: ## 1. The bad network's first layer
notebook.section("1. The bad network's first layer")
var base = SaturationProbe.Configuration()
base.seed = seed
let stages = SaturationProbe.stages(base)
let bad = SaturationProbe(stages[0].configuration).run()
let badFirst = bad.firstLayer
notebook.prose(
  """
  A tanh MLP \(base.inputs) → \(base.hidden.map(String.init).joined(separator: " → ")) → 1 (linear output), a batch of \
  \(base.batch) samples, loss = mean squared error against ±1 targets. Three mistakes at once:

  - raw inputs: every feature has its own offset (0…100) and scale (1…20), never standardized;
  - weights N(0, 1): far larger than 1/√fan_in;
  - every hidden bias \(f(base.bias)): it pushes each pre-activation u away from 0.

  In the first layer, u = W₁x + b₁ has mean \(f(badFirst.preActivationMean)) and std \(f(badFirst.preActivationStd)) \
  (tanh is flat beyond |u| ≈ 2), and \(percent(badFirst.saturatedFraction)) of the outputs h = tanh(u) have |h| > 0.97.
  """)
let badH = bad.trace.activationData(layer: 1).flatMap { $0 }
let badHistogram = Histogram(badH, bins: 10, range: -1...1)
notebook.output(
  "  histogram of h (layer 1):\n\n"
    + badHistogram.bars(width: 50).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n")

/*:
 ## 2. Why that stops learning

 Backward through tanh multiplies the incoming gradient by its local slope 1 − h² (micrograd:
 `self.grad += (1 - t**2) * out.grad`). The first layer's weight gradient is
 ∂L/∂W₁ = ((W₂ᵀ ∂L/∂h₂ …) ⊙ (1 − h²)) xᵀ: when most h are ±1, most of it is multiplied by almost 0.
 */
notebook.section("2. Why that stops learning")
let slope = (at097: 1 - 0.97 * 0.97, at099: 1 - 0.99 * 0.99)  // 1 − h² at |h| = 0.97 and 0.99
let meanSlope = badFirst.meanLocalGradient  // the mean of 1 − h² over layer 1
notebook.prose(
  """
  The local slope 1 − h² is \(f(slope.at097)) at |h| = 0.97 and \(f(slope.at099)) at 0.99. Here the mean of 1 − h² over \
  layer 1 is \(f(meanSlope)) (1 would be a fully linear layer).
  """)

//: ## 3. The fixes, one after the other
notebook.section("3. The fixes, one after the other")
var table = Table(
  "The usual checklist, one fix at a time (the same random draws every time)",
  columns: ["stage", "u std", "u mean", "saturated", "mean 1-h²", "|dL/dW1|", "|dL/dWlast|", "W1/Wlast"])
var results: [(name: String, result: SaturationProbe.Result)] = []
for (name, configuration) in stages {
  let result = SaturationProbe(configuration).run()
  results.append((name, result))
  let first = result.firstLayer
  table.append([
    .text(name), .number(first.preActivationStd), .number(first.preActivationMean, decimals: 2),
    .percent(first.saturatedFraction), .number(first.meanLocalGradient),
    .number(result.firstWeightGradientMeanAbs, significant: 2),
    .number(result.lastWeightGradientMeanAbs, significant: 2),
    .number(result.firstWeightGradientMeanAbs / result.lastWeightGradientMeanAbs, significant: 2),
  ])
}
notebook.table(table)
let (xavier, standardized, fixed) = (results[1].result, results[2].result, results[3].result)
func ratio(_ r: SaturationProbe.Result) -> Double { r.firstWeightGradientMeanAbs / r.lastWeightGradientMeanAbs }
notebook.prose(
  """
  Row by row, for this seed:

  - Xavier initialization shrinks the std of u from \(f(badFirst.preActivationStd, 2)) to \
  \(f(xavier.firstLayer.preActivationStd, 2)): \(percent(xavier.firstLayer.saturatedFraction)) of layer 1 is still saturated.
  - Standardized inputs bring the std of u to \(f(standardized.firstLayer.preActivationStd, 2)), but the bias holds every \
  u near \(f(standardized.firstLayer.preActivationMean, 2)), where tanh is \(f(tanh(standardized.firstLayer.preActivationMean))): \
  \(percent(standardized.firstLayer.saturatedFraction)) saturated, and the first layer gets \(f(ratio(standardized), 2)) \
  of the last layer's gradient.
  - Zero bias centres u on \(f(fixed.firstLayer.preActivationMean, 2)): \(percent(fixed.firstLayer.saturatedFraction)) \
  saturated, a mean slope 1 − h² of \(f(fixed.firstLayer.meanLocalGradient, 2)), and W₁ gets \(f(ratio(fixed), 2)) \
  of the last layer's gradient.

  The bad network's |dL/dW1| (\(f(bad.firstWeightGradientMeanAbs, 2))) is large only because ∂L/∂W₁ = δ xᵀ is multiplied \
  by raw inputs of size ~50; its mean 1 − h² (\(f(badFirst.meanLocalGradient, 2))) says how little gets through.
  """)
notebook.table(fixed.statistics.table(title: "Every layer of the fixed network"))
notebook.table(bad.statistics.table(title: "Every layer of the bad network"))

//: ## 4. Pictures
notebook.section("4. Pictures")
var hChart = Chart.histograms(
  results.map {
    (
      name: $0.name,
      histogram: Histogram($0.result.trace.activationData(layer: 1).flatMap { $0 }, bins: 40, range: -1...1)
    )
  },
  title: "Layer 1 outputs h = tanh(u) after each fix", xLabel: "h")
hChart.width = 900
notebook.figure(
  "h", hChart, caption: "The distribution of layer 1's outputs after each fix: from ±1 to a bell around 0.")
for (index, (name, result)) in results.enumerated() {
  let u = result.trace.layers[0].preActivations.flatMap { $0 }
  var chart = Chart.histograms(
    [(name: "layer 1", histogram: Histogram(u, bins: 40))], title: "Layer 1 pre-activations u: \(name)", xLabel: "u")
  chart.height = 320
  notebook.figure("u-\(index)", chart, caption: "Layer 1's pre-activations u, stage \(index + 1): \(name).")
}
var badMap = bad.trace.saturationMap(layer: 1)
badMap.title = "Bad network, layer 1: |h| > 0.99"
var fixedMap = fixed.trace.saturationMap(layer: 1)
fixedMap.title = "Fixed network, layer 1: |h| > 0.99"
notebook.figure(
  "map-bad", badMap,
  caption:
    "Units (rows) by samples (columns), white where |h| > 0.99: \(badMap.deadUnits.count) of \(badMap.saturated.count) units are saturated for every sample."
)
notebook.figure(
  "map-fixed", fixedMap,
  caption: "The same after every fix: \(fixedMap.deadUnits.count) units saturated for every sample.")

/*:
 ## What to take away

 tanh's slope is 1 − h². Large pre-activations — from unscaled inputs, oversized weights or a bias far from 0 — put
 h at ±1, where that slope is almost 0, and backward stops there: the first layer barely learns, and a unit that is
 saturated for every sample (a white row in the first map) never learns. Xavier initialization, standardized inputs
 and a zero bias each take away one cause.
 */
notebook.section("What to take away")
notebook.prose(
  """
  Together they bring the saturated share of the first layer from \(percent(badFirst.saturatedFraction)) to \
  \(percent(fixed.firstLayer.saturatedFraction)).
  """)

outputs.save(notebook)
