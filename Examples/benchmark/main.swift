// Benchmarks: the speed and memory goals of the engine, measured in a release build.
//
//   swift run -c release benchmark            # every workload, each in its own process
//   swift run -c release benchmark moons      # one workload: moons | probe | chain | steady
//
// Each workload prints one line: its time, nodes per second, and the process's peak
// resident memory as the OS reports it (getrusage). The moons line also prints
// `per_step_ms=`, which ../shared/bench/compare.sh reads to compare with C and micrograd.
// Nothing here is asserted by the tests: timings belong to benchmarks, not unit tests.
import Micrograd

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Measuring

/// Seconds on a monotonic clock.
func now() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_MONOTONIC, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// The peak resident set size of this process so far, in bytes.
func peakMemory() -> Double {
  var usage = rusage()
  #if canImport(Glibc)
  getrusage(RUSAGE_SELF.rawValue, &usage)
  #else
  getrusage(RUSAGE_SELF, &usage)
  #endif
  #if canImport(Darwin)
  return Double(usage.ru_maxrss)  // bytes on macOS
  #else
  return Double(usage.ru_maxrss) * 1024  // kilobytes on Linux
  #endif
}

func mb(_ bytes: Double) -> String { formatted(bytes / 1_048_576, decimals: 1) + " MB" }

// MARK: - Deep chain: y = y + 1.0, ten million times, then backward and release

func chain(links: Int = 10_000_000) {
  let start = now()
  var phases = ""
  let x = Value(0)
  let one = 1.0  // a Double constant is folded into the node: one node per link
  do {
    var y = x + one
    for _ in 1..<links { y = y + one }
    let built = now()
    y.backward()
    precondition(x.grad == 1 && y.data == Double(links))
    let backwardDone = now()
    y = x
    let released = now()
    phases = "build=\(formatted(built - start, decimals: 2))s backward=\(formatted(backwardDone - built, decimals: 2))s release=\(formatted(released - backwardDone, decimals: 2))s"
  }
  let seconds = now() - start
  let peak = peakMemory()
  print(
    "chain   links=\(links) time=\(formatted(seconds, decimals: 2))s nodes/s=\(formatted(Double(links) / seconds, significant: 3))",
    "peak=\(mb(peak)) bytes/link=\(formatted(peak / Double(links), decimals: 1))", phases)
}

// MARK: - Main

let arguments = CommandLine.arguments.dropFirst()
let workloads = ["chain"]
if let name = arguments.first {
  switch name {
  case "chain": chain()
  default:
    print("benchmark: unknown workload '\(name)'; choose one of: \(workloads.joined(separator: ", "))")
    exit(2)
  }
} else {
  for name in workloads {
    fflush(nil)
    if system("'\(CommandLine.arguments[0])' \(name)") != 0 { exit(1) }
  }
}
