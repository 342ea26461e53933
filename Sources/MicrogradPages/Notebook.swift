import MicrogradEngine
import MicrogradLab
import MicrogradNN

/// An experiment written as a notebook: its cells in order — headings, prose, the code of each
/// step, tables, figures and terminal output — shown in the terminal as they are added, and
/// afterwards written as one self-contained HTML page, as a Jupyter notebook, as Markdown with SVG
/// files, or as JSON (every table and figure as data).
///
/// The prose and the code come from the source file that makes the notebook, written the way an Xcode
/// playground is (`SourceSections`): a markup block headed `## <title>` starts a step, the code under
/// it is the step's code cell — what ran, not a copy, without the statements that build the page —
/// and what the step adds while it runs is its output:
///
/// ```swift
/// var notebook = Notebook("Why is calculate_gain('tanh') 5/3?")
/// /*:
///  ## 1. The experiment
///  Stack 100 layers without bias and watch the *std* of each layer's output.
///  */
/// notebook.section("1. The experiment")
/// let results = await GainSweepProbe.run(configurations)
/// notebook.table(table)                                // an output of the step
/// notebook.prose("tanh at 5/3 settles near \(std)")     // a sentence computed from the run
/// try notebook.write(to: "out", name: "gain-sweep")    // out/gain-sweep.html, .ipynb, .md and its SVGs
/// ```
///
/// If the source cannot be read (the program was moved away from it), the code cell says so.
public struct Notebook {
  /// One cell.
  public enum Cell {
    /// A section heading.
    case heading(String)
    /// Text in a small Markdown subset: paragraphs, `*emphasis*`, `**strong**`, code in backticks,
    /// lists (`- item`), links (`[text](url)`). Prose a step adds while it runs: its sentences
    /// computed from the run, an output of its code.
    case prose(String)
    /// Prose written in the source beside the code, as playground markup (`/*: … */`): the same
    /// Markdown subset, the text of the notebook rather than an output.
    case markup(String)
    /// Swift source: the code of a step.
    case code(String)
    /// A table of results.
    case table(Table)
    /// A picture.
    case figure(Figure)
    /// Text as a terminal shows it (monospaced, kept as is).
    case output(String)
    /// A figure a reader can change: a page shows it with its controls, other formats its
    /// default picture.
    case explorer(GainExplorer)
  }

  /// A picture in a notebook: its SVG, optionally a text version for the terminal, and the
  /// numbers it plots when it is a chart.
  public struct Figure: Sendable {
    /// A short name, used for the SVG file's name ("std" → `gain-sweep-std.svg`).
    var name: String
    /// One sentence under the picture.
    var caption: String
    /// The picture.
    var svg: String
    /// The picture drawn with text (a sparkline, a decision boundary), shown in the terminal.
    var text: String?
    /// The charts drawn (one, or each panel of a grid), whose series are the numbers a reader
    /// can plot again; empty for a picture that is not a chart. `json(example:)` writes them.
    package var charts: [Chart] = []
    /// Whether a page shows the picture at its own size, scrolling sideways if it is wider than
    /// the page, instead of fitting it to the page's width: a graph's records stay legible.
    var keepsItsSize = false
  }

  /// The notebook's title.
  var title: String
  /// The settings of the run, shown under the title and written to JSON.
  public var settings: [(name: String, value: Table.Cell)] = []
  /// The cells, in order (the current step's closing prose, if it has one, last).
  var cells: [Cell] { recorded + (closing.isEmpty ? [] : [.markup(closing)]) }
  /// The cells added so far.
  private var recorded: [Cell] = []
  /// The closing prose of the current step, added when the next step starts.
  private var closing = ""
  /// Receives the terminal text of each cell as it is added (nil: silent).
  var echo: ((String) -> Void)?
  /// The steps of the source file.
  let sections: SourceSections

  /// A notebook titled `title` whose steps come from the markup of `source` (the file that creates
  /// the notebook, by default: see `section(_:)`); `echo` shows each cell in the terminal as it is
  /// added.
  public init(_ title: String, source: String = #filePath, echo: ((String) -> Void)? = { print($0) }) {
    self.title = title
    self.sections = SourceSections(path: source)
    self.echo = echo
    echo?("# \(title)\n")
  }

  /// Adds a cell and shows it in the terminal.
  public mutating func append(_ cell: Cell) {
    recorded.append(cell)
    if let text = cell.terminalText { echo?(text) }
  }

  /// Starts a step: the source's markup block headed `## <title>` becomes a heading and its prose,
  /// the code under it a code cell (without the statements that build the page), and what this step
  /// adds next (tables, figures, sentences computed from the run) its outputs. Prose written after the
  /// step's code (a markup block without a heading) follows the outputs.
  public mutating func section(_ title: String) {
    if !closing.isEmpty { append(.markup(closing)) }
    let step = sections.step(title)
    append(.heading(title))
    if !step.introduction.isEmpty { append(.markup(step.introduction)) }
    if !step.code.isEmpty { append(.code(step.code)) }
    closing = step.closing
  }

  /// Ends the last step: its closing prose (markup after its code), if it has one, is added now —
  /// shown in the terminal after the step's outputs. The pages show it either way.
  public mutating func end() {
    if !closing.isEmpty { append(.markup(closing)) }
    closing = ""
  }

  /// Adds prose (the Markdown subset of `Cell.prose`).
  public mutating func prose(_ text: String) { append(.prose(text)) }

  /// Adds a table.
  public mutating func table(_ table: Table) { append(.table(table)) }

  /// Adds a figure named `name` (for its file) with a caption, and the text version shown in the
  /// terminal; a `Chart` or a `ChartGrid` keeps its series as the figure's `charts`.
  public mutating func figure(_ name: String, _ picture: some SVGFigure, caption: String, text: String? = nil) {
    let charts = (picture as? Chart).map { [$0] } ?? (picture as? ChartGrid)?.charts ?? []
    append(
      .figure(
        Figure(
          name: name, caption: caption, svg: picture.svg(), text: text, charts: charts,
          keepsItsSize: picture is GraphDrawing)))
  }

  /// Adds terminal output, kept as it is.
  public mutating func output(_ text: String) { append(.output(text)) }

  /// The tables, in order.
  var tables: [Table] {
    cells.compactMap { cell in
      if case .table(let table) = cell { return table }
      return nil
    }
  }

  /// The figures, in order (an explorer's default picture included).
  var figures: [Figure] {
    cells.compactMap { cell in
      switch cell {
      case .figure(let figure): figure
      case .explorer(let explorer): explorer.defaultFigure
      default: nil
      }
    }
  }
}

extension Notebook.Cell {
  /// What the terminal shows for this cell: prose and tables as text, figures as their text
  /// version (or nothing), no code.
  var terminalText: String? {
    switch self {
    case .heading(let title): "\n## \(title)\n"
    case .prose(let text), .markup(let text): text + "\n"
    case .code: nil
    case .table(let table):
      table.description.split(separator: "\n", omittingEmptySubsequences: false)
        .map { "  " + $0 }.joined(separator: "\n") + "\n"
    case .figure(let figure): figure.text.map { $0 + "\n" }
    case .output(let text): text
    case .explorer(let explorer): explorer.defaultFigure.text.map { $0 + "\n" }
    }
  }
}
