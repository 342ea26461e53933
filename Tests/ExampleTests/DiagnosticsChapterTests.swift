import Foundation
import Testing

/// The sentences of `Docs/Diagnostics.md` that compare runs or seeds — not one number, which `DocsNumbersTests`
/// checks, but a reading of several tables — must hold in the committed data (`Docs/data/training-diagnostics*.json`),
/// so a regenerated run that changes them fails here instead of leaving the chapter wrong.
@Suite("Docs/Diagnostics.md: its readings across seeds and learning rates hold in the committed data")
struct DiagnosticsChapterTests {
  /// A table of a committed run: its rows, each cell by column name.
  static func table(_ run: String, _ title: String) throws -> [[String: Any]] {
    let url = DocsNumbersTests.repository.appendingPathComponent("Docs/data/\(run).json")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    let tables = try #require(json["tables"] as? [[String: Any]])
    let table = try #require(tables.first { $0["title"] as? String == title }, "\(run): no table “\(title)”")
    let columns = try #require(table["columns"] as? [String])
    let rows = try #require(table["rows"] as? [[Any]])
    return rows.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }
  }

  /// The row of `start` in a table.
  static func row(_ rows: [[String: Any]], _ start: String) throws -> [String: Any] {
    try #require(rows.first { $0["start"] as? String == start }, "no row “\(start)”")
  }

  static let atStart = "What the diagnostics show at step 0"
  static let atEnd = "What the update:data ratio and the test say after training"

  /// In every seed: gain 0.5's signal fades and its hidden ratios start below -3.5, 5/3's start within the band,
  /// BatchNorm from 0.5's all start above -2.5; gain 5/3 tests best and gain 0.5 worst.
  @Test(
    "in every seed the step-0 readings of 0.5, 5/3 and BatchNorm from 0.5 hold, and 5/3 tests best, 0.5 worst",
    arguments: ["training-diagnostics", "training-diagnostics@seed-1", "training-diagnostics@seed-2"])
  func seeds(run: String) throws {
    let start = try Self.table(run, Self.atStart)
    let small = try Self.row(start, "gain 0.5")
    let stds = try #require(small["tanh std, layer 1 → 6"] as? String).split(separator: " → ").compactMap { Double($0) }
    #expect(stds.count == 2 && stds[0] > 10 * stds[1], "a fading signal: \(stds)")
    #expect((small["update:data"] as? String)?.hasPrefix("W1–W6 below -3.5") == true)
    #expect((try Self.row(start, "gain 5/3")["update:data"] as? String)?.hasPrefix("W1–W6 within") == true)
    #expect(try Self.row(start, "BatchNorm, gain 0.5")["update:data"] as? String == "W1–W7 above -2.5")
    let end = try Self.table(run, Self.atEnd)
    let tests = end.compactMap { row in (row["test"] as? Double).map { (row["start"] as? String ?? "", $0) } }
    #expect(tests.max { $0.1 < $1.1 }?.0 == "gain 5/3" && tests.min { $0.1 < $1.1 }?.0 == "gain 0.5")
  }

  @Test("seed 0: the output layer starts above every hidden layer; 5/3 ends within the band; BatchNorm ends above")
  func seedZero() throws {
    let ratios = try Self.table("training-diagnostics", "Update:data ratio per Linear, log10 std(lr·grad)/std(W)")
    for start in Set(ratios.compactMap { $0["start"] as? String }) {
      let rows = ratios.filter { $0["start"] as? String == start }
      let output = try #require(rows.first { $0["weights"] as? String == "W7" }?["@0"] as? Double)
      let hidden = rows.filter { $0["weights"] as? String != "W7" }.compactMap { $0["@0"] as? Double }
      #expect(hidden.count == 6 && hidden.allSatisfy { $0 < output }, "\(start)")
    }
    let start = try Self.table("training-diagnostics", Self.atStart)
    let end = try Self.table("training-diagnostics", Self.atEnd)
    #expect(
      (try Self.row(end, "gain 5/3")["update:data, medians of the last 100"] as? String)?.hasPrefix("W1–W6 within")
        == true)
    #expect(
      try Self.row(end, "BatchNorm, gain 0.5")["update:data, medians of the last 100"] as? String == "W1–W7 above -2.5")
    #expect((try Self.row(start, "BatchNorm, gain 5/3")["update:data"] as? String)?.hasPrefix("W1–W6 within") == true)
    #expect(
      try Self.row(end, "BatchNorm, gain 5/3")["update:data, medians of the last 100"] as? String == "W1–W7 above -2.5")
  }

  @Test(
    "learning rate 0.01: gain 0.5 stays below -3.5 and learns nothing; BatchNorm from 0.5 starts in the band, no better"
  )
  func tenthOfTheLearningRate() throws {
    let (start, end) = try (
      Self.table("training-diagnostics@lr-0.01", Self.atStart), Self.table("training-diagnostics@lr-0.01", Self.atEnd)
    )
    let small = try (Self.row(start, "gain 0.5"), Self.row(end, "gain 0.5"))
    #expect((small.0["update:data"] as? String)?.hasPrefix("W1–W6 below -3.5") == true)
    #expect((small.1["update:data, medians of the last 100"] as? String)?.hasPrefix("W1–W6 below -3.5") == true)
    let chance = 100.0 / 3
    #expect(try abs(#require(small.1["test"] as? Double) - chance) < 1, "a guess among three classes")
    let batchNorm = try (Self.row(start, "BatchNorm, gain 0.5"), Self.row(end, "BatchNorm, gain 0.5"))
    #expect((batchNorm.0["update:data"] as? String)?.hasPrefix("W1–W6 within") == true)
    #expect(batchNorm.1["update:data, medians of the last 100"] as? String == "W1–W7 above -2.5")
    let fast = try Self.row(Self.table("training-diagnostics", Self.atEnd), "BatchNorm, gain 0.5")
    #expect(try #require(batchNorm.1["loss, last 20"] as? Double) >= #require(fast["loss, last 20"] as? Double))
  }
}
