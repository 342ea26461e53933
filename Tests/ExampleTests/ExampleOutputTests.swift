import Foundation
import Testing

/// What the examples write (issue 21, "Outputs are never half-written or clobbered"): every
/// output path is checked before any work, a `--json` file never lands on the run's own figures
/// or pages, a failed write to standard output is an error, and seeds reach the JSON exactly.
@Suite("Examples: outputs are never lost, clobbered or half-written")
struct ExampleOutputTests {
  typealias CLI = ExampleCommandLineTests

  /// A new folder that anyone may write into (so that the user nobody can, too).
  static func folder(_ name: String) throws -> String {
    let path = NSTemporaryDirectory() + "micrograd-outputs-\(name)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: path)
    return path
  }

  static func contents(_ folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
  }

  /// Expects a refusal before any work: exit status 2, one line mentioning `words`, nothing printed.
  static func expectRefused(_ run: CLI.Run, _ words: [String]) {
    #expect(run.status == 2, "exit status \(run.status); stderr: \(run.standardError)")
    #expect(run.standardOutput.isEmpty, "nothing should run: \(run.standardOutput)")
    #expect(run.standardError.split(separator: "\n").count == 1, "one line: \(run.standardError)")
    for word in words { #expect(run.standardError.contains(word), "'\(word)' missing from: \(run.standardError)") }
  }

  @Test("a failed write to standard output (> /dev/full) is exit status 1 with the reason, --help included")
  func standardOutputFull() throws {
    let out = try Self.folder("full")
    defer { try? FileManager.default.removeItem(atPath: out) }
    for arguments in [["--out", out], ["--help"]] {
      let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
      let run = try CLI.run("quickstart", arguments, standardOutput: full)
      #expect(run.status == 1, "\(arguments): exit status \(run.status)")
      #expect(run.standardError.contains("quickstart: cannot write standard output: No space left on device"))
    }
  }

  @Test(
    "--json onto one of the run's own figures or pages is refused before any work, however it is spelled",
    arguments: [
      ("moons", ["--out", "F"], "F/moons-loss.svg"), ("moons", ["--out", "F"], "./F/../F/MOONS-boundary.svg"),
      ("quickstart", ["--out", "F", "--notebook", "N"], "N/quickstart.html"),
      ("quickstart", ["--out", "F", "--notebook", "F"], "F/quickstart.md"),
      ("quickstart", ["--out", "F", "--notebook", "N"], "N/quickstart.ipynb"),
      ("quickstart", ["--out", "F", "--notebook", "N"], "N/quickstart-anything.svg"),
    ])
  func jsonOntoOwnFile(tool: String, outputs: [String], json: String) throws {
    let root = try Self.folder("own")
    defer { try? FileManager.default.removeItem(atPath: root) }
    try "keep".write(toFile: root + "/page.txt", atomically: false, encoding: .utf8)
    let run = try CLI.run(tool, outputs + ["--json", json], in: root)
    Self.expectRefused(run, ["--json", "own"])
    for folder in ["F", "N"] { #expect(Self.contents(root + "/" + folder).isEmpty) }
    #expect(try String(contentsOfFile: root + "/page.txt", encoding: .utf8) == "keep")
  }

  @Test("--json beside the run's files, under another name, is written")
  func jsonBeside() throws {
    let root = try Self.folder("beside")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let run = try CLI.run("quickstart", ["--out", "F", "--notebook", "F", "--json", "F/quickstart.json"], in: root)
    #expect(run.status == 0, "\(run.standardError)")
    #expect(
      Self.contents(root + "/F") == [
        "quickstart-graph-backward.svg", "quickstart-graph-forward.svg", "quickstart.html", "quickstart.ipynb",
        "quickstart.json", "quickstart.md",
      ])
  }

  @Test("--out --help makes no folder called --help; ./--help is a folder of that name")
  func optionAsValue() throws {
    let root = try Self.folder("dash")
    defer { try? FileManager.default.removeItem(atPath: root) }
    Self.expectRefused(try CLI.run("quickstart", ["--out", "--help"], in: root), ["--out needs a value"])
    #expect(Self.contents(root).isEmpty)
    let run = try CLI.run("quickstart", ["--out", "./--help"], in: root)
    #expect(run.status == 0 && Self.contents(root) == ["--help"])
  }

  @Test(
    "a seed past 2⁵³ or 2⁶³ runs every probe and reaches the JSON digit for digit",
    arguments: [
      (["--probe", "sweep"], "18446744073709551615"), (["--probe", "saturation"], "9223372036854775808"),
      (["--probe", "spectrum", "--batch", "1"], "9007199254740993"),
    ])
  func exactSeed(probe: [String], seed: String) throws {
    let root = try Self.folder("seed")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let sizes = ["--depth", "2", "--width", "3"] + (probe.contains("--batch") ? [] : ["--batch", "2"])
    let run = try CLI.run("lab", probe + sizes + ["--seed", seed, "--out", root, "--json", root + "/lab.json"])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(try String(contentsOfFile: root + "/lab.json", encoding: .utf8).contains("\"seed\": \(seed)}"))
  }

  @Test("gain-sweep and moons run at the largest seed, and write it exactly", arguments: ["gain-sweep", "moons"])
  func largestSeed(tool: String) throws {
    let root = try Self.folder("largest")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let sizes = tool == "gain-sweep" ? ["--depth", "2", "--width", "2", "--batch", "2"] : []
    let run = try CLI.run(
      tool, sizes + ["--seed", "18446744073709551615", "--out", root, "--json", root + "/run.json"])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(try String(contentsOfFile: root + "/run.json", encoding: .utf8).contains("\"seed\": 18446744073709551615"))
  }

  @Test(
    "a read-only output, or one in a read-only folder, is refused before any work",
    .enabled(if: CLI.permissionsHold, "root without setpriv: permissions do not apply"))
  func readOnly() throws {
    let root = try Self.folder("readonly")
    defer {
      try? FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: root + "/locked")
      try? FileManager.default.removeItem(atPath: root)
    }
    try "rows".write(toFile: root + "/old.json", atomically: false, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: root + "/old.json")
    try FileManager.default.createDirectory(atPath: root + "/F", withIntermediateDirectories: false)
    try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: root + "/F")
    try "figure".write(toFile: root + "/F/moons-loss.svg", atomically: false, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: root + "/F/moons-loss.svg")
    try FileManager.default.createDirectory(atPath: root + "/locked", withIntermediateDirectories: false)
    try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: root + "/locked")
    let cases: [([String], [String])] = [
      (["--out", root + "/G", "--json", root + "/old.json"], ["--json", "read-only"]),
      (["--out", root + "/G", "--json", root + "/locked/new.json"], ["--json", "not writable"]),
      (["--out", root + "/F"], ["--out", "moons-loss.svg", "read-only"]),
      (["--out", root + "/locked"], ["--out", "not writable"]),
    ]
    for (arguments, words) in cases {
      Self.expectRefused(try CLI.run("moons", arguments, unprivileged: true), words)
    }
    #expect(try String(contentsOfFile: root + "/old.json", encoding: .utf8) == "rows")
    #expect(try String(contentsOfFile: root + "/F/moons-loss.svg", encoding: .utf8) == "figure")
  }

  @Test("benchmark figure refuses to draw over the JSON file it reads")
  func figureOverItsRows() throws {
    let root = try Self.folder("figure")
    defer { try? FileManager.default.removeItem(atPath: root) }
    try "[]".write(toFile: root + "/rows.json", atomically: false, encoding: .utf8)
    Self.expectRefused(
      try CLI.run("benchmark", ["figure", "rows.json", "./rows.json"], in: root), ["SVG file", "JSON file"])
    #expect(try String(contentsOfFile: root + "/rows.json", encoding: .utf8) == "[]")
  }

  @Test("no shell anywhere: no system(), popen() or /bin/sh in Sources or Examples")
  func noShell() throws {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    var offenders: [String] = []
    for folder in ["Sources", "Examples"] {
      let base = repository.appendingPathComponent(folder)
      let files = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []
      for file in files where file.hasSuffix(".swift") {
        let text = try String(contentsOf: base.appendingPathComponent(file), encoding: .utf8)
        for call in ["system(", "popen(", "\"/bin/sh\""] where text.contains(call) {
          offenders.append("\(folder)/\(file): \(call)")
        }
      }
    }
    #expect(offenders.isEmpty, "\(offenders)")
  }
}
