import MicrogradEngine
import MicrogradLab
import MicrogradNN

extension Notebook {
  /// The notebook as GitHub-flavoured Markdown; figures are images `<name>-<figure>.svg`
  /// beside the Markdown file (`figureFiles(name:)` gives their contents).
  func markdown(name: String) -> String {
    var lines = ["# \(title)", ""]
    if !settings.isEmpty {
      lines += [settings.map { "\($0.name) **\($0.value.shown)**" }.joined(separator: " · "), ""]
    }
    for cell in cells {
      switch cell {
      case .heading(let heading): lines += ["## \(heading)", ""]
      case .prose(let text), .markup(let text): lines += [text, ""]
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

  /// The settings, tables and figures as JSON: `{"example": …, "title": …, "settings": {…},
  /// "tables": [{"title": …, "columns": [names], "rows": [[numbers or strings]]}], "figures":
  /// [{"name": …, "caption": …, "charts": [{"title": …, "xLabel": …, "yLabel": …, "xScale": …,
  /// "yScale": …, "series": [{"name": …, "style": …, "dashed": …, "color": …, "x": [numbers], "y":
  /// [numbers]}]}]}]}`, every number at its full value, those that are not finite as the strings
  /// "nan", "inf", "-inf". A series' style ("line", "points", "lineAndPoints"), dash and colour are
  /// those drawn, so a series kept out of the legend (no name) is told apart as the picture tells
  /// it. A figure that is not a chart (a decision boundary, a graph) has no charts. An integer cell
  /// is a JSON integer, digit for digit (`"seed": 9007199254740993`).
  func json(example: String) -> String {
    func value(_ cell: Table.Cell) -> String {
      switch cell {
      case .number(let x, _): jsonNumber(x)
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
       ],
       "figures": [
      \(figures.map(Notebook.json).joined(separator: ",\n"))
       ]}

      """
  }

  /// A figure's name, caption and the series of its charts, as JSON.
  static func json(_ figure: Figure) -> String {
    func numbers(_ xs: [Double]) -> String { "[" + xs.map(jsonNumber).joined(separator: ", ") + "]" }
    func scale(_ s: Chart.Scale) -> String { jsonString(s == .log10 ? "log10" : "linear") }
    let charts = figure.charts.map { chart in
      let series = chart.series.enumerated().map { i, s in
        let style = s.style == .line ? "line" : s.style == .points ? "points" : "lineAndPoints"
        let color = s.color ?? Chart.palette[i % Chart.palette.count]
        return """
          {"name": \(jsonString(s.name)), "style": "\(style)", "dashed": \(s.dashed), "color": \(jsonString(color)),
                "x": \(numbers(s.xs)), "y": \(numbers(s.ys))}
          """
      }
      return """
        {"title": \(jsonString(chart.title)), "xLabel": \(jsonString(chart.xLabel)), \
        "yLabel": \(jsonString(chart.yLabel)), "xScale": \(scale(chart.xScale)), "yScale": \(scale(chart.yScale)),
             "series": [
              \(series.joined(separator: ",\n        "))
             ]}
        """
    }
    return """
        {"name": \(jsonString(figure.name)), "caption": \(jsonString(figure.caption)),
         "charts": [\(charts.joined(separator: ",\n    "))]}
      """
  }

  /// Writes `<folder>/<name>.html`, `<folder>/<name>.md` with its SVG files, and
  /// `<folder>/<name>.ipynb`, creating the folder if needed.
  public func write(to folder: String, name: String) throws(FileWriteError) {
    try TextFile.write(html(), to: folder + "/" + name + ".html")
    try TextFile.write(ipynb(name: name), to: folder + "/" + name + ".ipynb")
    try TextFile.write(markdown(name: name), to: folder + "/" + name + ".md")
    for file in figureFiles(name: name) { try TextFile.write(file.svg, to: folder + "/" + file.file) }
  }

  /// Writes the notebook's numbers to `path` as JSON: the settings of the run, every table and every figure's
  /// charts (the format is described at `json(example:)`, above).
  public func writeJSON(to path: String, example: String) throws(FileWriteError) {
    try TextFile.write(json(example: example), to: path)
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

/// `x` as a JSON number at its full value (Swift's shortest form that reads back the same), or
/// one of the strings "nan", "inf", "-inf", which JSON's numbers cannot say.
func jsonNumber(_ x: Double) -> String {
  x.isFinite ? "\(x)" : jsonString(x.isNaN ? "nan" : x < 0 ? "-inf" : "inf")
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
