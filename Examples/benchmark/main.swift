// Benchmarks: the speed and memory goals of the engine, measured in a release build.
//
//   swift run -c release benchmark            # every workload, each in its own process (posix_spawn, no shell)
//   swift run -c release benchmark moons      # one workload: moons | probe | chain | steady
//
// Each workload prints one line: its time, nodes per second, and the process's peak
// resident memory as the OS reports it (getrusage). The moons line also prints
// `per_step_ms=`, the figure a timing harness reads to compare with a C tape and with micrograd.
// Nothing here is asserted by the tests: timings belong to benchmarks, not unit tests.
import ExampleSupport
import Micrograd

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// MARK: - Measuring

/// Seconds since the program started, on the monotonic clock.
let clock = Stopwatch()
func now() -> Double { clock.seconds }

/// The peak resident set size of this process so far, in bytes.
///
/// On Linux this is `VmHWM` from `/proc/self/status`, which belongs to this program alone:
/// `getrusage`'s `ru_maxrss` survives `exec`, so under `swift run` it reports the build tool's
/// peak (about 117 MB) instead of ours. Elsewhere it is `ru_maxrss` (bytes on macOS).
func peakMemory() -> Double {
  #if os(Linux)
    if let file = fopen("/proc/self/status", "r") {
      defer { fclose(file) }
      var line = [CChar](repeating: 0, count: 256)
      while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmHWM:"), let kB = Double(text.dropFirst(6).filter(\.isNumber)) { return kB * 1024 }
      }
    }
  #endif
  let usage = resourceUsage()
  #if canImport(Darwin)
    return Double(usage.ru_maxrss)  // bytes on macOS
  #else
    return Double(usage.ru_maxrss) * 1024  // kilobytes on Linux
  #endif
}

/// `getrusage(RUSAGE_SELF)`: this process's CPU time and peak memory so far.
func resourceUsage() -> rusage {
  var usage = rusage()
  #if canImport(Glibc)
    getrusage(RUSAGE_SELF.rawValue, &usage)
  #else
    getrusage(RUSAGE_SELF, &usage)
  #endif
  return usage
}

func mb(_ bytes: Double) -> String { (bytes / 1_048_576).formatted(decimals: 1) + " MB" }

// MARK: - Deep chain: y = y + 1.0, ten million times, then backward and release

func chain(links: Int = 10_000_000) {
  let start = now()
  var phases = ""
  let x = Value(0)
  do {
    var y = x + 1.0  // the literal is folded into the node: one node per link
    for _ in 1..<links { y = y + 1.0 }
    let built = now()
    y.backward()
    precondition(x.grad == 1 && y.data == Double(links))
    let backwardDone = now()
    y = x
    let released = now()
    phases =
      "build=\((built - start).formatted(decimals: 2))s backward=\((backwardDone - built).formatted(decimals: 2))s release=\((released - backwardDone).formatted(decimals: 2))s"
  }
  let seconds = now() - start
  let peak = peakMemory()
  print(
    "chain   links=\(links) time=\(seconds.formatted(decimals: 2))s nodes/s=\((Double(links) / seconds).formatted(significant: 3))",
    "peak=\(mb(peak)) bytes/link=\((peak / Double(links)).formatted(decimals: 1))", phases)
}

// MARK: - Moons step: micrograd's demo, one full-batch training step

/// micrograd's demo setup with the library's own API: 100 moons points with labels ±1,
/// `MLP(2, [16, 16, 1])` (ReLU hidden, linear output, U(−1, 1) weights), plain SGD.
func moonsSetup() -> (model: MLP, data: Dataset, labels: [Double], optimizer: SGD) {
  var rng = SplitMix64(seed: 1337)
  let data = Dataset.moons(count: 100, noise: 0.1, labels: .signed, using: &rng)
  let model = MLP(inputs: 2, sizes: [16, 16, 1], using: &rng)
  return (model, data, data.labels.map(Double.init), SGD(parameters: model.parameters, learningRate: 1))
}

/// One step: forward all points, hinge loss + 1e-4·Σp², zero grads, backward, SGD with
/// micrograd's `lr = 1.0 − 0.9·k/100`. Returns the loss and the accuracy before the update.
func moonsStep(
  _ model: MLP, _ data: Dataset, _ labels: [Double], _ optimizer: inout SGD, step k: Int
) -> (loss: Double, accuracy: Double) {
  let scores = model(batch: data.inputs.map { $0.map { Value($0) } }).map { $0[0] }
  let loss = Loss.hinge(scores: scores, labels: labels) + Loss.l2(optimizer.parameters, alpha: 1e-4)
  let correct = zip(labels, scores).filter { y, score in (y > 0) == (score.data > 0) }.count
  optimizer.zeroGrad()
  loss.backward()
  optimizer.learningRate = 1.0 - 0.9 * Double(k) / 100
  optimizer.step()
  return (loss.data, Double(correct) / Double(labels.count))
}

func moons(steps: Int = 100) {
  var (model, data, labels, optimizer) = moonsSetup()
  let nodes = countNodes(model, data, labels)
  let start = now()
  var last = (loss: 0.0, accuracy: 0.0)
  for k in 0..<steps { last = moonsStep(model, data, labels, &optimizer, step: k % 100) }
  let seconds = now() - start
  let perStep = seconds / Double(steps)
  print(
    "moons   steps=\(steps) nodes/step=\(nodes) loss=\(last.loss.formatted(decimals: 4))",
    "accuracy=\((100 * last.accuracy).formatted(decimals: 0))% nodes/s=\((Double(nodes) / perStep).formatted(significant: 3))",
    "peak=\(mb(peakMemory())) per_step_ms=\((perStep * 1000).formatted(decimals: 3))")
}

/// The number of nodes one step's graph holds (computed once, outside the timing).
func countNodes(_ model: MLP, _ data: Dataset, _ labels: [Double]) -> Int {
  let scores = model(batch: data.inputs.map { $0.map { Value($0) } }).map { $0[0] }
  let loss = Loss.hinge(scores: scores, labels: labels) + Loss.l2(model.parameters, alpha: 1e-4)
  return loss.topologicalOrder().count
}

// MARK: - Steady state: 1,000 moons steps keep peak memory flat

func steady(steps: Int = 1000) {
  var (model, data, labels, optimizer) = moonsSetup()
  var peaks: [Double] = []
  let start = now()
  for k in 0..<steps {
    _ = moonsStep(model, data, labels, &optimizer, step: k % 100)
    if (k + 1) % 100 == 0 { peaks.append(peakMemory()) }
  }
  let seconds = now() - start
  let growth = peaks.last! - peaks[0]
  print(
    "steady  steps=\(steps) time=\(seconds.formatted(decimals: 2))s peak after 100 steps=\(mb(peaks[0]))",
    "after \(steps)=\(mb(peaks.last!)) growth=\(mb(growth))")
}

// MARK: - Deep probe: the forum's experiment, forward + backward through the graph

/// CPU seconds (user + system) this process has used so far.
func cpuSeconds() -> Double {
  let usage = resourceUsage()
  let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
  return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
}

/// tanh at gain 5/3, `depth` square layers of `width`, a batch of `batch` N(0, 1) inputs, loss =
/// sum of the outputs: exactly what `GainSweepProbe` (and `lab`) run, timed phase by phase.
/// The weights are constants (the experiment needs the activations' gradients only).
func probe(width: Int, depth: Int, batch: Int) {
  let cpuStart = cpuSeconds()
  var rng = SplitMix64(seed: 0)
  let network = MLP(
    inputs: width, sizes: Array(repeating: width, count: depth), activation: .tanh, outputActivation: .tanh,
    bias: false, initializer: .xavierNormal(gain: 5.0 / 3), requiresGrad: false, using: &rng)
  let inputs = (0..<batch).map { _ in (0..<width).map { _ in Value(rng.gaussian()) } }
  let drawn = now()
  var outputs = network(batch: inputs)
  var loss: Value? = Value.sum(outputs.flatMap { $0 })
  let forward = now()
  loss!.backward()
  let backward = now()
  let inputGradient = inputs.flatMap { $0 }.map { Swift.abs($0.grad) }.reduce(0, +) / Double(batch * width)
  let outputStd = outputs.flatMap { $0 }.map(\.data).standardDeviation
  let peak = peakMemory()
  outputs = []
  loss = nil
  let released = now()
  let nodes = depth * batch * width  // one node per unit and sample: a layer and its activation are one block
  print(
    "probe   width=\(width) depth=\(depth) batch=\(batch) forward=\((forward - drawn).formatted(decimals: 2))s",
    "backward=\((backward - forward).formatted(decimals: 2))s release=\((released - backward).formatted(decimals: 2))s",
    "nodes/s=\((Double(nodes) / (backward - drawn)).formatted(significant: 3)) peak=\(mb(peak))",
    "output std=\(outputStd.formatted(decimals: 4)) mean|dL/dx|=\(inputGradient.formatted(significant: 4))",
    "cpu_seconds=\((cpuSeconds() - cpuStart).formatted(decimals: 2))")
}

// MARK: - Main

let workloads = ["moons", "probe", "chain", "steady"]
let commandLine = CommandLineOptions(
  tool: "benchmark", summary: "The engine's speed and memory goals, measured (run it in a release build).",
  options: [],
  epilogue: """
    workloads (none: all four, each in its own process):
      moons                      one step of micrograd's demo, 100 times (per_step_ms=)
      probe [WIDTH DEPTH BATCH]  the forum's experiment, forward and backward (default 128 100 128)
      chain                      y = y + 1.0 ten million times, backward, release
      steady                     1,000 moons steps: peak memory must stay flat

    figure JSON SVG              draws time against width (Docs/figures/performance-widths.svg)
                                 from the rows of reference/pytorch_width.py --json

    """,
  writesResults: false)
checkStandardOutputAtExit()
var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
  print(commandLine.usage, terminator: "")
  exit(0)
}
if arguments.first == "figure" {
  guard arguments.count == 3 else {
    commandLine.usageError("figure takes a JSON file and an SVG file (got \(arguments.count - 1) arguments)")
  }
  // Checked before reading: the SVG file can be written, and is not the JSON file it is drawn from
  // (however spelled, or through a link).
  let (folder, name) = ExampleOutputs.checkedFile(arguments[2], option: "figure's SVG file", commandLine)
  if ExampleOutputs.resolved(arguments[1]) == ExampleOutputs.joined(folder, name)
    || ExampleOutputs.sameFile(arguments[1], arguments[2])
  {
    commandLine.usageError("figure's SVG file '\(arguments[2])' is its JSON file; drawing it would destroy the rows")
  }
  widthsFigure(json: arguments[1], svg: arguments[2])
} else if let name = arguments.first {
  arguments.removeFirst()
  if !workloads.contains(name) {
    commandLine.usageError("unknown workload '\(name)'; choose one of: \(workloads.joined(separator: ", "))")
  }
  if name != "probe" && !arguments.isEmpty {
    commandLine.usageError("\(name) takes no arguments (got \(arguments.map { "'\($0)'" }.joined(separator: " ")))")
  }
  let sizes = arguments.map { text in
    guard let n = Int(text), n >= 1 else {
      if ParsedOptions.isTooLarge(text, for: Int.self) {
        commandLine.usageError("probe: '\(text)' is too large (the largest is \(Int.max))")
      }
      commandLine.usageError("probe takes positive integers (got '\(text)')")
    }
    return n
  }
  if sizes.count > 3 { commandLine.usageError("probe takes at most WIDTH DEPTH BATCH (got \(sizes.count) numbers)") }
  switch name {
  case "moons": moons()
  case "probe":
    let (width, depth, batch) = (
      sizes.count > 0 ? sizes[0] : 128, sizes.count > 1 ? sizes[1] : 100, sizes.count > 2 ? sizes[2] : 128
    )
    commandLine.requireMemory(width: width, option: "probe WIDTH", settings: "depth \(depth), batch \(batch)") {
      .benchmarkProbe(width: $0, depth: depth, batch: batch)
    }
    probe(width: width, depth: depth, batch: batch)
  case "chain": chain()
  case "steady": steady()
  default:
    commandLine.usageError("unknown workload '\(name)'; choose one of: \(workloads.joined(separator: ", "))")
  }
} else {
  for name in workloads where !runThisProgram([name]) { exit(1) }
}
