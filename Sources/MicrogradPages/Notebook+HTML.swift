import MicrogradEngine
import MicrogradLab
import MicrogradNN

extension Notebook {
  /// The notebook as one self-contained HTML page: its style and scripts inline, its figures
  /// inline SVG, no request to any other file or server. Light and dark themes follow the
  /// system setting; it reads on a phone, on a projector and on paper; a table of contents
  /// links every section. Every piece of text is escaped.
  func html() -> String {
    var body: [String] = []
    var toc: [String] = []
    var inSection = false
    for (index, cell) in cells.enumerated() {
      switch cell {
      case .heading(let heading):
        let id = "s\(toc.count + 1)-" + slug(heading)
        toc.append("<li><a href=\"#\(id)\">\(xmlEscaped(heading))</a></li>")
        if inSection { body.append("</section>") }
        body.append("<section id=\"\(id)\">\n<h2>\(xmlEscaped(heading))</h2>")
        inSection = true
      case .prose(let text), .markup(let text):
        body.append(MarkdownSubset.html(text))
      case .code(let code):
        body.append(
          "<details class=\"code\" open><summary>Swift</summary><pre><code>\(xmlEscaped(code))</code></pre></details>")
      case .table(let table):
        body.append(Notebook.html(table))
      case .figure(let figure):
        body.append(Notebook.html(figure, id: "f\(index)"))
      case .output(let text):
        body.append("<pre class=\"output\">\(xmlEscaped(text))</pre>")
      case .explorer(let explorer):
        body.append(explorer.html(id: "f\(index)"))
      }
    }
    if inSection { body.append("</section>") }
    let settingsLine = settings.map { "\(xmlEscaped($0.name)) <b>\(xmlEscaped($0.value.shown))</b>" }
      .joined(separator: " · ")
    return """
      <!doctype html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="color-scheme" content="light dark">
      <title>\(xmlEscaped(title))</title>
      <style>
      \(Notebook.style)
      </style>
      </head>
      <body>
      <header>
      <h1>\(xmlEscaped(title))</h1>
      \(settings.isEmpty ? "" : "<p class=\"settings\">\(settingsLine)</p>")
      </header>
      \(toc.isEmpty ? "" : "<nav class=\"toc\"><h2>Contents</h2><ol>\n\(toc.joined(separator: "\n"))\n</ol></nav>")
      <main>
      \(body.joined(separator: "\n"))
      </main>
      <footer><p>Written by Micrograd's notebook: every number on this page was computed by the run that wrote it.</p></footer>
      </body>
      </html>

      """
  }

  /// A table as HTML: numeric columns right-aligned, a caption for its title, scrolling
  /// sideways on a narrow screen instead of overflowing the page.
  static func html(_ table: Table) -> String {
    let numeric = table.columns.indices.map { table.isNumeric(column: $0) }
    func cell(_ tag: String, _ text: String, _ column: Int) -> String {
      "<\(tag)\(numeric[column] ? " class=\"num\"" : "")>\(xmlEscaped(text))</\(tag)>"
    }
    var lines = ["<figure class=\"table\">"]
    if !table.title.isEmpty { lines.append("<figcaption>\(xmlEscaped(table.title))</figcaption>") }
    lines.append("<div class=\"scroll\"><table>")
    lines.append(
      "<thead><tr>" + table.columns.indices.map { cell("th", table.columns[$0], $0) }.joined() + "</tr></thead>")
    lines.append("<tbody>")
    for r in table.rows.indices {
      // A first cell indented with spaces is a row that belongs to the one above (a reference beside a result).
      let first = table.cell(r, 0).shown
      let indented = first.hasPrefix(" ")
      let row = table.columns.indices.map { c in
        c == 0 && indented ? cell("td", String(first.drop { $0 == " " }), c) : cell("td", table.cell(r, c).shown, c)
      }
      lines.append((indented ? "<tr class=\"sub\">" : "<tr>") + row.joined() + "</tr>")
    }
    lines.append("</tbody></table></div></figure>")
    return lines.joined(separator: "\n")
  }

  /// A figure as HTML: its SVG inline (ids made unique on the page) and its caption.
  static func html(_ figure: Figure, id: String) -> String {
    """
    <figure class="plot\(figure.keepsItsSize ? " natural" : "")" id="\(id)">
    \(inlineSVG(figure.svg, prefix: id))
    <figcaption>\(xmlEscaped(figure.caption))</figcaption>
    </figure>
    """
  }

  /// An SVG document ready to sit inside a page: without its XML declaration, with every `id`
  /// (and reference to one) prefixed, so two figures' clip paths cannot collide.
  static func inlineSVG(_ svg: String, prefix: String) -> String {
    svg.replacing("id=\"", with: "id=\"\(prefix)-").replacing("url(#", with: "url(#\(prefix)-")
  }
}

/// A fragment identifier from a heading: lowercase letters and digits joined by dashes.
func slug(_ text: String) -> String {
  var result = ""
  for c in text.lowercased() {
    if c.isLetter && c.isASCII || c.isNumber && c.isASCII {
      result.append(c)
    } else if !result.isEmpty && result.last != "-" {
      result.append("-")
    }
  }
  while result.last == "-" { result.removeLast() }
  return result
}
