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
  /// largest width that fits, and exit status 2.
  ///
  /// - Parameters:
  ///   - estimate: the run's peak memory as a function of the width (everything else fixed).
  ///   - width: the width asked for.
  ///   - option: the option that set it, for the message.
  ///   - settings: the rest of the configuration, for the message ("depth 100, batch 128").
  package func requireMemory(
    width: Int, option: String = "--width", settings: String, _ estimate: (_ width: Int) -> MemoryEstimate
  ) {
    guard let memory = physicalMemory() else { return }
    let budget = MemoryEstimate(bytes: 0.8 * memory)
    let needed = estimate(width)
    guard needed > budget else { return }
    var (fits, tooBig) = (0, width)  // estimate(fits) ≤ budget < estimate(tooBig)
    while tooBig - fits > 1 {
      let middle = (fits + tooBig) / 2
      if estimate(middle) > budget { tooBig = middle } else { fits = middle }
    }
    let advice = fits >= 1 ? "the largest width that fits is \(fits)" : "no width fits; lower the depth or the batch"
    usageError(
      "\(option) \(width) (\(settings)) needs about \(needed) of memory and this machine has \(MemoryEstimate(bytes: memory)); \(advice)"
    )
  }

  /// `requireMemory` for `runs` stacks of `depth` fused layers (`GainSweepProbe`'s) at once.
  package func requireMemory(width: Int, option: String = "--width", depth: Int, batch: Int, runs: Int = 1) {
    let settings = "depth \(depth), batch \(batch)" + (runs > 1 ? ", \(runs) runs at a time" : "")
    requireMemory(width: width, option: option, settings: settings) { width in
      let perElement = MemoryEstimate.plainLayerBytesPerElement
      return MemoryEstimate(depth: depth, width: width, batch: batch, bytesPerElement: perElement) * runs
    }
  }
}
