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

/// Where an example writes its results, from the three options every example takes:
/// `--out FOLDER` (its figures as SVG files, ./out by default), `--notebook FOLDER` (the whole
/// run as `<example>.html`, `<example>.ipynb` and `<example>.md` with its SVGs) and `--json FILE`
/// (every table and every chart's series as data). Each path is checked before any work starts: an empty, unwritable or non-folder path
/// is a usage error (one line, exit status 2), not a failure after a minute of computing.
package struct ExampleOutputs {
  /// The options, added to every example's command line.
  package static let options: [CommandLineOptions.Option] = [
    .init("--out", "FOLDER", "where the SVG figures go (default ./out)"),
    .init("--notebook", "FOLDER", "also write the run as FOLDER/<example>.html, .ipynb and .md (with its SVGs)"),
    .init("--json", "FILE", "also write every table and figure's numbers of the run as JSON"),
  ]

  /// The example's name: the stem of every file it writes.
  package let example: String
  /// The folder of the SVG figures.
  package let out: String
  /// The folder of the notebook, if asked for.
  package let notebook: String?
  /// The JSON file, if asked for.
  package let json: String?

  /// The outputs the command line asks for, each path checked (and its folder created) now.
  package init(_ parsed: ParsedOptions) {
    let options = parsed.options
    example = options.tool
    out = Self.folder(parsed.string("--out", default: "out"), option: "--out", options)
    notebook = parsed.values["--notebook"].map { Self.folder($0, option: "--notebook", options) }
    json = parsed.values["--json"].map { path in
      guard !path.isEmpty else { options.usageError("--json needs a file name (got '')") }
      if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
        _ = Self.folder(String(path[..<slash]), option: "--json", options)
      }
      if Self.isFolder(path) { options.usageError("--json '\(path)' is a folder, not a file") }
      return path
    }
  }

  /// `path` as a folder the example can write into, created if missing; a usage error otherwise.
  static func folder(_ path: String, option: String, _ options: CommandLineOptions) -> String {
    guard !path.isEmpty else { options.usageError("\(option) needs a folder name (got '')") }
    do {
      try createDirectory(path)
    } catch {
      options.usageError("\(option) '\(path)' cannot be created: \(error.reason)")
    }
    guard isFolder(path) else { options.usageError("\(option) '\(path)' is a file, not a folder") }
    guard access(path, W_OK) == 0 else { options.usageError("\(option) '\(path)' is not writable") }
    return path
  }

  /// Whether `path` names an existing folder.
  static func isFolder(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// Writes the notebook's figures to `out`, and the notebook and its tables where asked; prints
  /// what it wrote. A failure now (the disk filled up) prints why and exits with status 1.
  package func save(_ notebook: Notebook) {
    var written: [String] = []
    do {
      for file in notebook.figureFiles(name: example) {
        try write(file.svg, to: out + "/" + file.file)
        written.append(out + "/" + file.file)
      }
      if let folder = self.notebook {
        try notebook.write(to: folder, name: example)
        written += [
          folder + "/" + example + ".html", folder + "/" + example + ".ipynb", folder + "/" + example + ".md",
        ]
      }
      if let json {
        try notebook.writeJSON(to: json, example: example)
        written.append(json)
      }
    } catch {
      printError("\(example): \(error)")
      exit(1)
    }
    print("\nwrote " + written.joined(separator: ", "))
  }

  private func write(_ text: String, to path: String) throws(FileWriteError) {
    try writeTextFile(text, to: path)
  }
}
