import MicrogradSupport

extension RandomNumberGenerator {
  /// `count` samples of N(mean, std²): the numbers that `count` calls of `gaussian(mean:std:)`
  /// would return, in the same order, bit for bit.
  ///
  /// A big weight matrix (a million weights at width 1000) is mostly logarithms and square
  /// roots, so this draws every (u, s) from the generator first, in order, and then lets every
  /// processor turn a share of them into samples.
  ///
  /// - Precondition: `mean` is finite and `std` is a finite number ≥ 0 (0 gives `mean`).
  mutating func gaussians(_ count: Int, mean: Double = 0, std: Double = 1) -> [Double] {
    require(mean.isFinite, "gaussian: mean must be a finite number (got \(mean))")
    require(std.isFinite && std >= 0, "gaussian: std must be a finite number ≥ 0 (got \(std))")
    var draws = [(u: Double, s: Double)]()
    draws.reserveCapacity(count)
    for _ in 0..<count { draws.append(polarDraw()) }
    var samples = [Double](repeating: 0, count: count)
    draws.withUnsafeBufferPointer { draws in
      samples.withUnsafeMutableBufferPointer { samples in
        splitAcrossProcessors(count, work: 64 * count) { part in
          for k in part { samples[k] = polarSample(u: draws[k].u, s: draws[k].s, mean: mean, std: std) }
        }
      }
    }
    return samples
  }
}
