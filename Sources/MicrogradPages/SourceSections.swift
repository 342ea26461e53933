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

/// The `// MARK: - <title>` sections of a Swift source file: the code of each step of an
/// example, as it was when the program started.
struct SourceSections {
  /// The file's path.
  let path: String
  /// Each section's title and code, in order (nil when the file could not be read).
  let sections: [(title: String, code: String)]?

  /// The sections of the file at `path`.
  init(path: String) {
    self.path = path
    sections = readTextFile(path).map(SourceSections.split)
  }

  /// The code under `// MARK: - <title>`, without the MARK line and trailing blank lines; or a
  /// comment saying why it is missing.
  func code(of title: String) -> String {
    guard let sections else {
      return "// The source of this step was not found at \(path) (the program was moved away from its source)."
    }
    guard let section = sections.first(where: { $0.title == title }) else {
      return "// \(path) has no section `// MARK: - \(title)`."
    }
    return section.code
  }

  /// Splits source text at its `// MARK: - ` lines.
  static func split(_ text: String) -> [(title: String, code: String)] {
    var result: [(title: String, code: String)] = []
    var title: String?
    var lines: [Substring] = []
    func close() {
      guard let title else { return }
      while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
      while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
      result.append((title, lines.joined(separator: "\n")))
    }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.drop { $0 == " " }
      if trimmed.hasPrefix("// MARK: - ") {
        close()
        title = String(trimmed.dropFirst("// MARK: - ".count))
        lines = []
      } else {
        lines.append(line)
      }
    }
    close()
    return result
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
