// width-sweep: the forum's depth experiment at widths 32 … 1000, over several seeds: how the
// measured std and gradients approach the mean-field prediction as the layers widen, and how fast.
//
//   swift run -c release width-sweep                                      # widths 32–256, 3 seeds
//   swift run -c release width-sweep --widths 32,64,128,256,512,1000 --seeds 3 --notebook out
//
// Written like a playground: each `/*: ## … */` block starts a step of the notebook, its prose beside the
// code; the page shows the code under it (without the lines that build the page) and what it printed.
import ExampleSupport
import Foundation
import Micrograd

let parsed = CommandLineOptions(
  tool: "width-sweep",
  summary: "The forum's experiment at several widths and seeds, beside the mean-field prediction and PyTorch.",
  options: [
    .init("--widths", "LIST", "widths, comma-separated (default 32,64,128,256; the forum used 1000)"),
    .init("--seeds", "N", "seeds per width and configuration (default 3, at most 100)"),
  ]
).parse()
let widths = parsed.positiveIntegers("--widths", default: [32, 64, 128, 256])
let seeds = parsed.positiveInteger(
  "--seeds", default: 3, atMost: 100,
  "the mean of 100 seeds already has a tenth of one seed's spread; more only add time")
let (depth, batch) = (100, 100)
// Two runs at once at the largest width, every run's result kept: refuse sizes that cannot fit, before any work.
parsed.options.requireMemory(
  width: widths.max()!, option: "--widths", settings: "depth \(depth), batch \(batch), two runs at a time"
) { widest in .widthSweep(widths: widths.map { min($0, widest) }, seeds: min(seeds, 2)) }
let outputs = ExampleOutputs(parsed)
var notebook = Notebook("How wide is wide enough? The depth experiment from width 32 to the mean-field limit")
notebook.settings = [
  ("depth", .integer(depth)), ("batch", .integer(batch)),
  ("widths", .text(widths.map(String.init).joined(separator: ", "))),
  ("seeds", .integer(seeds)),
]

//: ## 1. The runs
notebook.section("1. The runs")
let configurations: [(activation: Activation, gain: Double, label: String)] = [
  (.tanh, 5.0 / 3, "tanh 5/3"), (.tanh, 1, "tanh 1"), (.tanh, 1.1, "tanh 1.1"), (.relu, 2.0.squareRoot(), "relu √2"),
  (.selu, 1, "selu 1"),
]
notebook.prose(
  """
  The mean-field theory of `fixed-point` is exact for infinitely wide layers. Here the same experiment (depth \(depth),
  batch \(batch), no bias, `xavierNormal(gain)`) runs at widths \(widths.map(String.init).joined(separator: ", ")), \(seeds) seeds
  each, two runs at a time on separate graphs. PyTorch's numbers (float64, 10 seeds, the same depth and batch) sit
  beside ours where it measured the same width.
  """)
/// results[c][w][s]: configuration c at widths[w], seed s + 1.
var results: [[[GainSweepProbe.Result]]] = []
let total = Stopwatch()
for c in configurations {
  var byWidth: [[GainSweepProbe.Result]] = []
  for width in widths {
    let stopwatch = Stopwatch()
    byWidth.append(
      await GainSweepProbe.run(
        (1...seeds).map { s in
          .init(activation: c.activation, gain: c.gain, depth: depth, width: width, batch: batch, seed: UInt64(s))
        }))
    progress(
      "  \(c.label.padded(after: 9)) width \((String(width)).padded(toWidth: 4)): \(seeds) seeds in \(stopwatch)")
  }
  results.append(byWidth)
}
progress("  all runs in \(total)\n")

/// The mean, smallest and largest of `xs`.
func spread(_ xs: [Double]) -> (mean: Double, min: Double, max: Double) {
  (xs.reduce(0, +) / Double(xs.count), xs.min()!, xs.max()!)
}
func range(_ xs: [Double], _ digits: Int = 3) -> Table.Cell {
  let s = spread(xs)
  return .text("\(s.min.formatted(significant: digits))–\(s.max.formatted(significant: digits))")
}
/// The mean-field prediction of the output std at the last layer and of the input's mean |gradient|.
func prediction(_ c: (activation: Activation, gain: Double, label: String)) -> (std: Double, gradient: Double) {
  let profile = MeanField(activation: c.activation, gain: c.gain).profile(layers: depth)
  return (profile.outputStd.last!, profile.gradientMeanAbs[0])
}

//: ## 2. The signal at layer 100
notebook.section("2. The signal at layer 100")
var stdTable = Table(
  "Output std of layer \(depth): ours (mean and range over seeds), PyTorch's mean, and the prediction",
  columns: ["configuration", "width", "ours", "range", "PyTorch", "predicted"])
for (c, byWidth) in zip(configurations, results) {
  for (width, runs) in zip(widths, byWidth) {
    let pytorch = PyTorchWidthReference.run(c.activation, gain: c.gain, width: width, depth: depth, batch: batch)
    stdTable.append([
      .text(c.label), .integer(width), .number(spread(runs.map { $0.outputStd.last! }).mean),
      range(runs.map { $0.outputStd.last! }), pytorch?.meanStd(atLayer: depth).map { .number($0) } ?? "",
      .number(prediction(c).std),
    ])
  }
}
notebook.table(stdTable)

//: ## 3. The gradient at the input
notebook.section("3. The gradient at the input")
var gradientTable = Table(
  "Mean |gradient| of the input: ours, PyTorch's, the prediction, and measured / predicted",
  columns: [
    "configuration", "width", "ours", "range", "PyTorch", "predicted", "ours / predicted", "PyTorch / predicted",
  ])
for (c, byWidth) in zip(configurations, results) {
  let predicted = prediction(c).gradient
  for (width, runs) in zip(widths, byWidth) {
    let ours = spread(runs.map(\.inputGradientMeanAbs)).mean
    let pytorch = PyTorchWidthReference.run(c.activation, gain: c.gain, width: width, depth: depth, batch: batch)?
      .meanGradient(atLayer: 0)
    gradientTable.append([
      .text(c.label), .integer(width), .number(ours, significant: 2), range(runs.map(\.inputGradientMeanAbs), 2),
      pytorch.map { .number($0, significant: 2) } ?? "", .number(predicted, significant: 2),
      .number(ours / predicted, significant: 2), pytorch.map { .number($0 / predicted, significant: 2) } ?? "",
    ])
  }
}
notebook.table(gradientTable)

/*:
 ## 4. How fast the gap closes

 Hanin & Nica (2020, "Products of many large random matrices and gradients in deep neural networks", Commun. Math.
 Phys. 376) show that the logarithm of a gradient's size after L layers of width n is Gaussian, with a mean that
 falls below the infinite-width value by an amount proportional to L/n and a variance proportional to L/n. So
 ln(measured/predicted) should be a line in L/n through 0 (a ≈ 0), with a seed-to-seed spread that widens with L/n;
 e^a is the line's measured / predicted at infinite width.
 */
notebook.section("4. How fast the gap closes")
var fits = Table(
  "ln(measured / predicted input gradient) = a + b·depth/width, fitted over the widths (each seed a point)",
  columns: ["configuration", "a (ours) ± its error", "b (ours)", "e^a (ours)", "a (PyTorch)", "b (PyTorch)"])
var ratioChart = Chart(
  title: "Input gradient, measured / predicted, against depth / width", xLabel: "depth / width",
  yLabel: "measured / predicted", yScale: .log10)
typealias Fitted = (label: String, a: Double, b: Double, aError: Double, narrowest: Double, widest: Double)
var fitted: [Fitted] = []
for (index, (c, byWidth)) in zip(configurations, results).enumerated() {
  let predicted = prediction(c).gradient
  var xs: [Double] = [], ys: [Double] = [], pxs: [Double] = [], pys: [Double] = []
  for (width, runs) in zip(widths, byWidth) {
    for run in runs where run.inputGradientMeanAbs > 0 {
      xs.append(Double(depth) / Double(width))
      ys.append(log(run.inputGradientMeanAbs / predicted))
    }
    let pytorch = PyTorchWidthReference.run(c.activation, gain: c.gain, width: width, depth: depth, batch: batch)
    for g in pytorch?.gradients(atLayer: 0) ?? [] where g > 0 {
      pxs.append(Double(depth) / Double(width))
      pys.append(log(g / predicted))
    }
  }
  let ours = leastSquaresLine(xs, ys)
  let theirs = Set(pxs).count > 1 ? leastSquaresLine(pxs, pys) : nil  // a line needs two widths
  let ratios = byWidth.map { runs in spread(runs.map(\.inputGradientMeanAbs)).mean / predicted }
  fitted.append((c.label, ours.a, ours.b, ours.aError, ratios.first!, ratios.last!))
  fits.append([
    .text(c.label),
    .text(
      ours.aError.isFinite
        ? "\(ours.a.formatted(significant: 2)) ± \(ours.aError.formatted(significant: 1))"
        : Set(xs).count <= 1 ? "– (one width with a nonzero gradient: no line)" : "– (two points: no error)"),
    ours.aError.isFinite ? .number(ours.b, significant: 2) : "–",
    ours.aError.isFinite ? .number(exp(ours.a), significant: 2) : "–",
    theirs.map { .number($0.a, significant: 2) } ?? "", theirs.map { .number($0.b, significant: 2) } ?? "",
  ])
  let color = Chart.palette[index % Chart.palette.count]
  ratioChart.addPoints(c.label, xs: xs, ys: ys.map { exp($0) }, color: color)
  if ours.aError.isFinite {
    let line = [0.0, xs.max() ?? 1]
    ratioChart.addLine("", xs: line, ys: line.map { exp(ours.a + ours.b * $0) }, color: color, dashed: true)
  }
}
notebook.table(fits)
notebook.figure(
  "ratio", ratioChart,
  caption:
    "Each dot is one seed at one width; dashed: the fitted line. Where the dots reach depth/width → 0, the theory is exact."
)
/// Whether the fitted line reaches the prediction as depth/width → 0: its intercept (the log of
/// the ratio at infinite width) within ln 1.35 of 0, or within two standard errors of 0 (the
/// seeds' spread does not allow telling it apart from 0).
func approaches(_ f: Fitted) -> Bool {
  Swift.abs(f.a) <= max(0.3, 2 * f.aError)
}
/// Whether the intercept is too uncertain to say either: consistent with 0 only because two
/// standard errors span more than a factor 2 (ln 2) either way.
func undetermined(_ f: Fitted) -> Bool {
  2 * f.aError > log(2.0) && Swift.abs(f.a) <= 2 * f.aError
}
// A line needs two widths at least, and a standard error needs more points than the line has
// parameters: with one width (or two points) the intercept's error is infinite and every |a| would be
// "within two standard errors", so such a fit draws no conclusion.
let determined = fitted.filter { $0.aError.isFinite }
let uncertain = determined.filter(undetermined)
let converging = determined.filter { approaches($0) && !undetermined($0) }
let missing = determined.filter { !approaches($0) }
func summary(_ f: Fitted) -> String {
  "\(f.label) (\(f.narrowest.formatted(significant: 2))× at width \(widths.first!), \(f.widest.formatted(significant: 2))× at \(widths.last!); a = \(f.a.formatted(significant: 2)) ± \(f.aError.formatted(significant: 1)))"
}
notebook.prose(
  determined.isEmpty
    ? """
    No verdict: \(Set(widths).count == 1 ? "one width (\(widths[0])) gives one value of depth/width, so there is no line to fit" : "no configuration has nonzero gradients at two widths and more points than its line's two parameters, to measure the scatter by"), and the intercept's standard error is infinite. Run two or more widths with enough \
    seeds (the default `--widths 32,64,128,256 --seeds 3`) to see whether the gap closes.
    """
    : """
    - Reaching the prediction as the width grows (|a| ≤ 0.3, within ×1.35 at infinite width, or within two standard \
    errors of 0): \(converging.isEmpty ? "none" : converging.map(summary).joined(separator: "; ")).
    - Not reaching it: \(missing.isEmpty ? "none" : missing.map { "\(summary($0)): the line's limit is \((exp($0.a)).formatted(significant: 2))× the prediction" }.joined(separator: "; ")).
    """
      + (uncertain.isEmpty
        ? ""
        : """

        - Too uncertain to tell (two standard errors span more than a factor 2): \(uncertain.map(summary).joined(separator: "; ")). More \
        seeds or widths narrow it.
        """))

/*:
 ## 5. Where the prediction misses, and why

 The prediction assumes the gradient flowing back meets weights independent of the forward pass (gradient
 independence). The loss here, the sum of the outputs, starts the backward pass from the all-ones vector. For an
 activation whose outputs are all ≥ 0 that vector is aligned with the forward signal: the units that fired are
 those whose weights point along the input, and the gradient sums exactly those weights. A test: weigh the
 outputs by a fixed Gaussian matrix G instead (L = Σ G ⊙ outputs, `NormalizationProbe`'s `.gaussian` readout),
 which has the same second moment but no preferred direction, and run the same networks again.
 */
if !missing.isEmpty {
  notebook.section("5. Where the prediction misses, and why")
  var readoutTable = Table(
    "Input gradient, measured / predicted, with L = Σ outputs and with L = Σ G ⊙ outputs (mean over seeds)",
    columns: ["configuration", "width", "Σ outputs", "Σ G ⊙ outputs"])
  var readoutFits = Table(
    "ln(measured / predicted input gradient) with L = Σ G ⊙ outputs = a + b·depth/width (each seed a point)",
    columns: [
      "configuration", "Σ outputs / Σ G ⊙ outputs at width \(widths.last!)", "a ± its error", "b", "e^a",
    ])
  var verdicts: [String] = []
  for f in missing {
    let (index, c) = configurations.enumerated().first { $0.element.label == f.label }!
    let predicted = prediction(c).gradient
    var xs: [Double] = [], ys: [Double] = [], widest = 0.0
    for (w, width) in widths.enumerated() {
      let runs = await NormalizationProbe.run(
        (1...seeds).map { s in
          .init(
            activation: c.activation, gain: c.gain, readout: .gaussian, depth: depth, width: width, batch: batch,
            seed: UInt64(s))
        })
      progress("  \(c.label.padded(after: 9)) width \((String(width)).padded(toWidth: 4)), Gaussian readout: done")
      for run in runs where run.inputGradientMeanAbs > 0 {
        xs.append(Double(depth) / Double(width))
        ys.append(log(run.inputGradientMeanAbs / predicted))
      }
      widest = spread(runs.map(\.inputGradientMeanAbs)).mean / predicted
      readoutTable.append([
        .text(c.label), .integer(width),
        .number(spread(results[index][w].map(\.inputGradientMeanAbs)).mean / predicted, significant: 2),
        .number(widest, significant: 2),
      ])
    }
    let line = leastSquaresLine(xs, ys)
    let factor = f.widest / widest  // how much of the gap the readout accounts for, at the widest width
    readoutFits.append([
      .text(c.label), .number(factor, significant: 2),
      .text("\(line.a.formatted(significant: 2)) ± \(line.aError.formatted(significant: 1))"),
      .number(line.b, significant: 2), .number(exp(line.a), significant: 2),
    ])
    verdicts.append(
      factor > 2 || factor < 0.5
        ? """
        \(c.label): at width \(widths.last!) the sum of the outputs gives \(f.widest.formatted(significant: 2))× the prediction \
        and the Gaussian readout \(widest.formatted(significant: 2))×, a factor \(factor.formatted(significant: 2)) from the readout \
        alone; with it the fitted line's limit is \((exp(line.a)).formatted(significant: 2))× \
        (a = \(line.a.formatted(significant: 2)) ± \(line.aError.formatted(significant: 1))). \
        \(approaches((c.label, line.a, line.b, line.aError, 0, 0))
          ? "The theory's gradient independence fails for this loss, not for the network."
          : "That line does not reach the prediction either: the readout is part of the gap, not all of it.")
        """
        : """
        \(c.label): the readout changes little (\(f.widest.formatted(significant: 2))× and \
        \(widest.formatted(significant: 2))× at width \(widths.last!)); this experiment does not find the cause. \
        More seeds and wider layers would tell a slow approach from a real gap.
        """)
  }
  notebook.table(readoutTable)
  notebook.table(readoutFits)
  notebook.prose(verdicts.map { "- " + $0 }.joined(separator: "\n"))
}

outputs.save(notebook)
