/// A tiny command-line parser for the example programs: `--name value` options and `--help`.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(ucrt)
  import ucrt
#endif
import Micrograd

/// The options of a command-line tool, with their help text: enough for the examples, with
/// no package dependency.
///
/// A bad argument stops the program with one readable line on standard error that names it
/// (and the valid choices) and exit status 2, never a backtrace; `--help` prints the usage and
/// exits with status 0.
///
/// ```swift
/// let options = CommandLineOptions(tool: "gain-sweep", summary: "the forum's depth experiment", options: [
///   .init("--depth", "N", "layers per network (default 100)"),
///   .init("--out", "FOLDER", "where the SVG charts go (default ./out)"),
/// ])
/// let parsed = options.parse()
/// let depth = parsed.positiveInteger("--depth", default: 100)
/// ```
package struct CommandLineOptions: Sendable {
  /// One `--name VALUE` option.
  package struct Option: Sendable {
    /// "--depth".
    package var name: String
    /// The placeholder for its value in the usage: "N", "FOLDER".
    package var value: String
    /// What it does, with its default.
    package var help: String

    /// An option called `name` taking a `value`, described by `help`.
    package init(_ name: String, _ value: String, _ help: String) {
      self.name = name
      self.value = value
      self.help = help
    }
  }

  /// The program's name, the first word of every message.
  package var tool: String
  /// One line on what the program does, printed by `--help`.
  package var summary: String
  /// Every option the program takes (`--help` is implied).
  package var options: [Option]
  /// Extra lines printed at the end of `--help` (e.g. the valid names of a choice).
  package var epilogue: String

  /// A tool called `tool` with these options, and (unless `writesResults` is false) the
  /// `--out`, `--notebook` and `--json` options of `ExampleOutputs`.
  package init(tool: String, summary: String, options: [Option], epilogue: String = "", writesResults: Bool = true) {
    self.tool = tool
    self.summary = summary
    self.options = options + (writesResults ? ExampleOutputs.options : [])
    self.epilogue = epilogue
  }

  /// The text of `--help`, in at most 100 columns where the help texts allow.
  package var usage: String {
    let synopsis = "usage: \(tool)" + options.map { " [\($0.name) \($0.value)]" }.joined()
    var text = (synopsis.count <= 100 ? synopsis : "usage: \(tool) [options]") + "\n\n\(summary)\n\noptions:\n"
    let all = options + [Option("--help", "", "print this help")]
    let lefts = all.map { $0.value.isEmpty ? $0.name : "\($0.name) \($0.value)" }
    let column = (lefts.map(\.count).max() ?? 0) + 2
    for (left, option) in zip(lefts, all) {
      text += "  " + left + String(repeating: " ", count: column - left.count) + option.help + "\n"
    }
    if !epilogue.isEmpty { text += "\n" + epilogue + "\n" }
    return text + "\n" + rules + "\n"
  }

  /// What every option of every example accepts, printed at the end of `--help` (only the
  /// lines that apply to this tool's options).
  var rules: String {
    let placeholders = Set(options.map(\.value))
    var lines: [String] = []
    if !options.isEmpty {
      let paths = options.contains { $0.value == "FOLDER" || $0.value == "FILE" }
      lines.append(
        "every option is given at most once; a value that starts with -- is taken for a missing value"
          + (paths ? " (write such a path as ./--name)" : ""))
    }
    if placeholders.contains("N") || placeholders.contains("X") || placeholders.contains("LIST") {
      lines.append(
        "numbers: in decimal (a leading + is allowed; 0x10, 1_000 and 1e3 for N are not); N is a whole number ≥ 1; "
          + "X a positive number")
    }
    if options.contains(where: { $0.name == "--width" || $0.name == "--widths" }) {
      lines.append(
        "sizes: a run that needs more than 80% of this machine's memory is refused, with the largest width that fits")
    }
    if options.contains(where: { $0.name == "--seed" }) {
      lines.append("--seed: any whole number from 0 to 18446744073709551615, written exactly to the JSON")
    }
    if placeholders.contains("NAME") || placeholders.contains("KIND") {
      lines.append("names: in any case, with or without _ and - (Spectrum, re_zero)")
    }
    if options.contains(where: { $0.name == "--json" }) {
      lines.append(
        "outputs: checked before any work, and no folder is made before the run saves: each folder writable (or "
          + "creatable); an existing file the run replaces a regular file (not a folder, device or pipe), writable by "
          + "the user running it; no two outputs on one file, however spelled or linked (--json not one of the run's "
          + "own files: <example>-*.svg in --out or --notebook, <example>.html, .md or .ipynb in --notebook); a "
          + "symbolic link to an existing file is followed (that file replaced, the link kept), one to nothing "
          + "refused; each file is written whole (a temporary file, then renamed)")
    }
    lines.append(
      "errors: a bad value is one line on standard error and exit status 2, before any work; "
        + "a failed write, to a file or to standard output, exit status 1 (except standard output closed early, "
        + "as by | head: the run ends at once, by SIGPIPE)")
    return "rules:\n" + lines.map { Self.wrapWords($0, first: "  ", indent: "    ") }.joined(separator: "\n")
  }

  /// `text` broken at spaces into lines of at most `width` columns, the first starting with
  /// `first`, the others with `indent`.
  static func wrapWords(_ text: String, width: Int = 100, first: String, indent: String) -> String {
    var lines: [String] = []
    var line = first
    for word in text.split(separator: " ") {
      if line != first && line != indent && line.count + 1 + word.count > width {
        lines.append(line)
        line = indent
      }
      line += (line == first || line == indent ? "" : " ") + word
    }
    return (lines + [line]).joined(separator: "\n")
  }

  /// `items` joined by ", " and broken into lines of at most `width` columns, each line
  /// after the first indented by `indent` (for lists of names in an epilogue).
  package static func wrap(_ items: [String], width: Int = 100, indent: String = "  ") -> String {
    var lines: [String] = []
    var line = ""
    for (index, item) in items.enumerated() {
      let piece = item + (index < items.count - 1 ? "," : "")
      if !line.isEmpty && line.count + 1 + piece.count > width {
        lines.append(line)
        line = indent + piece
      } else {
        line += (line.isEmpty ? "" : " ") + piece
      }
    }
    lines.append(line)
    return lines.joined(separator: "\n")
  }

  /// Reads `arguments` (the program's own by default): every option must be one of
  /// `options`, given once, and be followed by a value; `--help` or `-h` prints the usage and
  /// exits. A value that looks like an option (`--out --help`: it starts with `--`, or is `-h`)
  /// is a missing value, not a folder called `--help`; name such a folder `./--help`.
  package func parse(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> ParsedOptions {
    if arguments == Array(CommandLine.arguments.dropFirst()) { checkStandardOutputAtExit() }  // a run, not a test
    var values: [String: String] = [:]
    var rest = arguments[...]
    while let name = rest.popFirst() {
      if name == "--help" || name == "-h" {
        print(usage, terminator: "")
        exit(0)
      }
      guard options.contains(where: { $0.name == name }) else {
        usageError(
          "unknown option '\(name)'; valid options: \((options.map(\.name) + ["--help"]).joined(separator: ", "))")
      }
      guard let value = rest.popFirst() else { usageError("\(name) needs a value") }
      if value.hasPrefix("--") || value == "-h" {
        let takesPath = options.contains { $0.name == name && ($0.value == "FOLDER" || $0.value == "FILE") }
        usageError(
          "\(name) needs a value (got the option '\(value)'"
            + (takesPath ? "; a path that starts with - can be written ./\(value))" : ")"))
      }
      if let earlier = values[name] {
        usageError("\(name) is given twice ('\(earlier)' and '\(value)'); give it once")
      }
      values[name] = value
    }
    return ParsedOptions(options: self, values: values)
  }

  /// Prints "tool: message (try --help)" on standard error and exits with status 2.
  package func usageError(_ message: String) -> Never {
    printError("\(tool): \(message) (try --help)")
    exit(2)
  }
}

/// The values given on the command line, read with the type each option expects.
package struct ParsedOptions: Sendable {
  /// The tool's options (for error messages).
  package let options: CommandLineOptions
  /// The raw value of each option that was given.
  package let values: [String: String]

  /// The option's text, or `defaultValue` when it was not given.
  package func string(_ name: String, default defaultValue: String) -> String {
    values[name] ?? defaultValue
  }

  /// A whole number ≥ 1 in decimal digits (a leading `+` allowed), or `defaultValue`; anything
  /// else (`0`, `-3`, `0x10`, `1e3`, a number past `Int.max`) is a usage error.
  package func positiveInteger(_ name: String, default defaultValue: Int) -> Int {
    guard let text = values[name] else { return defaultValue }
    guard let n = Int(text), n >= 1 else {
      if Self.isTooLarge(text, for: Int.self) {
        options.usageError("\(name) is too large (got '\(text)'; the largest is \(Int.max))")
      }
      options.usageError("\(name) must be a positive whole number (got '\(text)')")
    }
    return n
  }

  /// Whether `text` is a whole number in decimal digits (a leading `+` allowed) that is too
  /// large for `T`, rather than not a number at all.
  package static func isTooLarge<T: FixedWidthInteger>(_ text: some StringProtocol, for _: T.Type) -> Bool {
    let digits = text.hasPrefix("+") ? text.dropFirst() : text[...]
    return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber } && T(text) == nil
  }

  /// A whole number ≥ 1, or nil when the option was not given; anything else is a usage error.
  package func positiveInteger(_ name: String) -> Int? {
    values[name] == nil ? nil : positiveInteger(name, default: 1)
  }

  /// `positiveInteger(name, default:)`, refused below `minimum` with `reason` ("BatchNorm1d needs
  /// 2 samples"): the smallest value the example can run, checked before any work.
  package func positiveInteger(_ name: String, default defaultValue: Int, atLeast minimum: Int, _ reason: String) -> Int
  {
    let n = positiveInteger(name, default: defaultValue)
    if n < minimum { options.usageError("\(name) must be at least \(minimum): \(reason) (got '\(n)')") }
    return n
  }

  /// A seed: any whole number from 0 to 2⁶⁴ − 1 (a `UInt64`) in decimal digits, or
  /// `defaultValue`; anything else is a usage error.
  package func seed(_ name: String, default defaultValue: UInt64) -> UInt64 {
    guard let text = values[name] else { return defaultValue }
    guard let n = UInt64(text) else {
      if Self.isTooLarge(text, for: UInt64.self) {
        options.usageError("\(name) is too large (got '\(text)'; the largest seed is \(UInt64.max))")
      }
      options.usageError("\(name) must be a whole number from 0 to 18446744073709551615 (got '\(text)')")
    }
    return n
  }

  /// A finite number > 0 in decimal notation (`1.5`, `2e-3`, a leading `+` allowed), or nil when
  /// the option was not given; anything else (`0`, `nan`, `inf`, hexadecimal `0x10`) is a usage error.
  package func positiveNumber(_ name: String) -> Double? {
    guard let text = values[name] else { return nil }
    guard let x = ParsedOptions.decimal(text), x.isFinite, x > 0 else {
      if let x = ParsedOptions.decimal(text), x == .infinity {
        options.usageError(
          "\(name) is out of range (got '\(text)'; the largest number is \(Double.greatestFiniteMagnitude))")
      }
      if ParsedOptions.decimal(text) == 0, !text.hasPrefix("-"),
        text.prefix(while: { $0 != "e" && $0 != "E" }).contains(where: { "123456789".contains($0) })
      {
        options.usageError(
          "\(name) is out of range (got '\(text)', which rounds to 0; the smallest number is \(Double.leastNonzeroMagnitude))"
        )
      }
      options.usageError("\(name) must be a positive number in decimal notation (got '\(text)')")
    }
    return x
  }

  /// `text` as a number if it is written in decimal notation (digits, a point, an exponent, a
  /// sign): Swift's `Double(_:)` alone would also read `0x10` as 16, and `nan` and `inf`.
  package static func decimal(_ text: String) -> Double? {
    guard !text.isEmpty, text.allSatisfy({ "0123456789.eE+-".contains($0) }) else { return nil }
    return Double(text)
  }

  /// A comma-separated list of whole numbers ≥ 1 ("32,64,128"), or `defaultValue`; anything
  /// else is a usage error.
  package func positiveIntegers(_ name: String, default defaultValue: [Int]) -> [Int] {
    guard let text = values[name] else { return defaultValue }
    let pieces = text.split(separator: ",", omittingEmptySubsequences: false)
    if let large = pieces.first(where: { Self.isTooLarge($0, for: Int.self) }) {
      options.usageError("\(name): '\(large)' is too large (got '\(text)'; the largest is \(Int.max))")
    }
    let numbers = pieces.map { Int($0) }
    guard !numbers.isEmpty, numbers.allSatisfy({ $0 != nil && $0! >= 1 }) else {
      options.usageError("\(name) must be whole numbers ≥ 1 separated by commas (got '\(text)')")
    }
    return numbers.map { $0! }
  }
}
