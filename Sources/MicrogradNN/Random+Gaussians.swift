import MicrogradSupport

extension RandomNumberGenerator {
  /// `count` samples of N(mean, std²): the numbers that `count` calls of `gaussian(mean:std:)`
  /// would return, in the same order, bit for bit.
  ///
  /// A big weight matrix (a million weights at width 1000) is mostly logarithms and square
  /// roots, so this draws (u, s) pairs from the generator first, in order, 65,536 at a time,
  /// and then lets every processor turn a share of them into samples.
  ///
  /// - Precondition: `mean` is finite and `std` is a finite number ≥ 0 (0 gives `mean`).
  mutating func gaussians(_ count: Int, mean: Double = 0, std: Double = 1) -> [Double] {
    require(mean.isFinite, "gaussian: mean must be a finite number (got \(mean))")
    require(std.isFinite && std >= 0, "gaussian: std must be a finite number ≥ 0 (got \(std))")
    var samples = [Double](repeating: 0, count: count)
    var draws = [(u: Double, s: Double)](repeating: (0, 0), count: Swift.max(1, Swift.min(count, 1 << 16)))
    samples.withUnsafeMutableBufferPointer { samples in
      for start in stride(from: 0, to: count, by: draws.count) {
        let chunk = Swift.min(draws.count, count - start)
        for k in 0..<chunk { draws[k] = polarDraw() }
        draws.withUnsafeBufferPointer { draws in
          splitAcrossProcessors(chunk, work: 64 * chunk) { part in
            for k in part { samples[start + k] = polarSample(u: draws[k].u, s: draws[k].s, mean: mean, std: std) }
          }
        }
      }
    }
    return samples
  }
}
