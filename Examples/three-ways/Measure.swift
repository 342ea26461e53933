// What three-ways measures with: this thread's CPU clock, the bytes the allocator has handed out, and the
// machine's name. C library calls only, so it builds wherever the package does.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The CPU seconds this thread has used: other processes on a busy machine do not count (their cache traffic
/// still does).
func threadCPUSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// The CPU seconds one call of `body` takes: it runs until `minimum` seconds have passed (at least once) and
/// the total is divided by the number of calls.
func cpuSecondsPerCall(minimum: Double = 0.05, _ body: () -> Void) -> Double {
  let start = threadCPUSeconds()
  var calls = 0
  repeat {
    body()
    calls += 1
  } while threadCPUSeconds() - start < minimum
  return (threadCPUSeconds() - start) / Double(calls)
}

/// The bytes the C library's allocator has handed out and not taken back, or nil where it cannot say. glibc:
/// `malloc_info`'s totals (system memory in use, less its free chunks, plus mmapped blocks); macOS:
/// `malloc_zone_statistics` of every zone. Both are looked up with `dlsym`, so nothing here needs their headers.
func heapBytesInUse() -> Int? {
  #if canImport(Glibc)
    typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "malloc_info") else { return nil }
    var buffer: UnsafeMutablePointer<CChar>? = nil
    var size = 0
    guard let stream = open_memstream(&buffer, &size) else { return nil }
    _ = unsafeBitCast(symbol, to: MallocInfo.self)(0, stream)
    fclose(stream)
    guard let buffer else { return nil }
    defer { free(buffer) }
    let lines = String(cString: buffer).split(separator: "\n")
    let totals = (lines.lastIndex { $0.hasPrefix("</heap>") } ?? -1) + 1  // the lines after the last arena
    var bytes = 0
    for line in lines[totals...] {
      guard let start = line.firstRange(of: "size=\"") else { continue }
      let n = Int(line[start.upperBound...].prefix { $0.isNumber }) ?? 0
      if line.contains("type=\"current\"") || line.contains("type=\"mmap\"") { bytes += n }
      if line.contains("type=\"fast\"") || line.contains("type=\"rest\"") { bytes -= n }
    }
    return bytes
  #elseif canImport(Darwin)
    typealias Statistics = @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer) -> Void
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "malloc_zone_statistics") else { return nil }
    // malloc_statistics_t: blocks_in_use (unsigned), then size_in_use (size_t) at offset 8, ….
    var statistics = [Int](repeating: 0, count: 4)
    statistics.withUnsafeMutableBytes { unsafeBitCast(symbol, to: Statistics.self)(nil, $0.baseAddress!) }
    return statistics[1]
  #else
    return nil
  #endif
}

/// The bytes that stay allocated while `body` holds what it made (it returns it, and it is released after
/// the count), or nil where the allocator cannot say.
func bytesHeld<Record>(by body: () -> Record) -> Int? {
  guard let before = heapBytesInUse() else { return nil }
  let record = body()
  let after = heapBytesInUse()
  return withExtendedLifetime(record) { after.map { $0 - before } }
}

/// "AMD EPYC, 2 cores": the processor's name and the cores online.
func machineName() -> String {
  let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
  var name = "unknown processor"
  #if canImport(Darwin)
    var size = 0
    if sysctlbyname("machdep.cpu.brand_string", nil, &size, nil, 0) == 0, size > 0 {
      var text = [CChar](repeating: 0, count: size)
      if sysctlbyname("machdep.cpu.brand_string", &text, &size, nil, 0) == 0 {
        name = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      }
    }
  #else
    if let file = fopen("/proc/cpuinfo", "r") {
      defer { fclose(file) }
      var line: UnsafeMutablePointer<CChar>? = nil
      var capacity = 0
      defer { free(line) }
      while getline(&line, &capacity, file) > 0, let line {
        let text = String(cString: line)
        if text.hasPrefix("model name"), let colon = text.firstIndex(of: ":") {
          name = text[text.index(after: colon)...].trimmingWhitespace()
          break
        }
      }
    }
  #endif
  return "\(name), \(cores) core\(cores == 1 ? "" : "s")"
}

extension StringProtocol {
  /// The text without spaces, tabs and newlines at either end.
  func trimmingWhitespace() -> String {
    String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
  }
}
