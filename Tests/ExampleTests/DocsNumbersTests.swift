import Foundation
import Testing

/// The tables and numbers the chapters of `Docs/` and the README quote from a run — between `<!-- table: RUN "TITLE" -->`
/// markers, or after a `<!-- value: RUN "TITLE" "ROW" "COLUMN" -->` marker (`.ci/docs-numbers.py` says how) —
/// must be the numbers of that table in `Docs/data/RUN.json`, which the examples wrote
/// (`.ci/regenerate-docs`); `.ci/check-docs-data` checks that the examples still compute those files. So a
/// chapter cannot drift from the run it describes, and a change that moves a published number fails CI.
@Suite("Docs: quoted tables and numbers match the examples' committed numbers")
struct DocsNumbersTests {
  struct Quote: CustomTestStringConvertible, Sendable {
    var chapter: String, example: String, title: String
    var rows: [[String]]
    var testDescription: String { "\(chapter): \(example) “\(title)”" }
  }

  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The files that may quote a run: every chapter of Docs/ and the README, with their text.
  static let chapters: [(name: String, text: String)] = {
    let docs = repository.appendingPathComponent("Docs")
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []).filter { $0.hasSuffix(".md") }
    let urls = files.sorted().map { docs.appendingPathComponent($0) } + [repository.appendingPathComponent("README.md")]
    return urls.compactMap { url in
      (try? String(contentsOf: url, encoding: .utf8)).map { (url.lastPathComponent, $0) }
    }
  }()

  /// Every marked table in Docs/*.md and README.md, with its Markdown rows split into cells.
  static let quotes: [Quote] = {
    var quotes: [Quote] = []
    for (file, text) in chapters {
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      for (i, line) in lines.enumerated() where line.hasPrefix("<!-- table: ") {
        let parts = line.dropFirst("<!-- table: ".count).split(separator: " ", maxSplits: 1)
        let title = String(parts[1].dropFirst().prefix { $0 != "\"" })
        let body = lines[(i + 1)...].prefix { !$0.hasPrefix("<!-- end table") }.filter { $0.hasPrefix("|") }
        let rows = body.dropFirst(2).map { row in
          row.dropFirst(2).dropLast(2).components(separatedBy: " | ").map {
            $0.replacingOccurrences(of: "\\|", with: "|").trimmingCharacters(in: .whitespaces)
          }
        }
        quotes.append(Quote(chapter: file, example: String(parts[0]), title: title, rows: rows))
      }
    }
    return quotes
  }()

  /// The value of one unit in the last digit of a number as written: "5.6e+03" → 100, "0.0912" → 0.0001.
  static func lastDigitUnit(_ text: String) -> Double {
    let parts = text.lowercased().split(separator: "e")
    let mantissa = parts[0]
    let decimals = mantissa.firstIndex(of: ".").map { mantissa.distance(from: $0, to: mantissa.endIndex) - 1 } ?? 0
    let exponent = parts.count > 1 ? Double(parts[1]) ?? 0 : 0
    return pow(10, exponent - Double(decimals))
  }

  /// A number after a `value` marker: its run, table, row and column, and the text shown.
  struct Value: CustomTestStringConvertible, Sendable {
    var chapter: String, run: String, title: String, row: String, column: String, shown: String
    var testDescription: String { "\(chapter): \(run) “\(title)” [\(row)] [\(column)] = \(shown)" }
  }

  /// Every value marker in Docs/*.md and README.md, with the number that follows it.
  static let values: [Value] = {
    let pattern = #/<!-- value: (\S+) "([^"]+)" "([^"]+)" "([^"]+)" -->([−+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?%?)/#
    var values: [Value] = []
    for (file, text) in chapters {
      for match in text.matches(of: pattern) {
        values.append(
          Value(
            chapter: file, run: String(match.1), title: String(match.2), row: String(match.3),
            column: String(match.4), shown: String(match.5)))
      }
    }
    return values
  }()

  /// The runs listed in Docs/data/runs.txt.
  static let runs: Set<String> = {
    let url = repository.appendingPathComponent("Docs/data/runs.txt")
    let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    return Set(
      text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { $0.split(separator: ":").first }
        .map(String.init))
  }()

  @Test("every marker names a run of Docs/data/runs.txt, and every value marker is followed by a number")
  func markersAreWellFormed() throws {
    for quote in Self.quotes { #expect(Self.runs.contains(quote.example), "\(quote.chapter): \(quote.example)") }
    for value in Self.values { #expect(Self.runs.contains(value.run), "\(value.chapter): \(value.run)") }
    #expect(Self.chapters.contains { $0.name == "README.md" }, "README.md is read")
    let markers = Self.chapters.map { $0.text.matches(of: #/<!-- value:/#).count }.reduce(0, +)
    #expect(markers == Self.values.count, "a value marker not followed by a number in the form 1.23, 4.5e-06 or 12%")
  }

  @Test("every quoted value is the committed number to the digits shown", arguments: values)
  func valueMatches(_ value: Value) throws {
    let url = Self.repository.appendingPathComponent("Docs/data/\(value.run).json")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    let tables = try #require(json["tables"] as? [[String: Any]])
    let table = try #require(tables.first { $0["title"] as? String == value.title }, "no table “\(value.title)”")
    let columns = try #require(table["columns"] as? [String])
    let rows = try #require(table["rows"] as? [[Any]])
    let matching: [[Any]]
    if value.row.hasPrefix("#"), let index = Int(value.row.dropFirst()), rows.indices.contains(index - 1) {
      matching = [rows[index - 1]]
    } else {
      let parts = value.row.components(separatedBy: " | ").map { $0.trimmingCharacters(in: .whitespaces) }
      matching = rows.filter { row in
        zip(parts, row).allSatisfy { part, cell in
          if let text = cell as? String { return text.trimmingCharacters(in: .whitespaces) == part }
          return Double(part) == (cell as? NSNumber)?.doubleValue
        }
      }
    }
    try #require(matching.count == 1, "\(matching.count) rows match “\(value.row)”")
    let column = try #require(
      value.column.hasPrefix("#") ? Int(value.column.dropFirst()).map { $0 - 1 } : columns.firstIndex(of: value.column),
      "no column “\(value.column)” in \(columns)")
    let cell = matching[0][column]
    // A number cell, or a text cell that starts with a number ("1.593 (std 0.651)", "→ 1 (limit)").
    let leading = (cell as? String)?.firstMatch(of: /^(?:→ )?([−-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?)/)
      .flatMap { Double($0.1.replacingOccurrences(of: "−", with: "-")) }
    let number = try #require((cell as? NSNumber)?.doubleValue ?? leading, "not a number: \(cell)")
    let text = value.shown.replacingOccurrences(of: "−", with: "-").replacingOccurrences(of: "%", with: "")
    let shown = try #require(Double(text))
    let tolerance = 0.5001 * Self.lastDigitUnit(text)
    #expect(
      abs(shown - number) <= tolerance || (value.shown.hasSuffix("%") && abs(shown - 100 * number) <= tolerance),
      "\(value.shown) shown, \(number) in the data")
  }

  @Test("the chapters quote at least the gain sweep's, the fixed point's and the width sweep's tables")
  func found() {
    #expect(Set(Self.quotes.map(\.example)).isSuperset(of: ["gain-sweep", "fixed-point", "width-sweep"]))
  }

  @Test(
    "every quoted cell is the committed number to the digits shown, or the same text",
    arguments: quotes)
  func matches(_ quote: Quote) throws {
    let url = Self.repository.appendingPathComponent("Docs/data/\(quote.example).json")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    let tables = try #require(json["tables"] as? [[String: Any]])
    let table = try #require(tables.first { $0["title"] as? String == quote.title }, "no table “\(quote.title)”")
    let rows = try #require(table["rows"] as? [[Any]])
    #expect(rows.count == quote.rows.count, "row count")
    for (shownRow, dataRow) in zip(quote.rows, rows) {
      #expect(shownRow.count == dataRow.count)
      for (shown, data) in zip(shownRow, dataRow) {
        if let number = data as? Double, !(data is String) {
          let text = shown.replacingOccurrences(of: "%", with: "")
          let value = try #require(Double(text), "not a number: \(shown)")
          // Half a unit of the last digit shown ("5.6e+03": 50; "0.0912": 0.00005), plus rounding slack.
          let tolerance = 0.5001 * Self.lastDigitUnit(text)
          #expect(
            abs(value - number) <= tolerance || (shown.hasSuffix("%") && abs(value - 100 * number) <= tolerance),
            "\(shown) shown, \(number) in the data")
        } else {
          #expect(shown == (data as? String)?.trimmingCharacters(in: .whitespaces))
        }
      }
    }
  }
}
