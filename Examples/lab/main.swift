// lab: run the gain-sweep probe or the saturation probe for any activation, initializer,
// gain, depth, width, batch and seed, without editing code.
//
//   swift run -c release lab --activation tanh --gain 1.1
//   swift run -c release lab --activation relu --init kaimingNormal --depth 50 --notebook out
//   swift run -c release lab --probe saturation --init xavierNormal --gain 1
//   swift run -c release lab --probe spectrum --init orthogonal --gain 1 --depth 32
//   swift run -c release lab --activation gelu --init lsuv
//   swift run -c release lab --activation relu --gain 1 --norm batch --batch 32      # BatchNorm's catch
//   swift run -c release lab --activation tanh --gain 1 --residual rezero
//   swift run -c release lab --help
//
// Written like a playground: each probe below is a step of the notebook, headed by its `## …` markup; the page
// shows the probe's code (without the lines that build the page) and what it printed.
import ExampleSupport
import Foundation
import Micrograd

let activationNames = Activation.allCases.map(\.name)
let commandLine = CommandLineOptions(
  tool: "lab",
  summary: """
    Runs the forum's deep-network probe (sweep), the saturated-first-layer probe (saturation) or the
    Jacobian's singular values (spectrum) for any activation and initializer: tables and charts.
    """,
  options: [
    .init("--probe", "NAME", "which experiment: sweep, saturation or spectrum (default sweep)"),
    .init("--activation", "NAME", "the hidden layers' nonlinearity (default tanh)"),
    .init("--init", "NAME", "how weights are drawn (default xavierNormal)"),
    .init("--gain", "X", "the initializer's gain, 1e-150 to 1e150 (default: calculateGain of the activation, or 1)"),
    .init("--depth", "N", "layers (default 100, spectrum 16); saturation probe: hidden layers (default 2)"),
    .init("--width", "N", "units per layer (default 128, saturation 64, spectrum 32)"),
    .init(
      "--batch", "N", "samples (default 128, saturation 256; at least 2); spectrum: inputs (default 4, at least 1)"),
    .init("--seed", "SEED", "seed of weights and data (default 0)"),
    .init("--norm", "KIND", "sweep: none (default), batch (BatchNorm1d) or layer (LayerNorm)"),
    .init("--residual", "KIND", "sweep: none (default), plain (x + f(x)), scaled (α = 1/√depth) or rezero"),
  ],
  epilogue: """
    activations: \(CommandLineOptions.wrap(activationNames))
      (leakyReLU and elu take a number after a colon: leakyReLU:0.2, elu:0.5; a slope whose
      calculateGain falls outside 1e-150…1e150, such as leakyReLU:1e200, is refused)
    initializers: \(CommandLineOptions.wrap(WeightInitializer.names, width: 86))
      (the gain scales xavier* and orthogonal; it is the std of normal, truncatedNormal and sparse,
      the bound of uniform; kaiming* use calculateGain of the activation, its slope included; the others
      ignore it)
    lsuv: orthogonal, then each layer rescaled until its pre-activations have variance 1 on a batch of
      N(0, 1) samples (Mishkin & Matas 2016); no gain; sweep and spectrum probes
    """)

let parsed = commandLine.parse()
let probe = parsed.choice("--probe", from: ["sweep", "saturation", "spectrum"], default: "sweep", kind: "probe")
let activation = parsed.named(
  "--activation", default: Activation.tanh, kind: "activation", validNames: activationNames, Activation.init(name:))
let initName = parsed.named(
  "--init", default: "xavierNormal", kind: "initializer", validNames: WeightInitializer.names + ["lsuv"]
) { $0.lowercased() == "lsuv" ? "lsuv" : WeightInitializer(name: $0) == nil ? nil : $0 }
/// LSUV takes data, so it is not a `WeightInitializer`: its networks start orthogonal and are rescaled below.
let lsuv = initName == "lsuv"
let (givenGain, givenDepth) = (parsed.positiveNumber("--gain"), parsed.positiveInteger("--depth"))
let (givenWidth, givenBatch) = (parsed.positiveInteger("--width"), parsed.positiveInteger("--batch"))
let seed = parsed.seed("--seed", default: 0)
if givenGain != nil, !WeightInitializer.nameTakesGain(initName) {
  commandLine.usageError(
    "--init \(initName) has no gain to set (it ignores --gain); gains apply to xavier*, orthogonal, normal, uniform, truncatedNormal, sparse"
  )
}
if let givenBatch, givenBatch < 2, probe != "spectrum" {  // the spectrum probe's --batch is its inputs: 1 will do
  commandLine.usageError("--batch must be at least 2: a std over one sample is 0 (got '\(givenBatch)')")
}
/// PyTorch's `calculate_gain` for the activation, nil where PyTorch has none (gelu, silu, …).
let pytorchGain = try? calculateGain(activation)
let gain = givenGain ?? pytorchGain ?? 1
let initializer = lsuv ? .orthogonal(gain: 1) : WeightInitializer(name: initName, gain: gain, nonlinearity: activation)!
// A gain whose square is 0 or ∞ in a Double (--gain 1e-200, or leakyReLU:1e200's √(2/(1 + slope²)) = 0) is no gain.
let usesGain = initializerUsesGain(initializer, name: initName, lsuv: lsuv)
if usesGain && !(1e-150...1e150).contains(gain) {
  commandLine.usageError(
    givenGain != nil
      ? "--gain must be between 1e-150 and 1e150, where its square is a normal number (got '\(gain)')"
      : "--activation \(activation) gives calculateGain = \(gain), outside 1e-150…1e150 (its square would be 0 or ∞); "
        + "use a parameter between -1e150 and 1e150")
}
switch initializer {
case .kaimingNormal where pytorchGain == nil, .kaimingUniform where pytorchGain == nil:
  commandLine.usageError(
    "--init \(initName) needs PyTorch's gain for the activation, and PyTorch has none for \(activation.pytorchName); "
      + "use --init xavierNormal --gain X (the fixed-point example computes gains for it)")
case _ where lsuv && probe == "saturation":
  commandLine.usageError("--init lsuv works with --probe sweep or spectrum (the saturation probe draws its own layers)")
case .eye where probe == "saturation":
  commandLine.usageError(
    "--init eye needs square layers; the saturation probe's first layer is 10 × \(givenWidth ?? 64) (use --probe sweep)"
  )
default: break
}
// --norm and --residual (Docs/Normalization.md): the sweep's blocks become Linear → [norm] → φ, optionally residual.
let normalization = NormalizationProbe.Normalization(
  rawValue: parsed.choice("--norm", from: ["none", "batch", "layer"], default: "none", kind: "normalization"))!
let residualName = parsed.choice(
  "--residual", from: ["none", "plain", "scaled", "rezero"], default: "none", kind: "residual")
let normalized = normalization != .none || residualName != "none"
if normalized && (probe != "sweep" || lsuv) {
  commandLine.usageError("--norm and --residual apply to --probe sweep without --init lsuv")
}
func residualScale(depth: Int) -> Residual.Scale? {
  ["plain": .plain, "scaled": .depthScaled(depth), "rezero": .rezero][residualName]
}
// Refuse sizes that cannot fit before building anything (Docs/Engine.md, "Limits and errors").
let sizeDepth = givenDepth ?? ["saturation": 2, "spectrum": 16][probe] ?? 100
let sizeBatch = givenBatch ?? ["saturation": 256, "spectrum": 4][probe] ?? 128
commandLine.requireMemory(
  width: givenWidth ?? ["saturation": 64, "spectrum": 32][probe] ?? 128,
  settings: "depth \(sizeDepth), \(probe == "spectrum" ? "inputs" : "batch") \(sizeBatch), probe \(probe)"
) {
  .lab(
    probe: probe, lsuv: lsuv, normalization: normalization, residual: residualScale(depth: sizeDepth),
    depth: sizeDepth, width: $0, batch: sizeBatch)
}
let outputs = ExampleOutputs(parsed)
let initializerName = lsuv ? "LSUV" : "\(initializer)"
var notebook = Notebook("The lab: \(probe) probe, \(activation), \(initializerName)")
switch probe {
case "sweep": sweep(into: &notebook)
case "saturation": saturation(into: &notebook)
default: spectrum(into: &notebook)
}
outputs.save(notebook)

//: ## The sweep probe
func sweep(into notebook: inout Notebook) {
  notebook.section("The sweep probe")
  let configuration = GainSweepProbe.Configuration(
    activation: activation, initializer: initializer, depth: givenDepth ?? 100, width: givenWidth ?? 128,
    batch: givenBatch ?? 128, seed: seed)
  notebook.settings = [
    ("probe", "sweep"), ("activation", .text(activation.description)), ("initializer", .text("\(initializerName)")),
    ("depth", .integer(configuration.depth)), ("width", .integer(configuration.width)),
    ("batch", .integer(configuration.batch)), ("seed", .integer(seed)),
  ]
  notebook.settings.append(
    contentsOf: normalized ? [("norm", .text(normalization.description)), ("residual", .text(residualName))] : [])
  let sweepProbe = GainSweepProbe(configuration)
  let c = configuration
  let result =
    normalized
    ? GainSweepProbe.Result(
      NormalizationProbe(
        .init(
          activation: activation, initializer: initializer, normalization: normalization,
          residual: residualScale(depth: c.depth), depth: c.depth, width: c.width, batch: c.batch, seed: seed)
      ).run())
    : lsuv
      ? sweepProbe.run(lsuvRescaled(sweepProbe.draw(), samples: configuration.batch, seed: seed, into: &notebook))
      : sweepProbe.run()
  let depth = configuration.depth
  let shown = Set([1, 2, 5] + Array(stride(from: 10, through: depth, by: 10)) + [depth - 1, depth]).filter {
    $0 >= 1 && $0 <= depth
  }
  // Below 30 layers most of the rows are not every 10th: the title lists them.
  let listed = shown.sorted().map(String.init)
  var table = Table(
    depth >= 30 ? "Every 10th layer" : "Layers \(listed.dropLast().joined(separator: ", ")) and \(listed.last!)",
    columns: ["layer", "h mean", "h std", "saturated", "mean |dL/dh|"])
  table.append(["input", "", .number(result.inputStd), "", .number(result.inputGradientMeanAbs)])
  // |h| > 0.97 means "saturated" only for activations bounded by ±1.
  let bounded = [Activation.tanh, .sigmoid, .softsign].contains(activation)
  for layer in shown.sorted() {
    table.append([
      .integer(layer), .number(result.outputMean[layer - 1], significant: 2), .number(result.outputStd[layer - 1]),
      bounded ? .percent(result.saturatedFraction[layer - 1]) : "–", .number(result.layerGradientMeanAbs[layer - 1]),
    ])
  }
  notebook.table(table)
  notebook.prose(
    result.explodedAtLayer.map { layer in
      "**The signal explodes at layer \(layer):** its outputs (or the sums before the activation) outgrew a `Double` "
        + "(±1.8e308), so from there on every statistic is inf, nan or meaningless (ReLU turns a nan into 0, which "
        + "looks like a dead signal), and so is every gradient. That is this network's result, not a failure of the run."
    })
  notebook.prose(result.gradientsExplodedAtLayer.map(gradientsExplode(atLayer:)))
  let xs = (1...depth).map(Double.init)
  var stdChart = Chart(title: "Output std: \(activation), \(initializerName)", xLabel: "layer", yLabel: "std")
  stdChart.addLine(activation.name, xs: xs, ys: result.outputStd)
  notebook.figure(
    "sweep-std", stdChart, caption: "The std of every layer's output.",
    text: "std by layer:          \(Sparkline(result.outputStd))")
  var gradChart = Chart(
    title: "Mean |gradient|: \(activation), \(initializerName)", xLabel: "layer (0 = input)", yLabel: "mean |dL/dh|",
    yScale: .log10)
  let gradients = [result.inputGradientMeanAbs] + result.layerGradientMeanAbs
  gradChart.addLine(activation.name, xs: [0] + xs, ys: gradients)
  notebook.figure(
    "sweep-grad", gradChart, caption: "Mean |gradient| of every layer's output, input first.",
    text: "log |grad| input→last: \(Sparkline(gradients, log10: true))")
}

/*:
 ## The saturation probe

 Standardized inputs and zero bias: the fixed network of `tanh-saturation`, with your initializer.
 */
func saturation(into notebook: inout Notebook) {
  notebook.section("The saturation probe")
  var configuration = SaturationProbe.Configuration()
  configuration.activation = activation
  configuration.initializer = initializer
  configuration.hidden = Array(repeating: givenWidth ?? 64, count: givenDepth ?? 2)
  configuration.batch = givenBatch ?? 256
  configuration.seed = seed
  configuration.bias = 0
  configuration.standardizeInputs = true
  notebook.settings = [
    ("probe", "saturation"), ("activation", .text(activation.description)), ("initializer", .text("\(initializer)")),
    ("hidden", .text("\(configuration.hidden)")), ("batch", .integer(configuration.batch)),
    ("seed", .integer(seed)),
  ]
  let result = SaturationProbe(configuration).run()
  notebook.table(result.statistics.table(title: "Every layer"))
  notebook.prose(
    result.explodedAtLayer.map { layer in
      "**The signal explodes at layer \(layer):** its pre-activations or outputs outgrew a `Double` (±1.8e308), so "
        + "from there on its statistics are inf, nan or meaningless (ReLU turns a nan into 0), and so is every "
        + "gradient, which comes back from the loss through that layer. That is this network's result, not a failure "
        + "of the run. The histograms show the layers before it, and no gradients."
    })
  notebook.prose(result.gradientsExplodedAtLayer.map(gradientsExplode(atLayer:)))
  // After an explosion the histograms leave out the layers whose numbers mean nothing (`histogramChart`).
  let cut = result.explodedAtLayer != nil || result.gradientsExplodedAtLayer != nil
  notebook.figure(
    "saturation-h", result.trace.histogramChart(title: "Activations per layer: \(activation), \(initializer)"),
    caption: "The distribution of each layer's outputs\(cut ? ", up to the explosion" : "").")
  notebook.figure(
    "saturation-grad",
    result.trace.histogramChart(gradients: true, title: "Gradients per layer: \(activation), \(initializer)"),
    caption: "The distribution of each layer's output gradients\(cut ? ", where they are finite" : "").")
  notebook.figure(
    "saturation-map", result.trace.saturationMap(layer: 1),
    caption: "Layer 1: units by samples, white where |h| > 0.99.")
}

/*:
 ## The spectrum probe

 Theory (`JacobianPrediction`, from this network's weights): mean σ² = ∏χ₁(q_l), spread = Σ(μ₂/μ₁² − 1) + Σ v_W.
 */
func spectrum(into notebook: inout Notebook) {
  notebook.section("The spectrum probe")
  let configuration = SpectrumProbe.Configuration(
    activation: activation, initializer: initializer, depth: givenDepth ?? 16, width: givenWidth ?? 32,
    samples: givenBatch ?? 4, seed: seed)
  notebook.settings = [
    ("probe", "spectrum"), ("activation", .text(activation.description)), ("initializer", .text(initializerName)),
    ("depth", .integer(configuration.depth)), ("width", .integer(configuration.width)),
    ("inputs", .integer(configuration.samples)), ("seed", .integer(seed)),
  ]
  let spectrumProbe = SpectrumProbe(configuration)
  let (network, inputs) = spectrumProbe.draw()
  let result = SpectrumProbe.measure(
    lsuv ? lsuvRescaled((network, inputs), samples: 128, seed: seed, into: &notebook) : network, at: inputs)
  var table = Table(
    "The Jacobian's singular values at each input", columns: ["input", "mean σ²", "spread", "σ₁", "σ_N", "rank"])
  // "–" where there is nothing to give: the spread of J = 0 (a ratio to mean σ² = 0), the rank of no singular values.
  for (index, s) in result.spectra.enumerated() {
    let defined = !s.singularValues.largest.isNaN
    table.append([
      .integer(index + 1), .number(s.meanSquare), s.meanSquare == 0 ? "–" : .number(s.spread),
      .number(s.singularValues.largest), .number(s.singularValues.smallest, significant: 2),
      defined ? .text("\(s.singularValues.rank()) of \(configuration.width)") : "–",
    ])
  }
  let theory = result.prediction
  table.append([
    "theory", .number(theory.meanSquare), theory.meanSquare == 0 ? "–" : .number(theory.spread), "", "", "",
  ])
  notebook.table(table)
  notebook.prose(
    result.spectra.contains { $0.meanSquare == 0 }
      ? "**J = 0** where mean σ² is 0: every singular value is 0, and the spread, a ratio to mean σ², is not "
        + "defined (–)." : nil)
  notebook.prose(
    result.explodedAtLayer.map { layer in
      "**The signal explodes at layer \(layer)** (for at least one input its outputs, or the sums before the "
        + "activation, outgrew a `Double`, ±1.8e308): the Jacobian there means nothing, and its singular values are "
        + "not defined (nan above). That is this network's result, not a failure of the run."
    })
  notebook.prose(
    result.explodedAtLayer == nil && result.jacobianOverflowed
      ? "**The Jacobian explodes:** every layer's outputs stayed finite, but at some input the product of the layers' "
        + "derivatives outgrew a `Double` (±1.8e308), so its singular values are not defined (nan above). That is this "
        + "network's result, not a failure of the run." : nil)
  let logs = result.squaredSingularValues.filter { $0 > 0 }.map { log($0) / log(10) }
  notebook.figure(
    "spectrum",
    Chart.histograms(
      [(name: "log10 σ²", histogram: Histogram(logs, bins: 40))],
      title: "Squared singular values: \(activation), \(initializerName), depth \(configuration.depth)",
      xLabel: "log10 σ²"),
    caption: "Every input's squared singular values (exact zeros left out).")
}
