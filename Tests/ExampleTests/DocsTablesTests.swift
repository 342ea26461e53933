import Foundation
import Testing

/// The tables the chapters of `Docs/` quote between `<!-- table: EXAMPLE "TITLE" -->` markers
/// must hold the numbers of that table in `Docs/data/EXAMPLE.json`, which the examples wrote
/// (`.ci/regenerate-docs`): a chapter cannot drift from the run it describes.
@Suite("Docs: quoted tables match the examples' committed numbers")
struct DocsTablesTests {
  struct Quote: CustomTestStringConvertible, Sendable {
    var chapter: String, example: String, title: String
    var rows: [[String]]
    var testDescription: String { "\(chapter): \(example) “\(title)”" }
  }

  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// Every marked table in Docs/*.md, with its Markdown rows split into cells.
  static let quotes: [Quote] = {
    let docs = repository.appendingPathComponent("Docs")
    let files = (try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []
    var quotes: [Quote] = []
    for file in files.sorted() where file.hasSuffix(".md") {
      guard let text = try? String(contentsOf: docs.appendingPathComponent(file), encoding: .utf8) else { continue }
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
