// A failed write to standard output is an error: `moons > /dev/full` exits with status 1 and says why.
//
// `print` goes through the C library's buffer for standard output, which is flushed when the
// program ends and whose errors nobody reads: without this check the run "succeeds" having lost
// its story. `@preconcurrency`: `stdout` is a C global that Swift 6 otherwise refuses to touch;
// it is read only here, at exit, by one thread.
#if canImport(Glibc)
  @preconcurrency import Glibc
#elseif canImport(Musl)
  @preconcurrency import Musl
#elseif canImport(Darwin)
  @preconcurrency import Darwin
#endif

/// Whether the check is registered (once per process).
nonisolated(unsafe) private var standardOutputChecked = false

/// Registers, once, a check that runs when the program exits (returning from its top-level
/// code or calling `exit`): standard output is flushed, and if that or any earlier write to it
/// failed, one line goes to standard error ("moons: cannot write standard output: No space left
/// on device") and the exit status becomes 1.
package func checkStandardOutputAtExit() {
  guard !standardOutputChecked else { return }
  standardOutputChecked = true
  atexit {
    let flushed = fflush(stdout) == 0
    let reason = flushed ? "a write failed" : String(cString: strerror(errno))
    guard !flushed || ferror(stdout) != 0 else { return }
    let tool = CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? ""
    printError("\(tool): cannot write standard output: \(reason)")
    _exit(1)
  }
}
