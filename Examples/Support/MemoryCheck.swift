#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif
import Micrograd

/// This machine's physical memory in bytes (`sysconf`), or nil where the system does not say.
package func physicalMemory() -> Double? {
  let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
  guard pages > 0, size > 0 else { return nil }
  return Double(pages) * Double(size)
}

extension CommandLineOptions {
  /// Refuses, before any work, a run whose estimated memory does not fit in 80% of this
  /// machine's physical memory: one line with the estimate, the machine's memory and the
  /// largest value that fits, and exit status 2.
  ///
  /// - Parameters:
  ///   - value: the size asked for (a width).
  ///   - option: the option that set it, for the message.
  ///   - noun: what the value is, for "the largest … that fits" ("width").
  ///   - settings: the rest of the configuration, for the message ("depth 100, batch 128").
  ///   - estimate: the run's peak memory as a function of the value (everything else fixed;
  ///     it must grow with the value).
  private func requireMemory(
    _ value: Int, option: String, noun: String, settings: String, _ estimate: (_ value: Int) -> MemoryEstimate
  ) {
    guard let memory = physicalMemory() else { return }
    let budget = MemoryEstimate(bytes: 0.8 * memory)
    // Beyond 2³² (a width, a count) no machine has the memory, and an estimate's own arithmetic could
    // overflow: such a value is estimated at 2³², which already does not fit.
    let limit = 1 << 32
    let needed = estimate(Swift.min(value, limit))
    guard needed > budget else { return }
    var (fits, tooBig) = (0, Swift.min(value, limit))  // estimate(fits) ≤ budget < estimate(tooBig)
    while tooBig - fits > 1 {
      let middle = fits + (tooBig - fits) / 2
      if estimate(middle) > budget { tooBig = middle } else { fits = middle }
    }
    let advice =
      fits >= 1 ? "the largest \(noun) that fits is \(fits)" : "no \(noun) fits with these settings"
    usageError(
      "\(option) \(value) (\(settings)) needs \(value > limit ? "more than" : "about") \(needed) of memory and this machine has \(MemoryEstimate(bytes: memory)); \(advice)"
    )
  }

  /// `requireMemory` for a width: "the largest width that fits is …".
  package func requireMemory(
    width: Int, option: String = "--width", settings: String, _ estimate: (_ width: Int) -> MemoryEstimate
  ) {
    requireMemory(width, option: option, noun: "width", settings: settings, estimate)
  }
}
