import MicrogradEngine
import MicrogradLab

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(ucrt)
  import ucrt
#endif

/// The steps of an example's Swift source, written the way an Xcode playground is: prose as markup
/// comments beside the code, read when the program starts.
///
/// ```swift
/// /*:
///  ## 1. The experiment
///
///  Stack 100 layers without bias and watch the std of each layer's output.
///  */
/// let results = await GainSweepProbe.run(configurations)
/// notebook.table(table)                  // builds the page: not shown in the code cell
/// //: The gradients tell the other half of the story.   (after the code: shown after its outputs)
/// ```
///
/// A step starts at a markup block (`/*: … */`, or consecutive `//:` lines) whose first line is a
/// heading `## Title`; the rest of that block is the step's introduction, the code up to the next
/// markup block is its code cell, and a markup block without a heading before the next step is its
/// closing prose. A code cell shows only the code that computes: statements that build the page
/// (those that begin with `notebook.` or `outputs.`, however many lines they take) are left out.
struct SourceSections {
  /// One step: its title, introduction, code and closing prose.
  struct Step {
    var title: String
    var introduction: String
    var code: String
    var closing: String
  }

  /// The file's path.
  let path: String
  /// The steps, in order (nil when the file could not be read).
  let steps: [Step]?

  /// The steps of the file at `path`.
  init(path: String) {
    self.path = path
    steps = readTextFile(path).map(SourceSections.steps)
  }

  /// The step titled `title`, or one whose code cell says why it is missing.
  func step(_ title: String) -> Step {
    guard let steps else {
      return Step(
        title: title, introduction: "",
        code: "// The source of this step was not found at \(path) (the program was moved away from its source).",
        closing: "")
    }
    return steps.first { $0.title == title }
      ?? Step(title: title, introduction: "", code: "// \(path) has no step `## \(title)`.", closing: "")
  }

  /// The steps of a source text.
  static func steps(_ text: String) -> [Step] {
    var steps: [Step] = []
    var code: [Substring] = []
    func closeCode() {
      defer { code = [] }  // code before the first step (imports, settings) belongs to no step
      guard !steps.isEmpty else { return }
      let more = trimmed(shownCode(code))
      guard !more.isEmpty else { return }
      steps[steps.count - 1].code += (steps[steps.count - 1].code.isEmpty ? "" : "\n\n") + more
    }
    for block in segments(text) {
      switch block {
      case .code(let lines): code += lines
      case .markup(let markup):
        closeCode()
        if let first = markup.first, first.hasPrefix("## ") {
          let body = trimmed(Array(markup.dropFirst()))
          steps.append(Step(title: String(first.dropFirst(3)), introduction: body, code: "", closing: ""))
        } else if !steps.isEmpty {
          let closing = trimmed(markup)
          steps[steps.count - 1].closing += (steps[steps.count - 1].closing.isEmpty ? "" : "\n\n") + closing
        }
      }
    }
    closeCode()
    return steps
  }

  /// A source text cut into markup blocks (their text, without the comment marks and the common
  /// indentation) and the code between them.
  enum Segment {
    case markup([Substring])
    case code([Substring])
  }

  static func segments(_ text: String) -> [Segment] {
    var segments: [Segment] = []
    var code: [Substring] = []
    var markup: [Substring]?  // inside a `/*:` block
    var lineMarkup: [Substring] = []  // consecutive `//:` lines
    func flushCode() {
      if !code.isEmpty { segments.append(.code(code)) }
      code = []
    }
    func flushLineMarkup() {
      if !lineMarkup.isEmpty { segments.append(.markup(lineMarkup)) }
      lineMarkup = []
    }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.drop { $0 == " " }
      if var open = markup {
        if trimmed.hasPrefix("*/") {
          segments.append(.markup(dedented(open)))
          markup = nil
        } else {
          open.append(line)
          markup = open
        }
      } else if trimmed.hasPrefix("/*:") {
        flushLineMarkup()
        flushCode()
        let rest = trimmed.dropFirst(3).drop { $0 == " " }
        markup = rest.isEmpty ? [] : [rest]
      } else if trimmed.hasPrefix("//:") {
        flushCode()
        let rest = trimmed.dropFirst(3)
        lineMarkup.append(rest.hasPrefix(" ") ? rest.dropFirst() : rest)
      } else {
        flushLineMarkup()
        code.append(line)
      }
    }
    flushLineMarkup()
    flushCode()
    return segments
  }

  /// `lines` without the indentation they all share.
  static func dedented(_ lines: [Substring]) -> [Substring] {
    let indents = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " }.count }
    let common = indents.min() ?? 0
    return lines.map { $0.allSatisfy(\.isWhitespace) ? "" : $0.dropFirst(common) }
  }

  /// The code a cell shows: every statement that builds the page (it begins with `notebook.` or
  /// `outputs.`) left out, with the lines it continues over (brackets and multi-line strings).
  static func shownCode(_ lines: [Substring]) -> [Substring] {
    var shown: [Substring] = []
    var depth = 0, inString = false, skipping = false
    for line in lines {
      let trimmed = line.drop { $0 == " " }
      if !skipping && (trimmed.hasPrefix("notebook.") || trimmed.hasPrefix("outputs.")) {
        skipping = true
        depth = 0
      }
      if skipping {
        // Count brackets outside string literals, and multi-line strings' delimiters.
        var characters = Substring(line)
        var inLineString = false
        while !characters.isEmpty {
          if characters.hasPrefix("\"\"\"") {
            inString.toggle()
            characters = characters.dropFirst(3)
            continue
          }
          let c = characters.removeFirst()
          if c == "\\" {
            _ = characters.popFirst()  // an escaped character, a quote included
          } else if inString {
            continue
          } else if c == "\"" {
            inLineString.toggle()
          } else if !inLineString {
            if "([{".contains(c) { depth += 1 } else if ")]}".contains(c) { depth -= 1 }
          }
        }
        // A statement continues past a line that ends in `=` (`notebook.settings =` then `[…]`).
        let continues = line.drop { $0 == " " }.reversed().drop { $0 == " " }.first == "="
        if !inString && depth <= 0 && !continues { skipping = false }
      } else {
        shown.append(line)
      }
    }
    return shown
  }

  /// Lines joined, without blank lines at either end.
  static func trimmed(_ lines: [Substring]) -> String {
    var lines = lines
    while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
    while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
    return lines.joined(separator: "\n")
  }
}

/// The contents of a text file, or nil if it cannot be read.
func readTextFile(_ path: String) -> String? {
  guard let file = fopen(path, "r") else { return nil }
  defer { fclose(file) }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 65536)
  while true {
    let count = fread(&buffer, 1, buffer.count, file)
    if count > 0 { bytes += buffer[..<count] }
    if count < buffer.count { break }
  }
  return String(decoding: bytes, as: UTF8.self)
}
