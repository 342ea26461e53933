import Foundation
import MicrogradEngine
import MicrogradNN
import Testing

@testable import MicrogradLab
@testable import MicrogradPages

@Suite("Notebooks as Jupyter files, and every figure's numbers as data")
struct NotebookJupyterTests {
  /// A notebook with prose before and after its code, a table, a chart, terminal text and a graph.
  func sample() throws -> Notebook {
    var notebook = Notebook("A <script>alert(1)</script> title", echo: nil)
    notebook.settings = [("width", .integer(128)), ("seed", .integer(5))]
    notebook.prose("Before any code: an introduction, `a < b` kept in code.")
    notebook.section("1. A step")
    notebook.prose("The run says 0.5 & <b>so</b>.")
    var table = Table("Numbers", columns: ["name", "value"])
    table.append([.text("x"), .number(0.5)])
    notebook.table(table)
    var chart = Chart(title: "std", xLabel: "layer", yLabel: "std", yScale: .log10)
    chart.addLine("measured", xs: [1, 2, 3], ys: [0.5, .nan, .infinity])
    notebook.figure("std", chart, caption: "The std <by> layer")
    notebook.output("a < b\nsecond line\n")
    notebook.section("2. Another step")
    let x = Value(2, label: "x")
    notebook.figure("graph", try GraphDrawing(of: x.tanh()), caption: "A graph")
    return notebook
  }

  /// `text` parsed as a JSON object.
  func object(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  /// A cell's or an output's text, which nbformat stores as a list of lines.
  func joined(_ lines: Any?) -> String { (lines as? [String])?.joined() ?? (lines as? String) ?? "" }

  @Test("nbformat 4.5: unique cell ids, a Swift kernelspec and language_info, the run's settings in the metadata")
  func structure() throws {
    let book = try object(try sample().ipynb(name: "demo"))
    #expect(book["nbformat"] as? Int == 4 && book["nbformat_minor"] as? Int == 5)
    let metadata = try #require(book["metadata"] as? [String: Any])
    #expect((metadata["kernelspec"] as? [String: Any])?["language"] as? String == "swift")
    #expect((metadata["language_info"] as? [String: Any])?["name"] as? String == "swift")
    let micrograd = try #require(metadata["micrograd"] as? [String: Any])
    #expect(micrograd["example"] as? String == "demo")
    #expect((micrograd["settings"] as? [String: Any])?["width"] as? Int == 128)
    let cells = try #require(book["cells"] as? [[String: Any]])
    let ids = cells.compactMap { $0["id"] as? String }
    #expect(ids.count == cells.count && Set(ids).count == ids.count)
    #expect(ids.allSatisfy { $0.wholeMatch(of: /[a-zA-Z0-9_-]{1,64}/) != nil })
    for cell in cells where cell["cell_type"] as? String == "code" {
      #expect(cell["execution_count"] is Int && cell["outputs"] is [Any] && cell["metadata"] is [String: Any])
    }
  }

  @Test("Markdown cells for the title, headings and introductions; code cells with what the step showed")
  func cells() throws {
    let cells = try #require(try object(try sample().ipynb(name: "demo"))["cells"] as? [[String: Any]])
    #expect(
      cells.map { $0["cell_type"] as! String } == ["markdown", "markdown", "markdown", "code", "markdown", "code"])
    #expect(joined(cells[0]["source"]).hasPrefix("# A &lt;script>alert(1)&lt;/script> title"))
    #expect(joined(cells[0]["source"]).contains("width **128** · seed **5**"))
    #expect(joined(cells[1]["source"]) == "Before any code: an introduction, `a < b` kept in code.")
    #expect(joined(cells[2]["source"]) == "## 1. A step")
    let outputs = try #require(cells[3]["outputs"] as? [[String: Any]])
    #expect(outputs.map { $0["output_type"] as! String } == ["display_data", "display_data", "display_data", "stream"])
    let prose = try #require(outputs[0]["data"] as? [String: Any])
    #expect(joined(prose["text/markdown"]) == "The run says 0.5 &amp; &lt;b>so&lt;/b>.")
    let table = try #require(outputs[1]["data"] as? [String: Any])
    #expect(joined(table["text/html"]).contains("<table>") && joined(table["text/plain"]).contains("0.5"))
    #expect(outputs[3]["name"] as? String == "stdout" && joined(outputs[3]["text"]) == "a < b\nsecond line\n")
  }

  @Test("a figure: its SVG, an <img> of the same SVG as a Base64 data URI (for untrusted notebooks), its caption")
  func figure() throws {
    let notebook = try sample()
    let cells = try #require(try object(notebook.ipynb(name: "demo"))["cells"] as? [[String: Any]])
    let output = try #require((cells[3]["outputs"] as? [[String: Any]])?[2])
    let data = try #require(output["data"] as? [String: Any])
    let svg = joined(data["image/svg+xml"])
    #expect(svg == notebook.figures[0].svg)
    let html = joined(data["text/html"])
    let encoded = try #require(html.firstMatch(of: /src="data:image\/svg\+xml;base64,([A-Za-z0-9+\/=]+)"/)?.1)
    #expect(Data(base64Encoded: String(encoded)).map { String(decoding: $0, as: UTF8.self) } == svg)
    #expect(html.contains("The std &lt;by&gt; layer") && joined(data["text/plain"]) == "The std <by> layer")
    #expect(((output["metadata"] as? [String: Any])?["micrograd"] as? [String: Any])?["figure"] as? String == "std")
    // Self-contained: nothing is fetched from elsewhere.
    #expect(!notebook.ipynb(name: "demo").contains("src=\\\"http"))
  }

  @Test("the gain explorer shows its default figure")
  func explorer() async throws {
    let configuration = GainSweepProbe.Configuration(activation: .tanh, gain: 1, depth: 3, width: 4, batch: 2, seed: 1)
    let explorer = await GainExplorer.measure([(.tanh, [1, 1.5], 1.5)], configuration: configuration)
    var notebook = Notebook("explorer", echo: nil)
    notebook.section("1. A step")
    notebook.append(.explorer(explorer))
    let cells = try #require(try object(notebook.ipynb(name: "demo"))["cells"] as? [[String: Any]])
    let data = try #require(((cells.last?["outputs"] as? [[String: Any]])?.first)?["data"] as? [String: Any])
    #expect(joined(data["image/svg+xml"]) == explorer.defaultFigure.svg)
    #expect(joined(data["text/html"]).contains("slider"))
  }

  @Test(
    "Base64 as RFC 4648 writes it (Foundation's encoder agrees), padding included",
    arguments: [0, 1, 2, 3, 4, 5, 64, 1000])
  func base64(length: Int) {
    var rng = SplitMix64(seed: UInt64(length))
    let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
    #expect(base64Encoded(bytes) == Data(bytes).base64EncodedString())
    #expect(
      base64Encoded(Array("foobar".utf8.prefix(length % 7)))
        == ["", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"][length % 7])
  }

  @Test("--json carries each chart's series (name, x, y), non-finite numbers as strings; a graph has no series")
  func figuresAsData() throws {
    var notebook = try sample()
    var a = Chart(title: "a", xLabel: "x", yLabel: "y")
    a.addLine("one", xs: [0, 1], ys: [2, 3])
    var b = Chart(title: "b", xLabel: "x", yLabel: "y")
    b.addPoints("two", xs: [5], ys: [-.infinity])
    notebook.figure("grid", ChartGrid(title: "both", charts: [a, b]), caption: "Two panels")
    let json = try object(notebook.json(example: "demo"))
    #expect((json["tables"] as? [Any])?.count == 1)
    let figures = try #require(json["figures"] as? [[String: Any]])
    #expect(figures.map { $0["name"] as! String } == ["std", "graph", "grid"])
    let std = try #require((figures[0]["charts"] as? [[String: Any]])?.first)
    #expect(std["yScale"] as? String == "log10" && std["xLabel"] as? String == "layer")
    let series = try #require((std["series"] as? [[String: Any]])?.first)
    #expect(series["name"] as? String == "measured" && series["style"] as? String == "line")
    #expect(series["dashed"] as? Bool == false && series["color"] as? String == Chart.palette[0])
    #expect(series["x"] as? [Double] == [1, 2, 3])
    let ys = try #require(series["y"] as? [Any])
    #expect(ys[0] as? Double == 0.5 && ys[1] as? String == "nan" && ys[2] as? String == "inf")
    #expect((figures[1]["charts"] as? [Any])?.isEmpty == true)
    let panels = try #require(figures[2]["charts"] as? [[String: Any]])
    #expect(panels.map { $0["title"] as! String } == ["a", "b"])
    let two = try #require((panels[1]["series"] as? [[String: Any]])?.first)
    #expect((two["y"] as? [Any])?.first as? String == "-inf" && two["style"] as? String == "points")
    // The notebook file carries the same data.
    let book = try object(notebook.ipynb(name: "demo"))
    let metadata = (book["metadata"] as? [String: Any])?["micrograd"] as? [String: Any]
    #expect((metadata?["figures"] as? [Any])?.count == 3)
  }
}
