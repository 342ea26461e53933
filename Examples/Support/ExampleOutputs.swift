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
/// (every table and every chart's series as data). Each path is checked before any work starts: an
/// empty, unwritable or non-folder path,
/// an existing file the run would replace that is read-only, or a `--json` file that is one of
/// the run's own files (`<example>-….svg` in `--out` or `--notebook`, `<example>.html`, `.md` or
/// `.ipynb` in `--notebook`) is a usage error (one line, exit status 2), not a failure or a
/// clobbered page after a minute of computing. Every file is written whole or not at all
/// (`writeTextFile`).
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

  /// The outputs the command line asks for, each path checked (and its folder created) now.
  package init(_ parsed: ParsedOptions) {
    let options = parsed.options
    let example = options.tool
    let out = Self.folder(parsed.string("--out", default: "out"), option: "--out", options)
    let notebook = parsed.values["--notebook"].map { Self.folder($0, option: "--notebook", options) }
    Self.requireReplaceable(in: out, option: "--out", options) { Self.isFigure($0, of: example) }
    if let notebook {
      Self.requireReplaceable(in: notebook, option: "--notebook", options) { Self.isPage($0, of: example) }
    }
    json = parsed.values["--json"].map { path in
      let (folder, name) = Self.checkedFile(path, option: "--json", options)
      if Self.sameFile(folder, out) && Self.isFigure(name, of: example) {
        options.usageError("--json '\(path)' is a name of the run's own figures in --out '\(out)'; choose another file")
      }
      if let notebook, Self.sameFile(folder, notebook) && Self.isPage(name, of: example) {
        options.usageError(
          "--json '\(path)' is one of the run's own page files in --notebook '\(notebook)'; choose another file")
      }
      return path
    }
    (self.example, self.out, self.notebook) = (example, out, notebook)
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

  /// `path` as a folder the example can write into, created if missing; a usage error otherwise.
  static func folder(_ path: String, option: String, _ options: CommandLineOptions) -> String {
    guard !path.isEmpty else { options.usageError("\(option) needs a folder name (got '')") }
    do {
      try TextFile.createFolder(path)
    } catch {
      options.usageError("\(option) '\(path)' cannot be created: \(error.reason)")
    }
    guard isFolder(path) else { options.usageError("\(option) '\(path)' is a file, not a folder") }
    guard access(path, W_OK | X_OK) == 0 else { options.usageError("\(option) '\(path)' is not writable") }
    // access() answers yes to root everywhere; creating a file is the test that also holds on /proc or a
    // read-only mount. The file is a dotfile, removed at once.
    let probe = path + "/.micrograd-write-test.\(getpid())"
    let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    guard descriptor >= 0 else {
      options.usageError("\(option) '\(path)' is not writable: \(String(cString: strerror(errno)))")
    }
    close(descriptor)
    unlink(probe)
    return path
  }

  /// Checks that the file `path` can be written: not empty, its folder (created if missing)
  /// writable, and, if it exists, a file that is not read-only. Returns its folder and its name;
  /// anything else is a usage error naming `option`.
  package static func checkedFile(
    _ path: String, option: String, _ options: CommandLineOptions
  ) -> (folder: String, name: String) {
    guard !path.isEmpty, !path.hasSuffix("/") else { options.usageError("\(option) needs a file name (got '\(path)')") }
    let slash = path.lastIndex(of: "/")
    let parent = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    let folder = Self.folder(parent, option: option, options)
    if isFolder(path) { options.usageError("\(option) '\(path)' is a folder, not a file") }
    if access(path, F_OK) == 0 && access(path, W_OK) != 0 {
      options.usageError("\(option) '\(path)' is read-only; the run would replace it")
    }
    return (folder, name)
  }

  /// Refuses the run if a file it would replace in `folder` (a name for which `isOwn` holds) is
  /// a folder or read-only.
  static func requireReplaceable(
    in folder: String, option: String, _ options: CommandLineOptions, _ isOwn: (String) -> Bool
  ) {
    for name in fileNames(in: folder) where isOwn(name) {
      let path = folder + "/" + name
      if isFolder(path) { options.usageError("\(option): '\(path)' is a folder; the run writes a file there") }
      if access(path, W_OK) != 0 { options.usageError("\(option): '\(path)' is read-only; the run would replace it") }
    }
  }

  /// The names in the folder `path` (none if it cannot be read).
  static func fileNames(in path: String) -> [String] {
    guard let folder = opendir(path) else { return [] }
    defer { closedir(folder) }
    var names: [String] = []
    while let entry = readdir(folder) {
      let name = withUnsafePointer(to: &entry.pointee.d_name) {
        String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  /// Whether `path` names an existing folder.
  static func isFolder(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// Whether `a` and `b` name the same existing file or folder (the same device and inode),
  /// however they are spelled (`out`, `./out`, a link to it).
  package static func sameFile(_ a: String, _ b: String) -> Bool {
    var (x, y) = (stat(), stat())
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino
  }

  /// Writes the notebook's figures to `out`, and the notebook and its tables where asked; prints
  /// what it wrote. A failure now (the disk filled up) prints why and exits with status 1.
  package func save(_ notebook: Notebook) {
    var notebook = notebook
    notebook.end()  // the last step's closing prose, in the terminal too
    var written: [String] = []
    do {
      // With --notebook in the same folder, the notebook writes the same figures: once is enough.
      let figuresInNotebook = self.notebook.map { Self.sameFile($0, out) } ?? false
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
