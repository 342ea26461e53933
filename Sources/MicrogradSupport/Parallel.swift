import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The number of processors online (`sysconf`), at least 1.
package var onlineProcessors: Int {
  #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
    return max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
  #else
    return 2
  #endif
}

/// Runs `body` over `0..<count` cut into one contiguous range per processor, all at once, when
/// `work` (the number of multiply-adds, say) is large enough to be worth the threads; otherwise
/// runs it once over the whole range on this thread. The ranges must write disjoint memory:
/// each number is then computed exactly as it would be in one pass, so the results do not
/// depend on the number of processors.
package func splitAcrossProcessors(_ count: Int, work: Int, _ body: (Range<Int>) -> Void) {
  let parts = work >= 1 << 20 ? min(onlineProcessors, count) : 1
  guard parts > 1 else { return body(0..<count) }
  withoutActuallyEscaping(body) { body in
    // Unchecked: the caller promises that the parts write disjoint memory (see above), and
    // concurrentPerform returns only when every part has finished.
    nonisolated(unsafe) let body = body
    DispatchQueue.concurrentPerform(iterations: parts) { part in
      body((count * part / parts)..<(count * (part + 1) / parts))
    }
  }
}
