// lab: run the gain-sweep probe or the saturation probe for any activation, initializer,
// gain, depth, width, batch and seed, without editing code.
//
//   swift run -c release lab --activation tanh --gain 1.1
//   swift run -c release lab --activation relu --init kaimingNormal --depth 50 --out out/relu
//   swift run -c release lab --probe saturation --init xavierNormal --gain 1
//   swift run -c release lab --help
import ExampleSupport
import Micrograd

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// MARK: - Options

let activationNames = Activation.allCases.map(\.name)

let commandLine = CommandLineOptions(
  tool: "lab",
  summary: """
    Runs the forum's deep-network probe (sweep) or the saturated-first-layer probe (saturation),
    prints the per-layer table and writes SVG charts.
    """,
  options: [
    .init("--probe", "sweep|saturation", "which experiment (default sweep)"),
    .init("--activation", "NAME", "the hidden layers' nonlinearity (default tanh)"),
    .init("--init", "NAME", "how weights are drawn (default xavierNormal)"),
    .init("--gain", "X", "the initializer's gain (default: calculateGain of the activation, or 1)"),
    .init("--depth", "N", "layers (default 100); saturation probe: hidden layers (default 2)"),
    .init("--width", "N", "units per layer (default 128 for sweep, 64 for saturation)"),
    .init("--batch", "N", "number of input samples (default 128 for sweep, 256 for saturation)"),
    .init("--seed", "N", "seed of weights and data (default 0)"),
    .init("--out", "FOLDER", "where the SVG charts go (default ./out)"),
  ],
  epilogue: """
    activations: \(CommandLineOptions.wrap(activationNames))
      (leakyReLU and elu take a parameter after a colon: leakyReLU:0.2, elu:0.5)
    initializers: \(CommandLineOptions.wrap(WeightInitializer.names, width: 86))
      (the gain scales xavier* and orthogonal; it is the std of normal, truncatedNormal and sparse,
      the bound of uniform; kaiming* use the activation's PyTorch gain; the others ignore it)
    """)

let parsed = commandLine.parse()
let settings = (
  probe: parsed.choice("--probe", from: ["sweep", "saturation"], default: "sweep", kind: "probe"),
  activation: parsed.named(
    "--activation", default: Activation.tanh, kind: "activation", validNames: activationNames, Activation.init(name:)),
  initName: parsed.named(
    "--init", default: "xavierNormal", kind: "initializer", validNames: WeightInitializer.names
  ) { WeightInitializer(name: $0) == nil ? nil : $0 },
  gain: parsed.positiveNumber("--gain"),
  depth: parsed.positiveInteger("--depth"),
  width: parsed.positiveInteger("--width"),
  batch: parsed.positiveInteger("--batch"),
  seed: parsed.seed("--seed", default: 0),
  out: parsed.string("--out", default: "out")
)
func usageError(_ message: String) -> Never { commandLine.usageError(message) }
if settings.gain != nil, !WeightInitializer.nameTakesGain(settings.initName) {
  usageError(
    "--init \(settings.initName) has no gain to set (it ignores --gain); gains apply to xavier*, orthogonal, normal, uniform, truncatedNormal, sparse"
  )
}
/// PyTorch's `calculate_gain` for the activation, nil where PyTorch has none (gelu, silu, …).
let pytorchGain = try? calculateGain(settings.activation)
let gain = settings.gain ?? pytorchGain ?? 1
let weights = WeightInitializer(name: settings.initName, gain: gain, nonlinearity: settings.activation)!
switch weights {
case .kaimingNormal where pytorchGain == nil, .kaimingUniform where pytorchGain == nil:
  usageError(
    "--init \(settings.initName) needs PyTorch's gain for the activation, and PyTorch has none for \(settings.activation.pytorchName); "
      + "use --init xavierNormal --gain X (the fixed-point example computes gains for it)")
case .eye where settings.probe == "saturation":
  usageError("--init eye needs square layers; the saturation probe's first layer is 10 × 64 (use --probe sweep)")
default: break
}
func f(_ x: Double) -> String { formatted(x, significant: 3) }

func write(_ chart: Chart, _ name: String) {
  do { try chart.write(to: settings.out + "/" + name) } catch {
    printError("lab: \(error)")
    exit(1)
  }
}

// MARK: - Probes

if settings.probe == "sweep" {
  let configuration = GainSweepProbe.Configuration(
    activation: settings.activation, initializer: weights, depth: settings.depth ?? 100,
    width: settings.width ?? 128, batch: settings.batch ?? 128, seed: settings.seed)
  print("gain sweep: \(configuration)\n")
  let result = GainSweepProbe(configuration).run()
  var table = TextTable(["layer", "h mean", "h std", "saturated", "mean |dL/dh|"])
  table.append(["input", "", f(result.inputStd), "", f(result.inputGradientMeanAbs)])
  let depth = configuration.depth
  let shown = Set([1, 2, 5] + Array(stride(from: 10, through: depth, by: 10)) + [depth - 1, depth]).filter {
    $0 >= 1 && $0 <= depth
  }
  // |h| > 0.97 means "saturated" only for activations bounded by ±1.
  let bounded = [Activation.tanh, .sigmoid, .softsign].contains(settings.activation)
  for layer in shown.sorted() {
    table.append([
      String(layer), formatted(result.outputMean[layer - 1], significant: 2), f(result.outputStd[layer - 1]),
      bounded ? formatted(100 * result.saturatedFraction[layer - 1], decimals: 1) + "%" : "–",
      f(result.layerGradientMeanAbs[layer - 1]),
    ])
  }
  print(table)
  print("\nstd by layer:          \(Sparkline(result.outputStd))")
  print("log |grad| input→last: \(Sparkline([result.inputGradientMeanAbs] + result.layerGradientMeanAbs, log10: true))")
  let xs = (1...depth).map(Double.init)
  var stdChart = Chart(title: "Output std: \(settings.activation), \(weights)", xLabel: "layer", yLabel: "std")
  stdChart.addLine(settings.activation.name, xs: xs, ys: result.outputStd)
  var gradChart = Chart(
    title: "Mean |gradient|: \(settings.activation), \(weights)", xLabel: "layer (0 = input)", yLabel: "mean |dL/dh|",
    yScale: .log10)
  gradChart.addLine(
    settings.activation.name, xs: [0] + xs, ys: [result.inputGradientMeanAbs] + result.layerGradientMeanAbs)
  write(stdChart, "lab-sweep-std.svg")
  write(gradChart, "lab-sweep-grad.svg")
  print("\nwrote \(settings.out)/lab-sweep-std.svg and \(settings.out)/lab-sweep-grad.svg")
} else {
  var configuration = SaturationProbe.Configuration()
  configuration.activation = settings.activation
  configuration.initializer = weights
  configuration.hidden = Array(repeating: settings.width ?? 64, count: settings.depth ?? 2)
  configuration.batch = max(2, settings.batch ?? 256)
  configuration.seed = settings.seed
  configuration.bias = 0
  configuration.standardizeInputs = true
  print(
    "saturation probe: \(settings.activation), \(weights), hidden \(configuration.hidden), batch \(configuration.batch), seed \(settings.seed)"
  )
  print("(standardized inputs, zero bias: the fixed network of tanh-saturation with your initializer)\n")
  let result = SaturationProbe(configuration).run()
  print(result.statistics.table())
  write(
    result.trace.histogramChart(title: "Activations per layer: \(settings.activation), \(weights)"),
    "lab-saturation-h.svg")
  write(
    result.trace.histogramChart(gradients: true, title: "Gradients per layer: \(settings.activation), \(weights)"),
    "lab-saturation-grad.svg")
  do { try result.trace.saturationMap(layer: 1).write(to: settings.out + "/lab-saturation-map.svg") } catch {
    printError("lab: \(error)")
    exit(1)
  }
  print("\nwrote \(settings.out)/lab-saturation-h.svg, lab-saturation-grad.svg, lab-saturation-map.svg")
}
