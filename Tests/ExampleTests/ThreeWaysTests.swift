import Foundation
import TestSupport
import Testing

/// `three-ways` still computes the numbers its chapter quotes: every table of `Docs/data/three-ways.json` but
/// the timings (gradients three ways, digits of agreement, counts, what each way gave) is computed again and
/// compared exactly. Timings and bytes vary from run to run and are left out.
@Suite("three-ways: the deterministic numbers of Docs/data/three-ways.json")
struct ThreeWaysTests {
  /// The title of the one table whose numbers are timings and memory (they vary from run to run).
  static let timingTable = "CPU ms per gradient"

  static func tables(_ json: Data) throws -> [String: [[String]]] {
    let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
    let tables = try #require(object["tables"] as? [[String: Any]])
    var result: [String: [[String]]] = [:]
    for table in tables {
      let title = try #require(table["title"] as? String)
      let rows = try #require(table["rows"] as? [[Any]])
      result[title] = rows.map { $0.map { "\($0)" } }
    }
    return result
  }

  #if canImport(_Differentiation)
    static let compilerAvailable = true
  #else
    static let compilerAvailable = false
  #endif

  @Test(
    "every table but the timings is the committed one, cell for cell",
    .enabled(if: compilerAvailable, "the committed numbers include the compiler's gradients; this toolchain has none"))
  func committedNumbers() throws {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let committed = try Self.tables(Data(contentsOf: repository.appendingPathComponent("Docs/data/three-ways.json")))
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("three-ways-\(UUID().uuidString).json")
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("three-ways-\(UUID().uuidString)")
    defer {
      try? FileManager.default.removeItem(at: path)
      try? FileManager.default.removeItem(at: out)
    }
    // The smallest sweep: its table is the only one that depends on the sizes, and it is not compared.
    let run = try ExampleCommandLineTests.run(
      "three-ways", ["--widths", "4", "--depths", "1", "--json", path.path, "--out", out.path])
    #expect(run.status == 0, "\(run.standardError)")
    let computed = try Self.tables(Data(contentsOf: path))
    let compared = committed.keys.filter { !$0.hasPrefix(Self.timingTable) }
    #expect(compared.count >= 6, "the deterministic tables: \(compared)")
    #expect(Set(computed.keys.filter { !$0.hasPrefix(Self.timingTable) }) == Set(compared))
    for title in compared {
      #expect(computed[title] == committed[title], "“\(title)” differs from Docs/data/three-ways.json")
    }
  }
}
