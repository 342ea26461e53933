import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// A table of results: named columns and rows of numbers and text.
///
/// It prints as aligned text (numbers right-aligned, text left-aligned, a rule under the
/// header); in a notebook it also becomes an HTML or Markdown table, and data in JSON, where a
/// number cell keeps its full value and not only the digits shown.
///
/// ```swift
/// var table = Table("Output std", columns: ["layer", "std", "mean |grad|"])
/// table.append([.integer(10), .number(0.6523, significant: 3), .number(4012, significant: 2)])
/// print(table)
/// // layer    std  mean |grad|
/// // -----  -----  -----------
/// //    10  0.652      4.0e+03
/// ```
public struct Table: Sendable, CustomStringConvertible {
  /// One cell: a number with the text that shows it, or text.
  public enum Cell: Sendable, Hashable, ExpressibleByStringLiteral {
    /// A number, and how it is shown ("0.652", "4.0e+03", "12.5%").
    case number(Double, shown: String)
    /// A whole number, kept exactly as its decimal digits ("42", "18446744073709551615"): JSON
    /// writes it as an integer, and a seed past 2⁵³, which a `Double` would round, stays exact.
    case integer(digits: String)
    /// Text.
    case text(String)

    /// Text from a literal: `"tanh 5/3"`.
    public init(stringLiteral value: String) { self = .text(value) }

    /// `x` with `significant` significant digits ("0.652", "4.0e+03").
    public static func number(_ x: Double, significant: Int = 3) -> Cell {
      .number(x, shown: formatted(x, significant: significant))
    }

    /// `x` with `decimals` digits after the point ("0.650").
    public static func number(_ x: Double, decimals: Int) -> Cell {
      .number(x, shown: formatted(x, decimals: decimals))
    }

    /// A whole number of any integer type (`Int`, a `UInt64` seed), shown and kept exactly.
    public static func integer(_ n: some BinaryInteger) -> Cell { .integer(digits: String(n)) }

    /// A share in [0, 1] shown as a percentage ("12.5%"); the number kept is the percentage.
    public static func percent(_ share: Double, decimals: Int = 1) -> Cell {
      .number(100 * share, shown: formatted(100 * share, decimals: decimals) + "%")
    }

    /// The text shown for this cell.
    public var shown: String {
      switch self {
      case .number(_, let shown): shown
      case .integer(let digits): digits
      case .text(let text): text
      }
    }

    /// Whether the cell is a number (numbers are right-aligned).
    var isNumber: Bool {
      if case .text = self { return false }
      return true
    }
  }

  /// What the table shows, in a few words (empty: no title).
  public var title: String
  /// The column titles.
  public var columns: [String]
  /// The rows; a short row is padded with empty text cells when shown.
  package private(set) var rows: [[Cell]] = []

  /// An empty table with these columns.
  public init(_ title: String = "", columns: [String]) {
    self.title = title
    self.columns = columns
  }

  /// Adds a row.
  ///
  /// - Precondition: the row has at most one cell per column.
  public mutating func append(_ row: [Cell]) {
    require(
      row.count <= columns.count, "Table \"\(title)\": a row has \(row.count) cells for \(columns.count) columns")
    rows.append(row)
  }

  /// The cell at `row`, `column`, or empty text past the end of a short row.
  package func cell(_ row: Int, _ column: Int) -> Cell {
    column < rows[row].count ? rows[row][column] : .text("")
  }

  /// Whether every non-empty cell of `column` is a number (or a dash standing for none).
  package func isNumeric(column: Int) -> Bool {
    rows.indices.allSatisfy { r in
      let c = cell(r, column)
      return c.isNumber || c.shown.isEmpty || c.shown == "–"
    }
  }

  /// The table as aligned text, with its title above it when it has one.
  public var description: String {
    var widths = columns.map(\.count)
    for r in rows.indices {
      for c in columns.indices { widths[c] = Swift.max(widths[c], cell(r, c).shown.count) }
    }
    let numeric = columns.indices.map { isNumeric(column: $0) }
    func line(_ cells: [String]) -> String {
      var text = cells.indices.map { c in
        numeric[c] ? cells[c].padded(toWidth: widths[c]) : cells[c].padded(after: widths[c])
      }.joined(separator: "  ")
      while text.last == " " { text.removeLast() }
      return text
    }
    var lines = title.isEmpty ? [] : [title, ""]
    lines.append(line(columns))
    lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
    for r in rows.indices { lines.append(line(columns.indices.map { cell(r, $0).shown })) }
    return lines.joined(separator: "\n")
  }
}
