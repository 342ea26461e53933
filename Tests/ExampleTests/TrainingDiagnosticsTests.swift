import Foundation
import Testing

/// `training-diagnostics` concludes only what its numbers say: every verdict cell is recomputed here from the
/// tables it summarizes, and its BatchNorm step checks a law the run can fail (a normalized Linear's update:data
/// ratio goes as 1/gain²). A small run: 3 hidden layers of 8, 100 steps.
@Suite("training-diagnostics: verdicts that follow from its tables")
struct TrainingDiagnosticsTests {
  /// One row of a table: its number cells and its text cells, by column.
  struct Row: Sendable {
    var numbers: [String: Double] = [:]
    var texts: [String: String] = [:]
  }

  struct Failure: Error { var message: String }

  /// The tables of `training-diagnostics` run with `arguments` (3 hidden layers of 8, 100 steps, seed 5), by title.
  static func run(_ arguments: [String] = []) throws -> [String: [Row]] {
    let folder = NSTemporaryDirectory() + "micrograd-training-diagnostics-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let json = folder + "/run.json"
    let run = try ExampleCommandLineTests.run(
      "training-diagnostics",
      ["--depth", "3", "--width", "8", "--steps", "100", "--seed", "5", "--out", folder, "--json", json] + arguments)
    guard run.status == 0 else { throw Failure(message: run.standardError) }
    let data = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
    var tables: [String: [Row]] = [:]
    for table in data?["tables"] as? [[String: Any]] ?? [] {
      let columns = table["columns"] as? [String] ?? []
      tables[table["title"] as? String ?? ""] = (table["rows"] as? [[Any]] ?? []).map { cells in
        var row = Row()
        for (column, cell) in zip(columns, cells) {
          if let text = cell as? String { row.texts[column] = text } else { row.numbers[column] = cell as? Double }
        }
        return row
      }
    }
    return tables
  }

  /// The default small run, made once.
  static let tables = Result { try run() }

  static func table(_ title: String, in tables: [String: [Row]]? = nil) throws -> [Row] {
    try #require(try (tables ?? Self.tables.get())[title], "no table “\(title)”")
  }

  static let ratioTitle = "Update:data ratio per Linear, log10 std(lr·grad)/std(W)"

  /// "W1–W2 below -3.5, W3 within -3 ± 0.5, W4 above -2.5" from the ratios of W1, W2, …: written again here from
  /// its definition (the lecture's guide −3, a band of ±0.5), with ranges of consecutive matrices.
  static func verdict(_ ratios: [Double]) -> String {
    func names(_ indices: [Int]) -> String {
      var parts: [String] = []
      var start = 0
      while start < indices.count {
        var end = start
        while end + 1 < indices.count && indices[end + 1] == indices[end] + 1 { end += 1 }
        parts.append(start == end ? "W\(indices[start] + 1)" : "W\(indices[start] + 1)–W\(indices[end] + 1)")
        start = end + 1
      }
      return parts.joined(separator: ", ")
    }
    let low = ratios.indices.filter { ratios[$0] < -3.5 }
    let high = ratios.indices.filter { ratios[$0] > -2.5 }
    let within = ratios.indices.filter { !low.contains($0) && !high.contains($0) }
    return [
      low.isEmpty ? nil : "\(names(low)) below -3.5", within.isEmpty ? nil : "\(names(within)) within -3 ± 0.5",
      high.isEmpty ? nil : "\(names(high)) above -2.5",
    ].compactMap { $0 }.joined(separator: ", ")
  }

  @Test("every update:data verdict names exactly the matrices whose ratio lies there, at step 0 and at the end")
  func ratioVerdicts() throws {
    let ratios = try Self.table(Self.ratioTitle)
    let atStart = try Self.table("What the diagnostics show at step 0")
    let atEnd = try Self.table("What the update:data ratio and the test say after training")
    #expect(atStart.count == 5 && atEnd.count == 5)
    for (start, end) in zip(atStart, atEnd) {
      let name = try #require(start.texts["start"])
      let rows = ratios.filter { $0.texts["start"] == name }
      #expect(rows.count == 4, "\(name): W1–W3 and the output layer")
      let first = rows.compactMap { $0.numbers["@0"] }
      let medians = rows.compactMap { $0.numbers["median, last 100"] }
      #expect(start.texts["update:data"] == Self.verdict(first), "\(name) at step 0")
      #expect(end.texts["update:data, medians of the last 100"] == Self.verdict(medians), "\(name) at the end")
    }
  }

  @Test("the most saturated layer at step 0 is the one with the largest share in the per-layer table")
  func mostSaturated() throws {
    let layers = try Self.table("Tanh outputs per layer, step 0 and step 99")
    for row in try Self.table("What the diagnostics show at step 0") {
      let name = try #require(row.texts["start"])
      let shares = layers.filter { $0.texts["start"] == name }.compactMap { $0.numbers["saturated @0"] }
      let most = try #require(shares.indices.max { shares[$0] < shares[$1] })
      let shown = String(format: "%.1f%% (layer %d)", shares[most], most + 1)
      #expect(row.texts["most saturated"] == shown, "\(name)")
    }
  }

  @Test("BatchNorm divides out the gain: the same tanh outputs from 0.5 and 5/3, update:data 1/g² apart (ε → 0)")
  func batchNormScaleInvariance() throws {
    let rows = try Self.table("BatchNorm from gain 0.5 and from gain 5/3, step 0")
    #expect(rows.count == 4)
    let predicted = 2 * log10((5.0 / 3) / 0.5)
    for row in rows {
      let exact = try #require(row.numbers["difference, ε = 1e-14"])
      if row.texts["layer"] == "output" {
        #expect(abs(exact) < 1e-3, "the output Linear is not normalized: it starts the same")
      } else {
        // The weights' std is read after the update, as the lecture does: a correction below 0.005 here.
        #expect(abs(exact - predicted) < 0.005, "layer \(row.texts["layer"] ?? "?"): \(exact)")
        let (small, right) = try (#require(row.numbers["tanh std, 0.5"]), #require(row.numbers["tanh std, 5/3"]))
        #expect(abs(small - right) < 0.01 * right, "the forward pass is the same up to ε")
      }
    }
  }

  @Test("the learning rate moves every step-0 ratio by log10 of its factor: 0.1 → 0.01 is one decade down")
  func learningRateShift() throws {
    let slow = try Self.table(Self.ratioTitle, in: Self.run(["--learning-rate", "0.01"])).compactMap {
      $0.numbers["@0"]
    }
    let fast = try Self.table(Self.ratioTitle).compactMap { $0.numbers["@0"] }
    #expect(slow.count == fast.count && !slow.isEmpty)
    for (s, f) in zip(slow, fast) {
      // Step 0's gradients are the same; only the std of the weights after the update differs, a little.
      #expect(abs((f - s) - 1) < 0.05, "\(f) at lr 0.1, \(s) at lr 0.01")
    }
  }
}
