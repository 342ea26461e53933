import Foundation
import Testing

/// The engine's README maps each part of micrograd's `engine.py` to a file and line here;
/// this keeps the map true as the code moves.
@Suite("The engine's README points at the right lines")
struct EngineReadmeTests {
  static let folder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources/MicrogradEngine")

  /// One row of the table: `| … | [File.swift:12](File.swift#L12) | `the line` |`.
  struct Row: Sendable, CustomTestStringConvertible {
    var file: String
    var line: Int
    var text: String
    var testDescription: String { "\(file):\(line)" }
  }

  static func rows() throws -> [Row] {
    let readme = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
    let pattern = /\[([A-Za-z+]+\.swift):(\d+)\]\(\1#L\2\) \| `([^`]+)` \|/
    return readme.split(separator: "\n").compactMap { line in
      guard let match = line.firstMatch(of: pattern) else { return nil }
      return Row(file: String(match.1), line: Int(match.2)!, text: String(match.3))
    }
  }

  @Test("the README's table of files names every file of the engine")
  func everyFile() throws {
    let readme = try String(contentsOf: Self.folder.appendingPathComponent("README.md"), encoding: .utf8)
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".swift") }
    #expect(files.count >= 10)
    for file in files { #expect(readme.contains("| [\(file)](\(file)) |"), "\(file) is not in the README's table") }
  }

  @Test("the table has a row for every part of engine.py")
  func coverage() throws {
    #expect(try Self.rows().count >= 18)
  }

  @Test("each row's line holds the code the table quotes", arguments: try rows())
  func line(_ row: Row) throws {
    let source = try String(contentsOf: Self.folder.appendingPathComponent(row.file), encoding: .utf8)
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    try #require(row.line >= 1 && row.line <= lines.count, "\(row.file) has \(lines.count) lines")
    #expect(
      lines[row.line - 1].contains(row.text),
      "line \(row.line) of \(row.file) is: \(lines[row.line - 1]) (python3 .ci/readme-lines.py updates the README)")
  }
}
