/// Runs independent jobs two at a time (the machine has two cores) and returns their results
/// in the order of `jobs`.
///
/// Each job builds and differentiates its own graph, so nothing is shared between threads:
/// a job takes only `Sendable` settings in and gives `Sendable` numbers out.
///
/// ```swift
/// let results = await concurrently(configurations.map { c in { NormalizationProbe(c).run() } })
/// ```
package func concurrently<T: Sendable>(_ jobs: [@Sendable () -> T], atATime width: Int = 2) async -> [T] {
  var results = [T?](repeating: nil, count: jobs.count)
  await withTaskGroup(of: (Int, T).self) { group in
    var next = 0
    func start() {
      guard next < jobs.count else { return }
      let (index, job) = (next, jobs[next])
      next += 1
      group.addTask { (index, job()) }
    }
    for _ in 0..<max(1, width) { start() }
    for await (index, result) in group {
      results[index] = result
      start()
    }
  }
  return results.map { $0! }
}
