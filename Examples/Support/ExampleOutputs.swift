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
/// (every table and every chart's series as data).
///
/// Every path is checked before any work starts, and before anything is created: the folders are
/// made only when the run saves. A usage error (one line, exit status 2), not a failure or a
/// clobbered page after a minute of computing: an empty path; a folder that cannot be created or
/// written into; an existing file the run would replace that is a folder, a device, a pipe or a
/// socket, or read-only; a symbolic link to nothing; two outputs that land on one file (a
/// `--json` file that is one of the run's own files, `<example>-….svg` in `--out` or
/// `--notebook`, `<example>.html`, `.md` or `.ipynb` in `--notebook`, however it is spelled and
/// through any link). A symbolic link to an existing file is followed: the file it names is
/// replaced, the link kept. Every file is written whole or not at all (`TextFile.write`).
package struct ExampleOutputs {
  /// The options, added to every example's command line.
  package static let options: [CommandLineOptions.Option] = [
    .init("--out", "FOLDER", "where the SVG figures go (default ./out)"),
    .init("--notebook", "FOLDER", "also write the run as FOLDER/<example>.html, .ipynb and .md (with its SVGs)"),
    .init("--json", "FILE", "also write every table and figure's numbers as JSON (not one of the run's own files)"),
  ]

  /// The example's name: the stem of every file it writes.
  package let example: String
  /// The folder of the SVG figures.
  package let out: String
  /// The folder of the notebook, if asked for.
  package let notebook: String?
  /// The JSON file, if asked for.
  package let json: String?
  /// Whether `--notebook` is the `--out` folder (its figures are then written once).
  let figuresInNotebook: Bool

  /// One folder the run writes its own files into.
  private struct Slot {
    var option: String
    var path: String
    var resolved: String
    var isOwn: (String) -> Bool
    /// Whether the resolved path `target` is one of this folder's own files.
    func claims(_ target: String) -> Bool {
      let (folder, name) = ExampleOutputs.splitLast(target)
      return ExampleOutputs.sameFolder(folder, resolved) && isOwn(name)
    }
  }

  /// The outputs the command line asks for, every path checked now; nothing is created yet.
  package init(_ parsed: ParsedOptions) {
    let options = parsed.options
    let example = options.tool
    let out = parsed.string("--out", default: "out")
    let notebook = parsed.values["--notebook"]
    var slots = [
      Slot(
        option: "--out", path: out, resolved: Self.checkedFolder(out, option: "--out", options),
        isOwn: { Self.isFigure($0, of: example) })
    ]
    if let notebook {
      slots.append(
        Slot(
          option: "--notebook", path: notebook, resolved: Self.checkedFolder(notebook, option: "--notebook", options),
          isOwn: { Self.isPage($0, of: example) }))
    }
    let figuresInNotebook = slots.count == 2 && Self.sameFolder(slots[0].resolved, slots[1].resolved)
    // A folder that would be made where the other folder's own file goes (`--out nb/moons.html --notebook nb`).
    for (a, b) in slots.count == 2 && !figuresInNotebook ? [(slots[0], slots[1]), (slots[1], slots[0])] : []
    where Self.isInside(a.resolved, b.resolved) {
      let name = a.resolved.dropFirst(b.resolved == "/" ? 1 : b.resolved.count + 1).prefix { $0 != "/" }
      if b.isOwn(String(name)) {
        options.usageError("\(a.option) '\(a.path)' is inside one of the run's own files in \(b.option) '\(b.path)'")
      }
    }
    // Every existing file the run would replace, by where the write lands: two on one file clobber each other.
    var targets: [String: String] = [:]
    for slot in figuresInNotebook ? [slots[1]] : slots {
      for name in Self.fileNames(in: slot.path).sorted() where slot.isOwn(name) {
        let path = slot.path + "/" + name
        let target = Self.checkedReplaceable(path, option: slot.option, options)
        if Self.isLink(path), let other = slots.first(where: { $0.claims(target) }) {
          options.usageError(
            "\(slot.option): '\(path)' is a symbolic link to '\(target)', which is also one of the run's own files "
              + "(in \(other.option)); remove the link")
        }
        if let other = targets[target] {
          options.usageError(
            "\(slot.option): '\(path)' and '\(other)' are one file ('\(target)'); the run would write both there")
        }
        targets[target] = path
      }
    }
    json = parsed.values["--json"].map { path in
      let (folder, name) = Self.checkedFile(path, option: "--json", options)
      let target = Self.joined(folder, name)
      if slots[0].claims(target) {
        options.usageError("--json '\(path)' is a name of the run's own figures in --out '\(out)'; choose another file")
      }
      if let notebook, slots.count == 2, slots[1].claims(target) {
        options.usageError(
          "--json '\(path)' is one of the run's own page files in --notebook '\(notebook)'; choose another file")
      }
      for slot in slots where slot.resolved == target || Self.isInside(slot.resolved, target) {
        options.usageError(
          "--json '\(path)' is where the folder \(slot.option) '\(slot.path)' goes; choose another file")
      }
      if let other = targets[target] {
        options.usageError(
          "--json '\(path)' and '\(other)', one of the run's own files, are one file ('\(target)'); choose another file"
        )
      }
      return path
    }
    (self.example, self.out, self.notebook, self.figuresInNotebook) = (example, out, notebook, figuresInNotebook)
  }

  /// Whether `name` is one of the figures the example writes into `--out`: `<example>-….svg`
  /// (any case, for file systems that ignore it).
  static func isFigure(_ name: String, of example: String) -> Bool {
    let lower = name.lowercased()
    return lower.hasPrefix(example.lowercased() + "-") && lower.hasSuffix(".svg")
  }

  /// Whether `name` is one of the files the example writes into `--notebook`: its figures and
  /// `<example>.html`, `.md` and `.ipynb`.
  static func isPage(_ name: String, of example: String) -> Bool {
    isFigure(name, of: example)
      || ["html", "md", "ipynb"].contains { name.lowercased() == "\(example.lowercased()).\($0)" }
  }

  /// Writes the notebook's figures to `out`, and the notebook and its tables where asked; prints
  /// what it wrote. A failure now (the disk filled up) prints why and exits with status 1.
  package func save(_ notebook: Notebook) {
    var notebook = notebook
    notebook.end()  // the last step's closing prose, in the terminal too
    var written: [String] = []
    do {
      // The folders, made now that the run has something to put in them.
      try TextFile.createFolder(out)
      if let folder = self.notebook { try TextFile.createFolder(folder) }
      // With --notebook in the same folder, the notebook writes the same figures: once is enough.
      for file in notebook.figureFiles(name: example) {
        if !figuresInNotebook { try write(file.svg, to: out + "/" + file.file) }
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
    if !written.isEmpty { print("\nwrote " + written.joined(separator: ", ")) }
  }

  private func write(_ text: String, to path: String) throws(FileWriteError) {
    try TextFile.write(text, to: path)
  }
}
