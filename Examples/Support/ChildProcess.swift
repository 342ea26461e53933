// Running this program again in a child process, with an argument vector: no shell, so no
// quoting, and a folder name with a quote in it is only a name.
#if canImport(Glibc)
  @preconcurrency import Glibc  // `environ` is a C global Swift 6 otherwise refuses to read
#elseif canImport(Musl)
  @preconcurrency import Musl
#elseif canImport(Darwin)
  @preconcurrency import Darwin
#endif

/// Runs this program again (`CommandLine.arguments[0]`, found as the shell found it: a path, or
/// a name on `PATH`) with `arguments`, in a child process that inherits the environment and the
/// standard streams, and waits for it. `posix_spawnp` with an argument vector: nothing passes
/// through a shell. Returns whether the child exited with status 0; a child that cannot be
/// started is reported on standard error.
package func runThisProgram(_ arguments: [String]) -> Bool {
  let program = CommandLine.arguments[0]
  let vector = ([program] + arguments).map { strdup($0) } + [nil]
  defer { vector.forEach { free($0) } }
  fflush(nil)  // what this process printed comes before what the child prints
  var child = pid_t()
  let started = posix_spawnp(&child, program, nil, nil, vector, environ)
  guard started == 0 else {
    printError("\(program): cannot start \(arguments.joined(separator: " ")): \(String(cString: strerror(started)))")
    return false
  }
  var status: Int32 = 0
  while waitpid(child, &status, 0) < 0 {
    guard errno == EINTR else { return false }
  }
  return status == 0  // exited normally with status 0 (any other exit or signal gives a nonzero status word)
}
