import Micrograd

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(ucrt)
  import ucrt
#endif

/// Writes `figure` as SVG to `path`, or prints why on standard error and exits with status 1.
package func write(_ figure: some SVGFigure, to path: String, tool: String) {
  do {
    try figure.write(to: path)
  } catch {
    printError("\(tool): \(error)")
    exit(1)
  }
}

/// Prints one line of progress now, even when standard output is a file or a pipe.
package func progress(_ line: String) {
  print(line)
  fflush(nil)  // every output stream: the C library's stdout is a global Swift 6 will not touch
}

/// Writes one line to standard error.
package func printError(_ line: String) {
  var text = line + "\n"
  text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}

/// Time since it was started, on the monotonic clock, for "ran in 2.3 s".
package struct Stopwatch: CustomStringConvertible {
  private let start = ContinuousClock.now

  /// A stopwatch started now.
  package init() {}

  /// The seconds since the start.
  package var seconds: Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  }

  /// "2.3 s".
  package var description: String { seconds.formatted(decimals: 1) + " s" }
}
