import MicrogradEngine
import MicrogradNN

/// Writing text files with the C library, so the package needs no Foundation.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(ucrt)
  import ucrt
#endif

/// A file or folder could not be written; `description` names the path and the reason.
public struct FileWriteError: Error, CustomStringConvertible, Sendable {
  /// The path that failed.
  package let path: String
  /// What went wrong, from the C library's `strerror`.
  public let reason: String
  /// "cannot write out/std.svg: Permission denied".
  public var description: String { "cannot write \(path): \(reason)" }
}

/// Text files written whole, with the C library (the package needs no Foundation): what every
/// figure, page and JSON file of the package goes through.
public enum TextFile {
  /// Creates the folder `path` and its missing parents (like `mkdir -p`).
  public static func createFolder(_ path: String) throws(FileWriteError) {
    try createDirectory(path)
  }

  /// Writes `text` to the file at `path` whole (a temporary file, renamed over it), creating
  /// missing parent folders. A symbolic link to an existing file is followed (that file is
  /// replaced, the link kept); an existing path that is not a regular file (a folder, a device
  /// such as `/dev/full`, a pipe) and a link to nothing are refused, left as they were.
  public static func write(_ text: String, to path: String) throws(FileWriteError) {
    try writeTextFile(text, to: path)
  }
}

/// Creates the folder `path` and its missing parents (like `mkdir -p`).
private func createDirectory(_ path: String) throws(FileWriteError) {
  var prefix = path.hasPrefix("/") ? "/" : ""
  for component in path.split(separator: "/") {
    prefix += component
    if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
      throw FileWriteError(path: prefix, reason: String(cString: strerror(errno)))
    }
    prefix += "/"
  }
}

/// Writes `text` to the file at `path` (replacing it), creating missing parent folders.
///
/// The file is never half-written: the text goes to a new file with a unique name in the same
/// folder (`.<name>.<process>.<n>.tmp`, created with `O_EXCL`), is flushed to the disk, and then
/// renamed over `path`, which POSIX makes atomic. A reader, or another run writing the same
/// file, sees the old file or the new one whole, never a mix. A symbolic link at `path` is
/// followed (the file it names is replaced, the link kept), and an existing file keeps its
/// permissions. What a rename would destroy rather than write is refused, untouched: an existing
/// path that is not a regular file (a folder, a device such as `/dev/full`, a pipe, a socket),
/// and a symbolic link to nothing. On failure the temporary file is removed and `path` is left
/// as it was.
private func writeTextFile(_ text: String, to path: String) throws(FileWriteError) {
  var existing = stat()
  if lstat(path, &existing) == 0 {
    guard stat(path, &existing) == 0 else {
      throw FileWriteError(path: path, reason: "a symbolic link to nothing (links are followed to existing files only)")
    }
    switch existing.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw FileWriteError(path: path, reason: String(cString: strerror(EISDIR)))
    default:
      throw FileWriteError(
        path: path, reason: "not a regular file (a device, a pipe or a socket), which writing by renaming would replace"
      )
    }
  }
  if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
    try createDirectory(String(path[..<slash]))
  }
  let target = resolvingLink(path)
  func failure(_ at: String = path) -> FileWriteError {
    FileWriteError(path: at, reason: String(cString: strerror(errno)))
  }
  let (descriptor, temporary) = try createTemporaryFile(beside: target)
  if stat(target, &existing) == 0 && (existing.st_mode & S_IFMT) == S_IFREG {
    _ = fchmod(descriptor, existing.st_mode & 0o7777)  // the new file keeps the old one's permissions
  }
  var bytes = text
  let written = bytes.withUTF8 { buffer in writeAll(buffer, to: descriptor) }
  var error = written ? nil : failure()
  if error == nil && fsync(descriptor) != 0 { error = failure() }
  if close(descriptor) != 0 && error == nil { error = failure() }
  if error == nil && rename(temporary, target) != 0 { error = failure() }
  if let error {
    unlink(temporary)
    throw error
  }
}

/// Creates a new, empty file beside `path` with a name no other writer holds (`O_EXCL`), mode
/// 0666 less the umask, as `fopen` would; returns its descriptor and its path.
private func createTemporaryFile(beside path: String) throws(FileWriteError) -> (Int32, String) {
  let slash = path.lastIndex(of: "/")
  let folder = slash.map { String(path[...$0]) } ?? ""
  let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
  for n in 0..<10_000 {
    let temporary = folder + "." + name + ".\(getpid()).\(n).tmp"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    if descriptor >= 0 { return (descriptor, temporary) }
    if errno != EEXIST { throw FileWriteError(path: path, reason: String(cString: strerror(errno))) }
  }
  throw FileWriteError(path: path, reason: "no free temporary name beside it")
}

/// Writes every byte of `buffer` to `descriptor`, retrying short writes and interruptions.
private func writeAll(_ buffer: UnsafeBufferPointer<UInt8>, to descriptor: Int32) -> Bool {
  var offset = 0
  while offset < buffer.count {
    let n = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
    if n < 0 && errno == EINTR { continue }
    if n <= 0 { return false }
    offset += n
  }
  return true
}

/// `path`, or the file it names when it is a symbolic link to an existing file.
private func resolvingLink(_ path: String) -> String {
  var info = stat()
  guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK, let resolved = realpath(path, nil) else {
    return path
  }
  defer { free(resolved) }
  return String(cString: resolved)
}

/// A picture the lab draws as an SVG document: a chart, a grid of charts, a saturation map,
/// a decision boundary.
public protocol SVGFigure {
  /// The picture as a complete SVG document.
  func svg() -> String
}

extension SVGFigure {
  /// Writes `svg()` to `path`, creating missing parent folders.
  public func write(to path: String) throws(FileWriteError) {
    try TextFile.write(svg(), to: path)
  }
}
