import Foundation
import TestSupport
import Testing

/// The messages of the hostile trial's minor faults, and the rules as written: a number too large
/// for its type says so and names the largest (it is not "not a number"), a workload that takes
/// no arguments says so whatever they are, and the documented exceptions to "a failed write is
/// exit status 1" (a pipe closed early; root and read-only files) are the ones the runs show.
@Suite("Examples: numbers out of range, and the output rules as documented")
struct ExampleOutputRulesTests {
  typealias CLI = ExampleCommandLineTests
  typealias Outputs = ExampleOutputTests

  @Test(
    "a number too large for its type names the largest; one that is no number is still 'not a number'",
    arguments: [
      (
        "lab", ["--depth", "9223372036854775808"],
        ["--depth is too large", "'9223372036854775808'", "9223372036854775807"]
      ),
      ("lab", ["--width", "+99999999999999999999999"], ["--width is too large", "9223372036854775807"]),
      ("lab", ["--depth", "-99999999999999999999"], ["--depth must be a positive whole number"]),
      ("lab", ["--depth", "1e3"], ["--depth must be a positive whole number"]),
      ("lab", ["--gain", "1e309"], ["--gain is out of range", "'1e309'", "1.7976931348623157e+308"]),
      ("lab", ["--gain", "1e-400"], ["--gain is out of range", "'1e-400'", "rounds to 0"]),
      ("lab", ["--gain", "-1e309"], ["--gain must be a positive number"]),
      ("lab", ["--gain", "0e5"], ["--gain must be a positive number"]),
      ("lab", ["--seed", "18446744073709551616"], ["--seed is too large", "18446744073709551615"]),
      ("width-sweep", ["--widths", "4,9223372036854775808"], ["--widths", "'9223372036854775808' is too large"]),
      ("benchmark", ["probe", "9223372036854775808"], ["probe", "too large", "9223372036854775807"]),
      ("benchmark", ["probe", "x"], ["probe takes positive integers", "'x'"]),
      ("benchmark", ["moons", "extra"], ["moons takes no arguments", "'extra'"]),
      ("benchmark", ["moons", "5"], ["moons takes no arguments", "'5'"]),
      ("benchmark", ["walk", "5"], ["unknown workload 'walk'"]),
    ] as [(String, [String], [String])])
  func outOfRange(tool: String, arguments: [String], words: [String]) throws {
    let root = try Outputs.folder("range")
    defer { try? FileManager.default.removeItem(atPath: root) }
    Outputs.expectRefused(try CLI.run(tool, arguments, in: root), words)
    #expect(Outputs.contents(root).isEmpty)
  }

  @Test("standard output closed early (| head) ends the run quietly by SIGPIPE, or is status 1 where it is ignored")
  func closedPipe() throws {
    let process = Process()
    process.executableURL = try builtExecutable("quickstart")
    let root = try Outputs.folder("sigpipe")
    defer { try? FileManager.default.removeItem(atPath: root) }
    process.currentDirectoryURL = URL(fileURLWithPath: root)
    process.environment = ["SWIFT_BACKTRACE": "enable=no", "PATH": "/usr/bin:/bin"]
    let output = Pipe(), error = Pipe()
    (process.standardOutput, process.standardError) = (output, error)
    try output.fileHandleForReading.close()  // no reader, as after `head` has exited
    try process.run()
    try output.fileHandleForWriting.close()
    let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    if process.terminationReason == .uncaughtSignal {
      #expect(process.terminationStatus == SIGPIPE)
      #expect(message.isEmpty, "no message: \(message)")
    } else {
      #expect(process.terminationStatus == 1)
      #expect(message.contains("cannot write standard output: Broken pipe"), "\(message)")
    }
  }

  /// Docs/Engine.md's "Limits and errors" section.
  static func limitsAndErrors() throws -> String {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let text = try String(contentsOf: repository.appendingPathComponent("Docs/Engine.md"), encoding: .utf8)
    let start = try #require(text.range(of: "## Limits and errors"))
    let end = text.range(of: "\n## ", range: start.upperBound..<text.endIndex)?.lowerBound ?? text.endIndex
    return String(text[start.lowerBound..<end])
  }

  @Test("Engine.md and every --help state the exceptions: a closed pipe, root and read-only files, links, devices")
  func documented() throws {
    let limits = try Self.limitsAndErrors().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    for words in [
      "SIGPIPE", "moons | head -1", "status 141", "a user without write permission", "root",
      "symbolic link to an existing file is followed", "a link to nothing", "`/dev/full`", "pipe",
      "nothing is created", "too large",
    ] {
      #expect(limits.contains(words), "Engine.md's Limits and errors: '\(words)' missing")
    }
    let help = try CLI.run("moons", ["--help"])
    let rules = help.standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    for words in ["SIGPIPE", "writable by the user running it", "symbolic link to an existing file is followed"] {
      #expect(rules.contains(words), "moons --help: '\(words)' missing")
    }
  }
}
