import Foundation
import TestSupport
import Testing
@testable import MicrogradLab
@testable import MicrogradPages

/*:
 ## 1. A step

 The introduction of the step, written beside its code.
 */

/// A marker the notebook test looks for in the code cell of "1. A step".
let notebookTestMarker = 42

//: After the step's outputs: its closing prose.

/*:
 ## 2. Another step
 */

@Suite("Notebooks: pages that say what ran, safely")
struct NotebookTests {
  /// A notebook made in this file, whose steps are the markup blocks above.
  func sample() -> Notebook {
    var notebook = Notebook("A <script>alert(1)</script> title", echo: nil)
    notebook.settings = [("width", .integer(128)), ("label", .text("<b>bold</b>"))]
    notebook.section("1. A step")
    notebook.prose("Some *emphasis*, **strong**, `code` and a [link](https://example.org).\n\n- one\n- two")
    var table = Table("Numbers & <things>", columns: ["name", "value"])
    table.append([.text("<script>"), .number(0.5)])
    table.append([.text("nan"), .number(.nan)])
    notebook.table(table)
    notebook.output("a < b && c > d")
    return notebook
  }

  @Test("text from anywhere (title, settings, tables, output) is escaped: a <script> label shows as text")
  func escaping() {
    let html = sample().html()
    #expect(!html.contains("<script>alert"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(!html.contains("<b>bold</b>"))
    #expect(html.contains("Numbers &amp; &lt;things&gt;"))
    #expect(html.contains("a &lt; b &amp;&amp; c &gt; d"))
    // The page is self-contained: nothing is fetched from elsewhere.
    #expect(!html.contains("src=\"http") && !html.contains("href=\"http://") && !html.contains("<link"))
  }

  @Test("a step is its markup's heading and prose, the code under it, then its outputs and closing prose")
  func steps() {
    let notebook = sample()
    let html = notebook.html()
    #expect(html.contains("let notebookTestMarker = 42"))
    #expect(html.contains("The introduction of the step, written beside its code."))
    guard case .markup(let introduction) = notebook.cells[1], case .code = notebook.cells[2],
      case .markup(let closing) = notebook.cells.last!
    else {
      Issue.record("cells: \(notebook.cells.map { "\($0)".prefix(20) })")
      return
    }
    #expect(introduction == "The introduction of the step, written beside its code.")
    #expect(closing == "After the step's outputs: its closing prose.")
    let steps = SourceSections.steps(
      "import X\n/*:\n ## One\n\n Why.\n */\nx = 1\n\n  //: ## Two\ny = 2\n//: Then.\n//: More.\n")
    #expect(steps.map(\.title) == ["One", "Two"])
    #expect(steps.map(\.introduction) == ["Why.", ""])
    #expect(steps.map(\.code) == ["x = 1", "y = 2"])
    #expect(steps.map(\.closing) == ["", "Then.\nMore."])
    #expect(SourceSections(path: "/nonexistent.swift").step("One").code.contains("was not found"))
  }

  @Test("a code cell leaves out every statement that builds the page, however many lines it takes")
  func pageStatementsLeftOut() {
    let source = """
      /*:
       ## Step
       */
      let x = 1
      notebook.prose(
        \"\"\"
        A sentence (with a parenthesis, and \\(x) interpolated: ")" inside).
        \"\"\")
      var table = Table("t", columns: ["a"])
      notebook.table(table)
      notebook.settings = [
        ("x", .integer(x)),
      ]
      notebook.settings =
        [("y", .integer(2))]
      outputs.save(notebook)
      let y = x + 1
      """
    let code = SourceSections.steps(source)[0].code
    #expect(code == "let x = 1\nvar table = Table(\"t\", columns: [\"a\"])\nlet y = x + 1")
  }

  @Test(
    "the Markdown subset: emphasis, strong, code, links, lists; everything else is text",
    arguments: [
      ("*a*", "<p><em>a</em></p>"),
      ("**a**", "<p><strong>a</strong></p>"),
      ("`x < y`", "<p><code>x &lt; y</code></p>"),
      ("[t](https://a.b)", "<p><a href=\"https://a.b\">t</a></p>"),
      ("- a\n- b", "<ul><li>a</li><li>b</li></ul>"),
      ("1. a\n2. b", "<ol><li>a</li><li>b</li></ol>"),
      ("<img src=x>", "<p>&lt;img src=x&gt;</p>"),
      ("[t](javascript:alert(1))", "<p>[t](javascript:alert(1))</p>"),
      ("snake_case_name", "<p>snake_case_name</p>"),
    ])
  func markdown(input: String, expected: String) {
    #expect(MarkdownSubset.html(input) == expected)
  }

  @Test("JSON: the example, title, settings and every table, with non-finite numbers as strings")
  func json() throws {
    let text = sample().json(example: "demo")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(object["example"] as? String == "demo")
    #expect((object["settings"] as? [String: Any])?["width"] as? Int == 128)
    let tables = try #require(object["tables"] as? [[String: Any]])
    #expect(tables.count == 1)
    #expect(tables[0]["columns"] as? [String] == ["name", "value"])
    let rows = try #require(tables[0]["rows"] as? [[Any]])
    #expect(rows[0][0] as? String == "<script>")
    #expect(rows[0][1] as? Double == 0.5)
    #expect(rows[1][1] as? String == "nan")
  }

  @Test("Markdown output: the page as Markdown, its figures as separate SVG files named after the example")
  func markdownFile() {
    var notebook = sample()
    var chart = Chart(title: "t", xLabel: "x", yLabel: "y")
    chart.addLine("a", xs: [0, 1], ys: [0, 1])
    notebook.figure("std", chart, caption: "A caption")
    let markdown = notebook.markdown(name: "demo")
    #expect(markdown.contains("![A caption](demo-std.svg)"))
    #expect(notebook.figureFiles(name: "demo").map(\.file) == ["demo-std.svg"])
  }
}
