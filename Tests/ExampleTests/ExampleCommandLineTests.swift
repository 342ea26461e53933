import Foundation
import TestSupport
import Testing
import ExampleSupport
import Micrograd

/// The example executables, run as a learner runs them: a bad argument gets one readable
/// line on standard error naming it (and the valid choices), exit status 2, no backtrace;
/// `--help` lists every option and exits 0. (`swift test` builds the examples first.)
@Suite("Examples: bad arguments get one readable line and exit status 2")
struct ExampleCommandLineTests {
  struct Run {
    var status: Int32
    var standardOutput: String
    var standardError: String
  }

  /// Runs the example `name`, built beside this test bundle, with `arguments`: in `directory`
  /// (default: this process's), its standard output into `standardOutput` (default: captured),
  /// and, with `unprivileged` when the tests run as root, as the user nobody (`setpriv`), for
  /// whom file permissions hold.
  static func run(
    _ name: String, _ arguments: [String], in directory: String? = nil, standardOutput: FileHandle? = nil,
    unprivileged: Bool = false
  ) throws -> Run {
    let process = Process()
    let executable = try builtExecutable(name)
    if unprivileged && geteuid() == 0 {
      process.executableURL = URL(fileURLWithPath: setpriv)
      process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", executable.path] + arguments
    } else {
      process.executableURL = executable
      process.arguments = arguments
    }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"
    process.environment = environment
    let output = Pipe(), error = Pipe()
    process.standardOutput = standardOutput ?? output
    process.standardError = error
    try process.run()
    if standardOutput != nil { try output.fileHandleForWriting.close() }
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
      standardError: String(decoding: errData, as: UTF8.self))
  }

  /// Where `setpriv` is, to drop root's privileges for a test of file permissions.
  static let setpriv = "/usr/bin/setpriv"
  /// Whether file permissions can be tested: not root, or root with `setpriv` to become nobody.
  static let permissionsHold = geteuid() != 0 || FileManager.default.isExecutableFile(atPath: setpriv)

  /// A bad invocation and the words its one-line message must contain.
  struct BadInvocation: CustomTestStringConvertible, Sendable {
    var tool: String
    var arguments: [String]
    var mentions: [String]
    var testDescription: String { "\(tool) \(arguments.joined(separator: " "))" }
  }

  @Test(
    "one line naming the problem, exit status 2",
    arguments: [
      BadInvocation(tool: "lab", arguments: ["--activation", "swoosh"], mentions: ["'swoosh'", "tanh", "softplus"]),
      BadInvocation(
        tool: "lab", arguments: ["--init", "xavier"], mentions: ["'xavier'", "xavierNormal", "orthogonal"]),
      BadInvocation(tool: "lab", arguments: ["--depth", "-3"], mentions: ["--depth", "'-3'"]),
      BadInvocation(tool: "lab", arguments: ["--gain", "nan"], mentions: ["--gain", "'nan'"]),
      BadInvocation(tool: "lab", arguments: ["--probe", "deep"], mentions: ["'deep'", "sweep", "saturation"]),
      BadInvocation(tool: "lab", arguments: ["--colour", "red"], mentions: ["'--colour'", "--activation"]),
      BadInvocation(tool: "lab", arguments: ["--seed"], mentions: ["--seed needs a value"]),
      BadInvocation(
        tool: "lab", arguments: ["--activation", "gelu", "--init", "kaimingNormal"], mentions: ["gelu", "xavierNormal"]),
      BadInvocation(tool: "lab", arguments: ["--probe", "saturation", "--init", "eye"], mentions: ["eye", "square"]),
      BadInvocation(
        tool: "lab", arguments: ["--init", "kaimingNormal", "--gain", "3"], mentions: ["kaimingNormal", "--gain"]),
      BadInvocation(tool: "lab", arguments: ["--depth", "--seed", "3"], mentions: ["--depth needs a value"]),
      BadInvocation(tool: "lab", arguments: ["--norm", "group"], mentions: ["'group'", "batch", "layer"]),
      BadInvocation(
        tool: "lab", arguments: ["--probe", "saturation", "--residual", "plain"], mentions: ["--residual", "sweep"]),
      BadInvocation(tool: "normalization", arguments: ["--depth", "5"], mentions: ["--depth", "'5'"]),
      BadInvocation(tool: "normalization", arguments: ["--batch", "1"], mentions: ["--batch", "'1'"]),
      BadInvocation(tool: "gain-sweep", arguments: ["--depth", "ten"], mentions: ["--depth", "ten"]),
      BadInvocation(tool: "gain-sweep", arguments: ["--fast"], mentions: ["--fast"]),
      BadInvocation(tool: "tanh-saturation", arguments: ["--seed", "x"], mentions: ["--seed"]),
      BadInvocation(tool: "fixed-point", arguments: ["--seeds", "0"], mentions: ["--seeds", "'0'"]),
      BadInvocation(tool: "moons", arguments: ["--steps", "3"], mentions: ["'--steps'", "--out"]),
      BadInvocation(tool: "init-vs-training", arguments: ["--out"], mentions: ["--out needs a value"]),
      BadInvocation(
        tool: "training-diagnostics", arguments: ["--depth", "1"], mentions: ["--depth", "at least 2", "'1'"]),
      BadInvocation(
        tool: "training-diagnostics", arguments: ["--steps", "50"], mentions: ["--steps", "at least 100", "last 100"]),
      BadInvocation(tool: "training-diagnostics", arguments: ["--width", "0"], mentions: ["--width", "'0'"]),
      BadInvocation(tool: "training-diagnostics", arguments: ["--batch", "8"], mentions: ["'--batch'", "--steps"]),
      BadInvocation(tool: "benchmark", arguments: ["fast"], mentions: ["'fast'", "moons", "chain"]),
      BadInvocation(tool: "lab", arguments: ["--probe", "spectra"], mentions: ["'spectra'", "spectrum"]),
      BadInvocation(tool: "lab", arguments: ["--init", "lsuv", "--gain", "2"], mentions: ["lsuv", "--gain"]),
      BadInvocation(
        tool: "lab", arguments: ["--probe", "saturation", "--init", "lsuv"], mentions: ["lsuv", "sweep or spectrum"]),
      BadInvocation(tool: "isometry", arguments: ["--batch", "1"], mentions: ["--batch", "at least 2"]),
      BadInvocation(tool: "isometry", arguments: ["--width", "wide"], mentions: ["--width", "'wide'"]),
      BadInvocation(tool: "isometry", arguments: ["--depth", "3"], mentions: ["'--depth'", "--width"]),
      // Output paths: empty, impossible, or a file, refused before any work.
      BadInvocation(tool: "lab", arguments: ["--out", ""], mentions: ["--out", "folder"]),
      BadInvocation(tool: "moons", arguments: ["--out", ""], mentions: ["--out", "folder"]),
      BadInvocation(tool: "init-vs-training", arguments: ["--out", "/proc/x"], mentions: ["--out", "'/proc/x'"]),
      BadInvocation(tool: "fixed-point", arguments: ["--notebook", "/proc/x"], mentions: ["--notebook", "'/proc/x'"]),
      BadInvocation(tool: "quickstart", arguments: ["--out", "/etc/hostname"], mentions: ["'/etc/hostname'", "file"]),
      BadInvocation(tool: "quickstart", arguments: ["--bogus"], mentions: ["'--bogus'", "--out"]),
      // A --json folder where no file can be created (even as root, for whom access() says yes).
      BadInvocation(
        tool: "moons", arguments: ["--json", "/proc/x.json"], mentions: ["--json", "'/proc'", "not writable"]),
      BadInvocation(tool: "benchmark", arguments: ["probe", "wide"], mentions: ["'wide'", "positive integers"]),
      BadInvocation(tool: "benchmark", arguments: ["chain", "3"], mentions: ["chain takes no arguments"]),
      BadInvocation(tool: "benchmark", arguments: ["figure", "rows.json"], mentions: ["a JSON file and an SVG file"]),
      // A value that is an option is a missing value, not a folder called --help (issue 21).
      BadInvocation(
        tool: "quickstart", arguments: ["--out", "--help"], mentions: ["--out needs a value", "'--help'"]),
      BadInvocation(tool: "moons", arguments: ["--json", "--seed"], mentions: ["--json needs a value", "'--seed'"]),
      BadInvocation(tool: "lab", arguments: ["--notebook", "-h"], mentions: ["--notebook needs a value"]),
      // Each option once; numbers in decimal; names of a choice are refused only when unknown.
      BadInvocation(tool: "lab", arguments: ["--depth", "2", "--depth", "3"], mentions: ["--depth is given twice"]),
      BadInvocation(tool: "moons", arguments: ["--seed", "1", "--seed", "1"], mentions: ["--seed is given twice"]),
      BadInvocation(tool: "lab", arguments: ["--gain", "0x10"], mentions: ["--gain", "'0x10'", "decimal"]),
      BadInvocation(tool: "lab", arguments: ["--depth", "0x10"], mentions: ["--depth", "'0x10'"]),
      BadInvocation(tool: "gain-sweep", arguments: ["--width", "1e3"], mentions: ["--width", "'1e3'"]),
      BadInvocation(tool: "lab", arguments: ["--activation", "leakyReLU:"], mentions: ["'leakyReLU:'"]),
      BadInvocation(tool: "lab", arguments: ["--activation", "leakyReLU:0x10"], mentions: ["'leakyReLU:0x10'"]),
      // Gains whose square is 0 or ∞: given, or calculated from a slope.
      BadInvocation(
        tool: "lab", arguments: ["--activation", "leakyReLU:1e200"], mentions: ["calculateGain", "1e-150", "1e150"]),
      BadInvocation(
        tool: "lab", arguments: ["--activation", "leakyReLU:1e200", "--init", "kaimingNormal"],
        mentions: ["calculateGain"]),
      BadInvocation(tool: "lab", arguments: ["--gain", "1e-200"], mentions: ["--gain", "1e-150", "'1e-200'"]),
      BadInvocation(tool: "lab", arguments: ["--gain", "1e300"], mentions: ["--gain", "1e150"]),
      // Seeds: any UInt64, nothing past it.
      BadInvocation(
        tool: "moons", arguments: ["--seed", "18446744073709551616"], mentions: ["--seed", "18446744073709551615"]),
      BadInvocation(tool: "lab", arguments: ["--seed", "-1"], mentions: ["--seed", "'-1'"]),
      // Each example's real minimum, refused before any work, with the reason.
      BadInvocation(tool: "normalization", arguments: ["--batch", "2"], mentions: ["--batch", "at least 4", "'2'"]),
      BadInvocation(tool: "normalization", arguments: ["--batch", "3"], mentions: ["--batch", "E[1/σ²]"]),
      BadInvocation(
        tool: "isometry", arguments: ["--width", "1"], mentions: ["--width", "at least 2", "singular value"]),
      BadInvocation(tool: "lab", arguments: ["--batch", "1"], mentions: ["--batch", "at least 2"]),
      BadInvocation(
        tool: "three-ways", arguments: ["--expression", "x +"], mentions: ["--expression", "'x +'", "end"]),
      BadInvocation(
        tool: "three-ways", arguments: ["--expression", "cosh(x)"], mentions: ["'cosh'", "tanh", "sigmoid"]),
      BadInvocation(tool: "three-ways", arguments: ["--widths", "4,0"], mentions: ["--widths", "'4,0'"]),
      BadInvocation(
        tool: "three-ways", arguments: ["--expression", String(repeating: "(", count: 100_000) + "x"],
        mentions: ["--expression", "nested more than 200 deep"]),
    ])
  func badArgument(_ bad: BadInvocation) throws {
    let run = try Self.run(bad.tool, bad.arguments)
    #expect(run.status == 2, "exit status \(run.status); stderr: \(run.standardError)")
    let message = run.standardError
    #expect(run.standardOutput.isEmpty, "nothing should run before the arguments are checked: \(run.standardOutput)")
    let lines = message.split(separator: "\n", omittingEmptySubsequences: true)
    #expect(lines.count == 1, "expected one line, got: \(message)")
    for word in bad.mentions {
      #expect(message.contains(word), "'\(word)' missing from: \(message)")
    }
    #expect(!message.contains("Fatal error") && !message.contains("Backtrace") && !message.contains("Stack dump"))
  }

  @Test(
    "every executable answers --help on standard output with exit status 0",
    arguments: [
      "quickstart", "moons", "gain-sweep", "tanh-saturation", "fixed-point", "init-vs-training", "lab", "width-sweep",
      "isometry", "normalization", "benchmark", "three-ways", "training-diagnostics",
    ])
  func help(tool: String) throws {
    let run = try Self.run(tool, ["--help"])
    #expect(run.status == 0)
    #expect(run.standardOutput.hasPrefix("usage: \(tool)"))
    #expect(run.standardError.isEmpty)
  }

  @Test("gain-sweep --depth 1: a table with a column, no depth-100 PyTorch rows, no claim of settling")
  func gainSweepDepthOne() throws {
    let run = try Self.run("gain-sweep", ["--depth", "1", "--width", "16", "--batch", "8"])
    #expect(run.status == 0)
    #expect(run.standardOutput.contains("Output std after the last layer"))
    #expect(run.standardOutput.contains("@1"))
    #expect(!run.standardOutput.contains("PyTorch, "))  // its rows are labelled "PyTorch, width …"
    #expect(!run.standardOutput.contains("settles"))
    #expect(run.standardOutput.contains("after 1 layer"))
  }

  @Test(
    "accepted on purpose: names in any case and with _, a leading +, the spectrum probe's single input",
    arguments: [
      (["--probe", "SPECTRUM", "--batch", "1"], "spectrum probe"),
      (["--norm", "Batch", "--residual", "Re_Zero"], "residual **rezero**"),
      (["--probe", "Sweep", "--gain", "+3"], "xavierNormal(gain: 3)"),
      (["--activation", "LEAKY_RELU:+0.2"], "leakyReLU(0.2)"),
      (["--init", "Xavier_Uniform", "--residual", "scaled"], "xavierUniform"),
    ])
  func acceptedVariants(arguments: [String], shows: String) throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("lab-variants-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: out) }
    let sizes = ["--depth", "2", "--width", "3"] + (arguments.contains("--batch") ? [] : ["--batch", "2"])
    let run = try Self.run("lab", arguments + sizes + ["--out", out, "--notebook", out])
    #expect(run.status == 0, "\(run.standardError)")
    let page = try String(contentsOfFile: out + "/lab.md", encoding: .utf8)
    #expect(page.contains(shows), "'\(shows)' missing from the page")
  }

  @Test("lab --activation leakyReLU:0.2 --init kaimingNormal uses the slope's gain, not ReLU's √2")
  func leakyKaiming() throws {
    let run = try Self.run(
      "lab",
      ["--activation", "leakyReLU:0.2", "--init", "kaimingNormal", "--depth", "2", "--width", "8", "--batch", "4"])
    #expect(run.status == 0)
    #expect(run.standardOutput.contains("nonlinearity: leakyReLU(0.2)"))
  }

  @Test(
    "the fast examples still compute the numbers committed in Docs/data (regenerate with .ci/regenerate-docs)",
    arguments: ["quickstart", "tanh-saturation", "moons"])
  func committedNumbers(example: String) throws {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let committed = try String(
      contentsOf: repository.appendingPathComponent("Docs/data/\(example).json"), encoding: .utf8)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(example)-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: path) }
    let run = try Self.run(example, ["--json", path.path])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(try String(contentsOf: path, encoding: .utf8) == committed)
  }

  @Test("lab --help lists every option, activation and initializer, and exits 0")
  func labHelp() throws {
    let run = try Self.run("lab", ["--help"])
    #expect(run.status == 0)
    for word in [
      "--probe", "--activation", "--init", "--gain", "--depth", "--width", "--batch", "--seed", "--out", "--norm",
      "--residual",
    ] {
      #expect(run.standardOutput.contains(word), "\(word) missing from --help")
    }
    for word in [
      "tanh", "leakyReLU", "selu", "softsign", "xavierNormal", "kaimingUniform", "orthogonal", "pytorchLinear",
      "lsuv", "spectrum",
    ] {
      #expect(run.standardOutput.contains(word), "\(word) missing from --help")
    }
  }
}

@Suite("CommandLineOptions: the examples' parser")
struct CommandLineOptionsTests {
  let options = CommandLineOptions(
    tool: "demo", summary: "A demo.",
    options: [.init("--depth", "N", "layers (default 3)"), .init("--out", "FOLDER", "where to write")],
    writesResults: false)

  @Test("values are read with their types and defaults")
  func values() {
    let parsed = options.parse(["--depth", "7"])
    #expect(parsed.positiveInteger("--depth", default: 3) == 7)
    #expect(parsed.string("--out", default: "out") == "out")
    #expect(parsed.seed("--seed", default: 5) == 5)
  }

  @Test("the usage lists every option in one aligned column, --help included")
  func usage() {
    #expect(options.usage.hasPrefix("usage: demo [--depth N] [--out FOLDER]\n\nA demo.\n\noptions:\n"))
    #expect(options.usage.contains("  --depth N     layers (default 3)\n"))
    #expect(options.usage.contains("  --help        print this help\n"))
  }

  @Test("lists wrap at the width, continuation lines indented")
  func wrap() {
    #expect(CommandLineOptions.wrap(["alpha", "beta", "gamma"], width: 12) == "alpha, beta,\n  gamma")
    #expect(CommandLineOptions.wrap(["one"]) == "one")
  }
}

@Suite("concurrently: independent jobs, two at a time")
struct ConcurrentlyTests {
  @Test("results come back in the order of the jobs, each job run once")
  func order() async {
    let results = await concurrently((0..<7).map { n in { n * n } })
    #expect(results == [0, 1, 4, 9, 16, 25, 36])
    #expect(await concurrently([@Sendable () -> Int]()).isEmpty)
  }
}
