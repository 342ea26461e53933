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
  public let path: String
  /// What went wrong, from the C library's `strerror`.
  public let reason: String
  /// "cannot write out/std.svg: Permission denied".
  public var description: String { "cannot write \(path): \(reason)" }
}

/// Creates the folder `path` and its missing parents (like `mkdir -p`).
package func createDirectory(_ path: String) throws(FileWriteError) {
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
package func writeTextFile(_ text: String, to path: String) throws(FileWriteError) {
  if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
    try createDirectory(String(path[..<slash]))
  }
  guard let file = fopen(path, "w") else {
    throw FileWriteError(path: path, reason: String(cString: strerror(errno)))
  }
  let ok = fputs(text, file) >= 0
  let closed = fclose(file) == 0
  if !ok || !closed { throw FileWriteError(path: path, reason: "write failed") }
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
    try writeTextFile(svg(), to: path)
  }
}
