#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(ucrt)
  import ucrt
#endif

/// Checking an output path without creating or changing anything: what it is now, where a write
/// to it would land (every symbolic link resolved), and whether that folder takes a new file.
extension ExampleOutputs {
  /// What is at a path now, following symbolic links.
  enum Kind: Equatable {
    /// Nothing (or a path through a file, or one this user may not look into).
    case missing
    /// A folder.
    case folder
    /// A regular file.
    case file
    /// A device, a pipe, a socket: not a file the run may replace by renaming.
    case special
    /// A symbolic link to nothing (or a loop of links).
    case danglingLink
  }

  static func kind(_ path: String) -> Kind {
    var info = stat()
    guard stat(path, &info) == 0 else {
      var link = stat()
      return lstat(path, &link) == 0 ? .danglingLink : .missing
    }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: return .folder
    case S_IFREG: return .file
    default: return .special
    }
  }

  /// Whether `path` itself is a symbolic link.
  static func isLink(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
  }

  /// `path` split at its last slash: ("a/b", "c") for "a/b/c", (".", "c") for "c", ("/", "c") for "/c".
  static func splitLast(_ path: String) -> (folder: String, name: String) {
    guard let slash = path.lastIndex(of: "/") else { return (".", path) }
    let folder = slash == path.startIndex ? "/" : String(path[..<slash])
    return (folder, String(path[path.index(after: slash)...]))
  }

  /// `folder/name`, with one slash after `/`.
  package static func joined(_ folder: String, _ name: String) -> String {
    folder == "/" ? "/" + name : folder + "/" + name
  }

  /// Whether the resolved path `path` is below the resolved folder `folder`.
  static func isInside(_ path: String, _ folder: String) -> Bool {
    folder == "/" ? path.count > 1 : path.hasPrefix(folder + "/")
  }

  /// The longest leading part of `path` that exists (`.` or `/` at least), and the names after
  /// it that `mkdir -p` would create.
  static func nearestExisting(_ path: String) -> (existing: String, missing: [String]) {
    let absolute = path.hasPrefix("/")
    var components = path.split(separator: "/").map(String.init)
    var missing: [String] = []
    var info = stat()
    while !components.isEmpty {
      let prefix = (absolute ? "/" : "") + components.joined(separator: "/")
      if lstat(prefix, &info) == 0 { return (prefix, missing) }
      missing.insert(components.removeLast(), at: 0)
    }
    return (absolute ? "/" : ".", missing)
  }

  /// The absolute path a write to `path` lands on, every symbolic link resolved (the last name
  /// too) and `.` and `..` gone: `realpath` of what exists, and the missing names spelled out
  /// after it (they will be plain folders). Nil for a link to nothing.
  package static func resolved(_ path: String) -> String? {
    let (existing, missing) = nearestExisting(path)
    guard let real = realpath(existing, nil) else { return nil }
    defer { free(real) }
    var parts = String(cString: real).split(separator: "/").map(String.init)
    for name in missing where name != "." {
      if name == ".." {
        if !parts.isEmpty { parts.removeLast() }
      } else {
        parts.append(name)
      }
    }
    return "/" + parts.joined(separator: "/")
  }

  /// Whether `a` and `b` name the same existing file or folder (the same device and inode),
  /// however they are spelled (`out`, `./out`, a link to it).
  package static func sameFile(_ a: String, _ b: String) -> Bool {
    var (x, y) = (stat(), stat())
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino
  }

  /// Whether the resolved paths `a` and `b` are one folder (equal, or the same inode: a bind mount).
  static func sameFolder(_ a: String, _ b: String) -> Bool { a == b || sameFile(a, b) }

  /// Refuses the run unless a new file can be created in the existing folder `folder`:
  /// `access` answers yes to root everywhere, so a dotfile is created there and removed at once,
  /// the test that also holds on /proc or a read-only mount.
  static func requireWritable(_ folder: String, _ message: String, _ options: CommandLineOptions) {
    guard access(folder, W_OK | X_OK) == 0 else { options.usageError(message) }
    let probe = folder + "/.micrograd-write-test.\(getpid())"
    let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { options.usageError(message + ": " + String(cString: strerror(errno))) }
    close(descriptor)
    unlink(probe)
  }

  /// Checks, creating nothing, that `path` is a folder the run can write into or one it can
  /// create (`mkdir -p`) later; returns its resolved path. Anything else is a usage error.
  /// (`file`: the file whose folder it is, for the messages.)
  static func checkedFolder(
    _ path: String, option: String, _ options: CommandLineOptions, of file: String? = nil
  ) -> String {
    guard !path.isEmpty else { options.usageError("\(option) needs a folder name (got '')") }
    let option = file.map { "\(option) '\($0)': its folder" } ?? option
    switch kind(path) {
    case .folder: requireWritable(path, "\(option) '\(path)' is not writable", options)
    case .file: options.usageError("\(option) '\(path)' is a file, not a folder")
    case .special: options.usageError("\(option) '\(path)' is not a folder (it is a device, a pipe or a socket)")
    case .danglingLink: options.usageError("\(option) '\(path)' is a symbolic link to nothing")
    case .missing:
      let (existing, missing) = nearestExisting(path)
      if missing.contains(where: { $0.utf8.count > 255 }) {
        options.usageError("\(option) '\(path)' cannot be created: a name in it is longer than 255 bytes")
      }
      guard kind(existing) == .folder else {
        options.usageError("\(option) '\(path)' cannot be created: '\(existing)' is not a folder")
      }
      requireWritable(existing, "\(option) '\(path)' cannot be created: '\(existing)' is not writable", options)
    }
    guard let folder = resolved(path) else { options.usageError("\(option) '\(path)' is a symbolic link to nothing") }
    return folder
  }

  /// Checks, creating nothing, that the file `path` can be written: not empty, a file name (not
  /// a folder, `.` or `..`); if it exists, a regular file (a symbolic link to one is followed)
  /// that is not read-only, in a writable folder; if not, in a folder that `checkedFolder`
  /// accepts. Returns the resolved folder and name the write lands on; anything else is a usage
  /// error naming `option`.
  package static func checkedFile(
    _ path: String, option: String, _ options: CommandLineOptions
  ) -> (folder: String, name: String) {
    let (parent, name) = splitLast(path)
    guard !name.isEmpty, name != ".", name != ".." else {
      options.usageError("\(option) needs a file name (got '\(path)')")
    }
    switch kind(path) {
    case .folder: options.usageError("\(option) '\(path)' is a folder, not a file")
    case .special:
      options.usageError(
        "\(option) '\(path)' is not a regular file (it is a device, a pipe or a socket); "
          + "the run writes a new file and renames it over the path, which would replace it")
    case .danglingLink:
      options.usageError("\(option) '\(path)' is a symbolic link to nothing; links are followed only to existing files")
    case .file:
      if access(path, W_OK) != 0 { options.usageError("\(option) '\(path)' is read-only; the run would replace it") }
      guard let target = resolved(path) else { options.usageError("\(option) '\(path)' is a symbolic link to nothing") }
      let (folder, targetName) = splitLast(target)
      requireWritable(folder, "\(option) '\(path)': its folder '\(folder)' is not writable", options)
      return (folder, targetName)
    case .missing:
      if name.utf8.count > 255 { options.usageError("\(option) '\(path)': the name is longer than 255 bytes") }
      return (checkedFolder(parent, option: option, options, of: path), name)
    }
  }

  /// Checks an existing file the run would replace, `path` (one of its own names in `--out` or
  /// `--notebook`), as `checkedFile` does; returns where the write lands.
  static func checkedReplaceable(_ path: String, option: String, _ options: CommandLineOptions) -> String {
    switch kind(path) {
    case .folder: options.usageError("\(option): '\(path)' is a folder; the run writes a file there")
    case .special:
      options.usageError(
        "\(option): '\(path)' is not a regular file (it is a device, a pipe or a socket); the run would replace it")
    case .danglingLink:
      options.usageError("\(option): '\(path)' is a symbolic link to nothing; the run writes a file there")
    case .missing: return resolved(path) ?? path  // gone since the folder was read
    case .file:
      let (folder, name) = checkedFile(path, option: option, options)
      return joined(folder, name)
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
}
