import MicrogradEngine
import MicrogradSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs independent jobs `atATime` at a time (by default as many as the machine has processors)
/// and returns their results in the order of `jobs`; `finished` hears of each result as it
/// arrives (for a progress line).
///
/// Each job builds and differentiates its own graph, so nothing is shared between threads: a
/// job takes only `Sendable` settings in and gives `Sendable` numbers out, and the results are
/// bit-identical to running the jobs one after the other.
///
/// ```swift
/// let results = await concurrently(configurations.map { c in { NormalizationProbe(c).run() } })
/// ```
public func concurrently<T: Sendable>(
  _ jobs: [@Sendable () -> T], atATime width: Int = processorCount,
  finished: (_ index: Int, _ result: T) -> Void = { _, _ in }
) async -> [T] {
  require(width >= 1, "concurrently: atATime must be at least 1 (got \(width))")
  var results = [T?](repeating: nil, count: jobs.count)
  await withTaskGroup(of: (Int, T).self) { group in
    var next = 0
    func start() {
      guard next < jobs.count else { return }
      let (index, job) = (next, jobs[next])
      next += 1
      group.addTask {
        let result = job()
        returnFreedMemory()
        return (index, result)
      }
    }
    for _ in 0..<width { start() }
    for await (index, result) in group {
      results[index] = result
      finished(index, result)
      start()
    }
  }
  return results.map { $0! }
}

/// The number of processors online (`sysconf`), at least 1: how many jobs run at once by default.
public var processorCount: Int { onlineProcessors }

/// Gives the memory that a finished job freed back to the system (glibc's `malloc_trim`).
///
/// glibc keeps an arena per thread and holds on to what a thread frees; the next job may run on
/// another thread, in another arena, so two jobs at a time could keep three graphs resident
/// (measured: `gain-sweep --width 128` peaked at 842 MB in one run of seven, 577 MB in the others).
private func returnFreedMemory() {
  #if canImport(Glibc)
    _ = mallocTrim?(0)
  #endif
}

#if canImport(Glibc)
  /// glibc's `malloc_trim(size_t pad)`, which the Glibc module does not declare, looked up once.
  private let mallocTrim: (@convention(c) (Int) -> Int32)? = dlsym(nil, "malloc_trim").map {
    unsafeBitCast($0, to: (@convention(c) (Int) -> Int32).self)
  }
#endif
