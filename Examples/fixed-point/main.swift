// fixed-point: predict a deep network's statistics before running it.
//
//   swift run -c release fixed-point                    # figures in ./out
//   swift run -c release fixed-point --notebook out     # also out/fixed-point.html, .ipynb and .md
//
// The forum thread behind this package measured that a 100-layer tanh network initialized
// with PyTorch's gain 5/3 settles at an output std of ~0.65 while its gradients explode
// toward the input, and asked why. Mean-field theory (Poole et al. 2016; Schoenholz et al.
// 2017) answers with two numbers computed from the activation alone: the fixed point q*
// of the length map and the gradient factor χ₁. This notebook computes them, runs the
// network on our engine beside them over several seeds, and derives gains for every activation.
//
// Written like a playground: each `/*: ## … */` block starts a step of the notebook, its prose beside the
// code; the page shows the code under it (without the lines that build the page) and what it printed.
import ExampleSupport
import Micrograd

let parsed = CommandLineOptions(
  tool: "fixed-point",
  summary: "Mean-field theory beside our engine, and gains computed for every activation.",
  options: [
    .init("--width", "N", "units per layer of the measured networks (default 128)"),
    .init("--seeds", "N", "seeds per configuration (default 4, at most 100)"),
  ]
).parse()
let width = parsed.positiveInteger("--width", default: 128)
let seeds = parsed.positiveInteger(
  "--seeds", default: 4, atMost: 100,
  "the mean of 100 seeds already has a tenth of one seed's spread; more only add time")
let (depth, batch) = (100, 32)
// Two runs at once, every seed's result kept: refuse sizes that cannot fit, before any work.
parsed.options.requireMemory(width: width, settings: "depth \(depth), batch \(batch), 2 runs at a time") {
  .fixedPoint(width: $0, seeds: min(seeds, 2))
}
let outputs = ExampleOutputs(parsed)
var notebook = Notebook("Predicting a deep network before running it: fixed points and χ₁")
notebook.settings = [
  ("depth", .integer(depth)), ("width", .integer(width)), ("batch", .integer(batch)), ("seeds", .integer(seeds)),
]
func g3(_ x: Double) -> String { x.formatted(significant: 3) }

/*:
 ## 1. The length map, by hand

 A wide layer sums many independent terms, so its pre-activations h are Gaussian. If their variance is q, the next
 layer's is q′ = σw²·E[φ(√q·z)²] (no bias; σw is the gain). Iterating it for tanh at PyTorch's gain 5/3:
 */
notebook.section("1. The length map, by hand")
let tanh53 = MeanField(activation: .tanh, gain: 5.0 / 3)
let path = tanh53.lengths(layers: 12)
var lengths = Table("tanh at gain 5/3, from unit-variance inputs", columns: ["layer", "q", "std of tanh(h)"])
for (l, q) in path.enumerated() where l < 8 || l == 11 {
  lengths.append([.integer(l + 1), .number(q, decimals: 4), .number(tanh53.postActivationStd(q: q), decimals: 4)])
}
let star = tanh53.fixedPoint()!
notebook.table(lengths)
notebook.prose(
  """
  q stops moving: q* = \(star.q.formatted(decimals: 4)) is a fixed point, and the std of the outputs there,
  \(star.postActivationStd.formatted(decimals: 4)), is the forum's "out: 0.6518". Verdict: \(tanh53.verdict()).
  At q*, χ₁ = σw²·E[φ′(√q*·z)²] = \(star.chi1.formatted(decimals: 4)): each layer multiplies the gradient's second
  moment by χ₁ going backward, so the mean |grad| grows by √χ₁ = \(star.gradientFactorPerLayer.formatted(decimals: 3))
  per layer toward the input.
  """)

//: ## 2. Prediction beside measurement
notebook.section("2. Prediction beside measurement")
let configurations: [(activation: Activation, gain: Double, label: String)] = [
  (.tanh, 5.0 / 3, "5/3"), (.tanh, 1, "1"), (.tanh, 1.1, "1.1"), (.relu, 2.0.squareRoot(), "√2"),
  (.selu, 1, "1"), (.selu, 0.75, "0.75"), (.sigmoid, 1, "1"), (.softsign, 1, "1"),
]
/// The mean over seeds, and the smallest and largest.
func summary(_ xs: [Double]) -> (mean: Double, min: Double, max: Double) {
  (xs.reduce(0, +) / Double(xs.count), xs.min()!, xs.max()!)
}
var stdTable = Table(
  "Std of layer \(depth)'s output and mean |grad| of the input: prediction and our engine (mean and range over \(seeds) seeds)",
  columns: [
    "configuration", "std predicted", "std measured", "range", "|grad| predicted", "|grad| measured", "range",
    "measured / predicted",
  ])
var stdChart = Chart(
  title: "Std of each layer's output: mean-field prediction (lines), our engine's mean over seeds (dots)",
  xLabel: "layer", yLabel: "std of the layer's output")
var gradChart = Chart(
  title: "Mean |gradient|: prediction (lines) vs our engine (dots); sigmoid (10⁻⁶³) omitted",
  xLabel: "layer (0 = input)", yLabel: "mean |dL/dh|", yScale: .log10)
var gradientRatios: [(name: String, ratio: Double)] = []
for (index, c) in configurations.enumerated() {
  let predicted = MeanField(activation: c.activation, gain: c.gain).profile(layers: depth)
  let (predictedStd, predictedGradient) = (predicted.outputStd, predicted.gradientMeanAbs)
  let runs = await GainSweepProbe.run(
    (0..<seeds).map { s in
      .init(activation: c.activation, gain: c.gain, depth: depth, width: width, batch: batch, seed: UInt64(s + 1))
    })
  let std = summary(runs.map { $0.outputStd.last! })
  let gradient = summary(runs.map(\.inputGradientMeanAbs))
  let name = "\(c.activation) \(c.label)"
  gradientRatios.append((name, gradient.mean / predictedGradient[0]))
  stdTable.append([
    .text(name), .number(predictedStd.last!), .number(std.mean), .text("\(g3(std.min))–\(g3(std.max))"),
    .number(predictedGradient[0], significant: 2), .number(gradient.mean, significant: 2),
    .text("\(gradient.min.formatted(significant: 2))–\(gradient.max.formatted(significant: 2))"),
    .number(gradient.mean / predictedGradient[0], significant: 2),
  ])
  let color = Chart.palette[index % Chart.palette.count]
  let layers = (1...depth).map(Double.init)
  let meanStd = layers.indices.map { l in runs.map { $0.outputStd[l] }.reduce(0, +) / Double(seeds) }
  stdChart.addLine(name, xs: layers, ys: predictedStd, color: color)
  stdChart.addPoints("", xs: layers, ys: meanStd, color: color)
  if c.activation != .sigmoid {  // sigmoid's 10⁻⁶³ would flatten every other curve: see the table
    let meanGradient = (0...depth).map { l in
      runs.map { l == 0 ? $0.inputGradientMeanAbs : $0.layerGradientMeanAbs[l - 1] }.reduce(0, +) / Double(seeds)
    }
    gradChart.addLine(name, xs: (0...depth).map(Double.init), ys: predictedGradient, color: color)
    gradChart.addPoints("", xs: (0...depth).map(Double.init), ys: meanGradient, color: color)
  }
}
notebook.prose(
  """
  Predicted std of layer l's outputs: √(E[φ²] − E[φ]²) at q(l). Predicted mean |grad| of layer l's outputs:
  √(2/π)·√(χ₁(q(l+1))·…·χ₁(q(\(depth)))) (the last layer's gradient is exactly 1). Measured: `GainSweepProbe` at
  width \(width), batch \(batch), seeds 1…\(seeds).
  """)
notebook.table(stdTable)
notebook.figure(
  "std", stdChart, caption: "Std of every layer's output: theory (lines) and our engine (dots, mean over seeds).")
notebook.figure(
  "grad", gradChart, caption: "Mean |gradient| of every layer's output: theory (lines) and our engine (dots).")
let (low, high) = (gradientRatios.min { $0.ratio < $1.ratio }!, gradientRatios.max { $0.ratio < $1.ratio }!)
notebook.prose(
  """
  Over \(depth) layers the measured input gradient is between \(low.ratio.formatted(significant: 2))× (\(low.name)) and
  \(high.ratio.formatted(significant: 2))× (\(high.name)) the prediction, and the spread over seeds is in the table. The
  theory is exact for infinite width; how the gap closes as the width grows is measured in `width-sweep`.
  """)

/*:
 ## 3. Gains for every activation

 For each activation: PyTorch's `calculate_gain` (— where PyTorch has none), the variance-preserving gain
 (g²·E[φ(z)²] = 1), the gradient-preserving gain (g²·E[φ′(z)²] = 1) and the critical gain (χ₁ = 1 at the fixed point
 the network settles into). Beside each gain: the std at the fixed point and χ₁ there, or what the variance does
 instead.
 */
notebook.section("3. Gains for every activation")
func cell(_ report: GainReport?) -> Table.Cell {
  guard let report else { return "—" }
  let g = report.gain.formatted(significant: 4)
  // Text, not a number: the cell shows three numbers, and a text cell keeps (and a check compares) all three.
  switch report.verdict {
  case .converges(let p, _): return .text("\(g) (std \(g3(p.postActivationStd)), χ₁ \(g3(p.chi1)))")
  case .collapses: return .text("\(g) (collapses)")
  case .explodes: return .text("\(g) (explodes)")
  case .drifts(_, let change, _): return .text("\(g) (drifts \(change < 0 ? "to 0" : "up"))")
  }
}
var gainTable = Table(
  "Gains computed from each activation's shape",
  columns: ["activation", "PyTorch", "variance-preserving", "gradient-preserving", "critical"])
var notes: [String] = []
for activation in Activation.allCases + [.leakyReLU(negativeSlope: 0.2)] {
  let gains = ComputedGains(for: activation)
  let critical: Table.Cell
  switch gains.critical {
  case .gain(let g, let p):
    critical = .text("\(g.formatted(significant: 4)) (std \(g3(p.postActivationStd)))")
  case .onlyInTheLimit(let g, let reason):
    critical = .text("→ \(g.formatted(significant: 4)) (limit)")
    notes.append("- \(activation): \(reason).")
  case .none(let reason):
    critical = "none"
    notes.append("- \(activation): \(reason).")
  }
  gainTable.append([
    .text(activation.description), cell(gains.pytorch), cell(gains.variancePreserving), cell(gains.gradientPreserving),
    critical,
  ])
}
notebook.table(gainTable)
notebook.prose("Where there is no critical gain:\n\n" + notes.joined(separator: "\n"))

//: ## What to take away
notebook.section("What to take away")
let tanhGains = ComputedGains(for: .tanh), selu = ComputedGains(for: .selu), sigmoid = ComputedGains(for: .sigmoid)
let tanh11 = MeanField(activation: .tanh, gain: 1.1).fixedPoint()
let selu1 = MeanField(activation: .selu, gain: 1).fixedPoint()
var fates = Table(
  "The length map from unit-variance inputs at the gains discussed: what q does, and where it ends",
  columns: ["configuration", "gain", "what q does", "after layers", "q at the end", "std", "χ₁", "√χ₁"])
let discussed: [(label: String, activation: Activation, gain: Double)] =
  [
    ("tanh 5/3", .tanh, 5.0 / 3), ("tanh variance-preserving", .tanh, tanhGains.variancePreserving.gain),
    ("tanh gradient-preserving", .tanh, tanhGains.gradientPreserving.gain), ("tanh 1.1", .tanh, 1.1),
    ("tanh 1", .tanh, 1), ("tanh 0.5", .tanh, 0.5), ("relu √2", .relu, 2.0.squareRoot()), ("selu 1", .selu, 1),
    ("selu 0.75", .selu, 0.75), ("selu 2", .selu, 2), ("sigmoid 1", .sigmoid, 1),
  ] + (sigmoid.critical.value.map { [("sigmoid critical", .sigmoid, $0)] } ?? [])
for d in discussed {
  let start: [Table.Cell] = [.text(d.label), .number(d.gain, significant: 4)]
  switch MeanField(activation: d.activation, gain: d.gain).verdict() {
  case .converges(let p, let layers):
    fates.append(
      start + [
        "converges", .integer(layers), .number(p.q, significant: 4), .number(p.postActivationStd, significant: 4),
        .number(p.chi1, significant: 4), .number(p.gradientFactorPerLayer, significant: 4),
      ])
  case .drifts(let q, let change, let layers):
    fates.append(
      start + [
        .text(change < 0 ? "drifts toward 0" : "drifts upward"), .integer(layers), .number(q, significant: 2), "–", "–",
        "–",
      ])
  case .collapses(let layers): fates.append(start + ["collapses (below 1e-20)", .integer(layers), "–", "–", "–", "–"])
  case .explodes(let layers): fates.append(start + ["explodes (above 1e20)", .integer(layers), "–", "–", "–", "–"])
  }
}
notebook.prose(
  """
  - tanh: PyTorch's 5/3 sits just above the variance-preserving \(tanhGains.variancePreserving.gain.formatted(significant: 3)),
  so the signal keeps a std of \(g3(star.postActivationStd)); but χ₁ = \(g3(star.chi1)) there, so gradients grow
  \(star.gradientFactorPerLayer.formatted(decimals: 2))× per layer toward the input. At gain 1.1, χ₁ = \
  \(tanh11.map { g3($0.chi1) } ?? "—") with a std of \(tanh11.map { g3($0.postActivationStd) } ?? "—").
  - SELU: gain 1 (LeCun's variance, the self-normalizing choice) settles at std \
  \(selu1.map { g3($0.postActivationStd) } ?? "—") with χ₁ = \(selu1.map { g3($0.chi1) } ?? "—"); PyTorch's 3/4 at std \
  \(selu.pytorch?.fixedPoint.map { g3($0.postActivationStd) } ?? "—") with χ₁ = \(selu.pytorch?.fixedPoint.map { g3($0.chi1) } ?? "—").
  - sigmoid: PyTorch's gain 1 gives χ₁ = \(sigmoid.pytorch?.fixedPoint.map { g3($0.chi1) } ?? "—"): gradients vanish.
  """)
notebook.table(fates)

outputs.save(notebook)
