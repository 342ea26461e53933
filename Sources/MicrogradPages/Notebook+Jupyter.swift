import MicrogradEngine
import MicrogradLab
import MicrogradNN

extension Notebook {
  /// The notebook as a Jupyter notebook (nbformat 4.5), the file JupyterLab, VS Code and GitHub
  /// open with its outputs: a Markdown cell for the title and each heading, a code cell for the
  /// code of each step, and below it what the step showed — a table as `text/html` and
  /// `text/plain`, a figure as `image/svg+xml`, terminal text as a `stdout` stream, a sentence
  /// written by the run as `text/markdown`. Prose before a step's code is a Markdown cell.
  ///
  /// Self-contained: no output refers to another file. JupyterLab shows an `image/svg+xml`
  /// output only in a notebook the reader trusts, so each figure also carries a `text/html`
  /// output, an `<img>` whose source is the SVG as a Base64 `data:` URI, which JupyterLab
  /// renders in any notebook (and prefers when both are there). The notebook's metadata holds
  /// `json(example:)` under `"micrograd"`: the settings of the run, every table and every
  /// figure's numbers.
  func ipynb(name: String) -> String {
    var cells: [String] = []
    var outputs: [String]? = nil  // the outputs of the open code cell
    var source = ""
    var executionCount = 0
    func closeCode() {
      guard let open = outputs else { return }
      executionCount += 1
      cells.append(
        """
          {"cell_type": "code", "id": "cell-\(cells.count + 1)", "execution_count": \(executionCount), "metadata": {},
           "source": \(Self.lines(source)),
           "outputs": [\(open.joined(separator: ",\n    "))]}
        """)
      outputs = nil
    }
    func markdownCell(_ text: String) {
      closeCode()
      cells.append(
        """
          {"cell_type": "markdown", "id": "cell-\(cells.count + 1)", "metadata": {}, "source": \(Self.lines(text))}
        """)
    }
    func output(_ json: String, orMarkdown markdown: String) {
      if outputs != nil { outputs!.append(json) } else { markdownCell(markdown) }
    }
    let settingsLine = settings.map { "\(Self.markdownEscaped($0.name)) **\(Self.markdownEscaped($0.value.shown))**" }
    markdownCell(
      "# \(Self.markdownEscaped(title))" + (settings.isEmpty ? "" : "\n\n" + settingsLine.joined(separator: " · ")))
    for cell in self.cells {
      switch cell {
      case .heading(let heading):
        markdownCell("## \(Self.markdownEscaped(heading))")
      case .code(let code):
        closeCode()
        source = code
        outputs = []
      case .markup(let text):
        // Written in the source beside the code: the notebook's own text, a Markdown cell.
        markdownCell(Self.markdownEscaped(text))
      case .prose(let text):
        // Computed while the step's code ran: its output. Before any code: the step's introduction.
        let markdown = Self.markdownEscaped(text)
        if outputs != nil {
          outputs!.append(Self.displayData(["text/markdown": markdown, "text/plain": text]))
        } else {
          markdownCell(markdown)
        }
      case .table(let table):
        output(
          Self.displayData(["text/html": Notebook.html(table), "text/plain": table.description]),
          orMarkdown: Notebook.markdown(table))
      case .figure(let figure):
        output(Self.displayData(figure, note: nil), orMarkdown: Self.markdownImage(figure))
      case .output(let text):
        output(
          "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \(Self.lines(text))}",
          orMarkdown: "```text\n\(text)\n```")
      case .explorer(let explorer):
        let note = "The HTML page of this notebook has a slider to change the gain here."
        let figure = explorer.defaultFigure
        output(Self.displayData(figure, note: note), orMarkdown: Self.markdownImage(figure) + "\n\n" + note)
      }
    }
    closeCode()
    return """
      {"nbformat": 4, "nbformat_minor": 5,
       "metadata": {
        "kernelspec": {"name": "swift", "display_name": "Swift", "language": "swift"},
        "language_info": {"name": "swift", "file_extension": ".swift", "mimetype": "text/x-swift"},
        "micrograd": \(json(example: name))
       },
       "cells": [
      \(cells.joined(separator: ",\n"))
       ]}

      """
  }

  /// A `display_data` output with these representations (the same content in each).
  static func displayData(_ data: KeyValuePairs<String, String>, metadata: String = "{}") -> String {
    let bundle = data.map { "\(jsonString($0.key)): \(lines($0.value))" }.joined(separator: ",\n      ")
    return "{\"output_type\": \"display_data\", \"metadata\": \(metadata),\n     \"data\": {\(bundle)}}"
  }

  /// A figure's output: the SVG, an `<img>` of it for untrusted notebooks, and its caption as
  /// text; its metadata names the figure (its numbers are under that name in the notebook's).
  static func displayData(_ figure: Figure, note: String?) -> String {
    let html =
      "<figure style=\"margin: 0\"><img src=\"\(dataURI(figure.svg))\" alt=\"\(xmlEscaped(figure.caption))\" style=\"\(figure.keepsItsSize ? "max-width: none" : "max-width: 100%; height: auto")\">"
      + "<figcaption>\(xmlEscaped(figure.caption))</figcaption></figure>"
      + (note.map { "<p>\(xmlEscaped($0))</p>" } ?? "")
    return displayData(
      ["image/svg+xml": figure.svg, "text/html": html, "text/plain": figure.caption],
      metadata: "{\"micrograd\": {\"figure\": \(jsonString(figure.name))}}")
  }

  /// An SVG document as a `data:` URI, Base64-encoded.
  static func dataURI(_ svg: String) -> String { "data:image/svg+xml;base64," + base64Encoded(Array(svg.utf8)) }

  /// A figure as a Markdown image with its SVG inside (for a figure with no code cell above it).
  static func markdownImage(_ figure: Figure) -> String {
    "![\(figure.caption.replacing("]", with: "\\]"))](\(dataURI(figure.svg)))\n\n*\(markdownEscaped(figure.caption))*"
  }

  /// Text as the list of lines nbformat stores (each line but the last with its newline).
  static func lines(_ text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
    if let last = lines.popLast(), last != "\n" { lines.append(String(last.dropLast())) }
    return "[" + lines.map { jsonString(String($0)) }.joined(separator: ", ") + "]"
  }

  /// Markdown with `<` and `&` outside code spans written as entities, so no text becomes an
  /// HTML tag in a reader's Markdown renderer; inside backticks (where entities are not read)
  /// it is left as it is.
  static func markdownEscaped(_ text: String) -> String {
    var result = ""
    var inCode = false
    for character in text {
      switch character {
      case "`": inCode.toggle()
      case "<" where !inCode: result += "&lt;"
      case "&" where !inCode: result += "&amp;"
      default: break
      }
      if inCode || !"<&".contains(character) { result.append(character) }
    }
    return result
  }
}
