import Foundation
import Micrograd
import Testing

/// Output paths that are not plain files, links, and refusals that must leave nothing behind
/// (the hostile trial of the outputs: `--json /dev/full` replaced the device, a `--json` link to
/// one of the run's figures was written through, and bad options still created ./out first).
/// No test touches a real device: a FIFO made in a temporary folder stands for one.
@Suite("Examples: output paths that are devices, pipes or links; refusals create nothing")
struct ExampleOutputPathTests {
  typealias CLI = ExampleCommandLineTests
  typealias Outputs = ExampleOutputTests

  /// Makes a FIFO at `path`.
  static func fifo(_ path: String) throws {
    try #require(mkfifo(path, 0o644) == 0, "mkfifo \(path)")
  }

  /// Whether `path` is (still) a FIFO, not replaced by a file.
  static func isFIFO(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO
  }

  static func link(_ path: String, to destination: String) throws {
    try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: destination)
  }

  static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

  @Test(
    "an output path that is a pipe (as /dev/full is a device) is refused before any work, and left as it is",
    arguments: [
      ("moons", ["--json", "pipe"], ["--json", "'pipe'", "not a regular file"]),
      ("moons", ["--out", "pipe"], ["--out", "not a folder"]),
      ("moons", ["--notebook", "pipe"], ["--notebook", "not a folder"]),
      ("moons", ["--json", "pipe/x.json"], ["--json", "not a folder"]),
      ("moons", ["--out", "F"], ["--out", "F/moons-loss.svg", "not a regular file"]),
      ("moons", ["--out", "F", "--notebook", "F"], ["--notebook", "F/moons-loss.svg", "not a regular file"]),
      ("moons", ["--notebook", "N"], ["--notebook", "N/moons.html", "not a regular file"]),
      ("benchmark", ["figure", "rows.json", "pipe"], ["SVG file", "'pipe'", "not a regular file"]),
    ] as [(String, [String], [String])])
  func pipeRefused(tool: String, arguments: [String], words: [String]) throws {
    let root = try Outputs.folder("pipe")
    defer { try? FileManager.default.removeItem(atPath: root) }
    try "[]".write(toFile: root + "/rows.json", atomically: false, encoding: .utf8)
    try Self.fifo(root + "/pipe")
    for folder in ["F", "N"] {
      try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: false)
    }
    try Self.fifo(root + "/F/moons-loss.svg")
    try Self.fifo(root + "/N/moons.html")
    Outputs.expectRefused(try CLI.run(tool, arguments, in: root), words)
    #expect(Outputs.contents(root) == ["F", "N", "pipe", "rows.json"])
    for path in ["/pipe", "/F/moons-loss.svg", "/N/moons.html"] {
      #expect(Self.isFIFO(root + path), "\(path) replaced")
    }
    #expect(try Self.read(root + "/rows.json") == "[]")
  }

  @Test("TextFile.write refuses a pipe and a link to nothing, and leaves them as they are")
  func textFileRefuses() throws {
    let root = try Outputs.folder("textfile")
    defer { try? FileManager.default.removeItem(atPath: root) }
    try Self.fifo(root + "/pipe.svg")
    try Self.link(root + "/dangling.json", to: "nowhere.json")
    #expect(throws: FileWriteError.self) { try TextFile.write("x", to: root + "/pipe.svg") }
    #expect(throws: FileWriteError.self) { try TextFile.write("x", to: root + "/dangling.json") }
    #expect(Self.isFIFO(root + "/pipe.svg"))
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/dangling.json") == "nowhere.json")
    #expect(Outputs.contents(root) == ["dangling.json", "pipe.svg"])
  }

  @Test(
    "two outputs that are one file through a symbolic link are refused before any work",
    arguments: [
      // --json a link to one of the run's figures (the trial: the figure then held the JSON).
      (
        ["jlink": "ABS/F/moons-loss.svg"], ["--out", "ABS/F", "--json", "jlink"], ["--json", "'jlink'", "own figures"]
      ),
      (["jlink": "F/moons-loss.svg"], ["--out", "F", "--json", "jlink"], ["--json", "own figures"]),
      (["F/jlink": "../N/moons.md"], ["--notebook", "N", "--json", "F/jlink"], ["--json", "own page"]),
      // One of the run's own names, a link to the --json file, or to another of its own files.
      (["F/moons-loss.svg": "../data.json"], ["--out", "F", "--json", "data.json"], ["--json", "one file"]),
      (["F/moons-a.svg": "moons-loss.svg"], ["--out", "F"], ["--out", "F/moons-a.svg", "own files"]),
      (["N/moons.md": "../F/moons-loss.svg"], ["--out", "F", "--notebook", "N"], ["--notebook", "own files"]),
      (["F/moons-a.svg": "../data.json", "F/moons-b.svg": "../data.json"], ["--out", "F"], ["--out", "one file"]),
      // A link to nothing: following it would create a file elsewhere, replacing it would lose the link.
      (["dangling": "nowhere"], ["--json", "dangling"], ["--json", "'dangling'", "link to nothing"]),
    ] as [([String: String], [String], [String])])
  func linkedOutputs(links: [String: String], arguments: [String], words: [String]) throws {
    let root = try Outputs.folder("links")
    defer { try? FileManager.default.removeItem(atPath: root) }
    for folder in ["F", "N"] {
      try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: false)
    }
    let files = ["F/moons-loss.svg": "figure", "N/moons.md": "page", "data.json": "rows"]
    for (path, text) in files { try text.write(toFile: root + "/" + path, atomically: false, encoding: .utf8) }
    for (path, destination) in links {
      try? FileManager.default.removeItem(atPath: root + "/" + path)
      try Self.link(root + "/" + path, to: destination.replacingOccurrences(of: "ABS", with: root))
    }
    let run = try CLI.run("moons", arguments.map { $0.replacingOccurrences(of: "ABS", with: root) }, in: root)
    Outputs.expectRefused(run, words.map { $0.replacingOccurrences(of: "ABS", with: root) })
    for (path, text) in files where links[path] == nil { #expect(try Self.read(root + "/" + path) == text, "\(path)") }
  }

  @Test("a --json link to a file elsewhere is followed: that file gets the JSON, the link is kept")
  func linkFollowed() throws {
    let root = try Outputs.folder("follow")
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: false)
    try "old".write(toFile: root + "/data/real.json", atomically: false, encoding: .utf8)
    try Self.link(root + "/link.json", to: "data/real.json")
    let run = try CLI.run("quickstart", ["--out", "F", "--json", "link.json"], in: root)
    #expect(run.status == 0, "\(run.standardError)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/link.json") == "data/real.json")
    #expect(try Self.read(root + "/data/real.json").hasPrefix("{"))
    #expect(Outputs.contents(root + "/data") == ["real.json"])
  }

  @Test(
    "a refused output creates no folder: ./out, --out and --notebook are made only when the run saves",
    arguments: ["moons", "quickstart", "tanh-saturation", "init-vs-training"])
  func refusalCreatesNothing(tool: String) throws {
    let root = try Outputs.folder("nothing")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let cases: [([String], [String])] = [
      (["--json", ""], ["--json", "file name"]),
      (["--notebook", ""], ["--notebook", "folder name"]),
      (["--out", "o", "--notebook", "nb", "--json", "nb/\(tool).html"], ["--json", "own page"]),
      (
        ["--out", "o/a/b", "--notebook", "nb/c", "--json", "./o/x/../a/b/\(tool)-loss.svg"], ["--json", "own figures"]
      ),
      (["--notebook", "/proc/nb"], ["--notebook", "/proc"]),
      (["--json", "/sys/xx.json"], ["--json", "/sys"]),
      (["--out", "o/a", "--json", "o/../o"], ["--json", "--out"]),
      (["--out", "nb/\(tool).html/x", "--notebook", "nb"], ["--out", "inside", "--notebook"]),
    ]
    for (arguments, words) in cases {
      Outputs.expectRefused(try CLI.run(tool, arguments, in: root), words)
      #expect(Outputs.contents(root).isEmpty, "\(arguments) created \(Outputs.contents(root))")
    }
  }
}
