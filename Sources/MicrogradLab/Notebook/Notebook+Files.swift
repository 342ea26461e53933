import MicrogradEngine
import MicrogradNN

extension Notebook {
  /// The notebook as GitHub-flavoured Markdown; figures are images `<name>-<figure>.svg`
  /// beside the Markdown file (`figureFiles(name:)` gives their contents).
  public func markdown(name: String) -> String {
    var lines = ["# \(title)", ""]
    if !settings.isEmpty {
      lines += [settings.map { "\($0.name) **\($0.value.shown)**" }.joined(separator: " · "), ""]
    }
    for cell in cells {
      switch cell {
      case .heading(let heading): lines += ["## \(heading)", ""]
      case .prose(let text): lines += [text, ""]
      case .code(let code): lines += ["```swift", code, "```", ""]
      case .table(let table): lines += [Notebook.markdown(table), ""]
      case .figure(let figure): lines += Notebook.markdown(figure, name: name)
      case .output(let text): lines += ["```text", text, "```", ""]
      case .explorer(let explorer):
        lines += Notebook.markdown(explorer.defaultFigure, name: name)
        lines += ["(The HTML page of this notebook has a slider to change the gain here.)", ""]
      }
    }
    return lines.joined(separator: "\n")
  }

  /// The SVG files the Markdown refers to: (file name, contents).
  public func figureFiles(name: String) -> [(file: String, svg: String)] {
    figures.map { ("\(name)-\($0.name).svg", $0.svg) }
  }

  /// The tables and settings as JSON: `{"example": …, "title": …, "settings": {…}, "tables":
  /// [{"title": …, "columns": [names], "rows": [[numbers or strings]]}]}`. A number cell keeps
  /// its full value; numbers that are not finite are the strings "nan", "inf", "-inf"; an
  /// integer cell is a JSON integer, digit for digit (`"seed": 9007199254740993`).
  public func json(example: String) -> String {
    func value(_ cell: Table.Cell) -> String {
      switch cell {
      case .number(let x, _): x.isFinite ? "\(x)" : jsonString(x.isNaN ? "nan" : x < 0 ? "-inf" : "inf")
      case .integer(let digits): digits
      case .text(let text): jsonString(text)
      }
    }
    let settingsJSON = settings.map { "\(jsonString($0.name)): \(value($0.value))" }.joined(separator: ", ")
    let tablesJSON = tables.map { table in
      let rows = table.rows.indices.map { r in
        "[" + table.columns.indices.map { value(table.cell(r, $0)) }.joined(separator: ", ") + "]"
      }
      return """
          {"title": \(jsonString(table.title)), "columns": [\(table.columns.map(jsonString).joined(separator: ", "))],
           "rows": [
            \(rows.joined(separator: ",\n      "))
           ]}
        """
    }
    return """
      {"example": \(jsonString(example)), "title": \(jsonString(title)),
       "settings": {\(settingsJSON)},
       "tables": [
      \(tablesJSON.joined(separator: ",\n"))
       ]}

      """
  }

  /// Writes `<folder>/<name>.html`, `<folder>/<name>.md` and the Markdown's SVG files,
  /// creating the folder if needed.
  public func write(to folder: String, name: String) throws(FileWriteError) {
    try writeTextFile(html(), to: folder + "/" + name + ".html")
    try writeTextFile(markdown(name: name), to: folder + "/" + name + ".md")
    for file in figureFiles(name: name) { try writeTextFile(file.svg, to: folder + "/" + file.file) }
  }

  /// Writes `json(example:)` to `path`.
  public func writeJSON(to path: String, example: String) throws(FileWriteError) {
    try writeTextFile(json(example: example), to: path)
  }

  /// A table as a GitHub Markdown table (`|` in a cell escaped), its title in bold above it.
  static func markdown(_ table: Table) -> String {
    func escaped(_ text: String) -> String { text.replacing("|", with: "\\|") }
    var lines = table.title.isEmpty ? [] : ["**\(escaped(table.title))**", ""]
    lines.append("| " + table.columns.map(escaped).joined(separator: " | ") + " |")
    lines.append(
      "|" + table.columns.indices.map { table.isNumeric(column: $0) ? "---:" : "---" }.joined(separator: "|") + "|")
    for r in table.rows.indices {
      lines.append(
        "| " + table.columns.indices.map { escaped(table.cell(r, $0).shown) }.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n")
  }

  /// A figure as a Markdown image and its caption.
  static func markdown(_ figure: Figure, name: String) -> [String] {
    let alt = figure.caption.replacing("]", with: "\\]")
    return ["![\(alt)](\(name)-\(figure.name).svg)", "", "*\(figure.caption)*", ""]
  }
}

/// `text` as a JSON string literal.
func jsonString(_ text: String) -> String {
  var result = "\""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\"": result += "\\\""
    case "\\": result += "\\\\"
    case "\n": result += "\\n"
    case "\r": result += "\\r"
    case "\t": result += "\\t"
    case _ where scalar.value < 0x20:
      let hex = String(scalar.value, radix: 16)
      result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    default: result.unicodeScalars.append(scalar)
    }
  }
  return result + "\""
}
