import MicrogradSupport

extension RandomNumberGenerator {
  /// Fills `u[0..<count]` with samples of N(mean, std²): the numbers that `count` calls of
  /// `gaussian(mean:std:)` would return, in the same order, bit for bit. `s` is scratch space.
  ///
  /// A big weight matrix (a million weights at width 1000) is mostly logarithms and square
  /// roots, so this draws every (u, s) from the generator first, in order, and then lets every
  /// processor turn a share of them into samples.
  ///
  /// - Precondition: `u` and `s` hold at least `count` numbers; `mean` is finite and `std` is a
  ///   finite number ≥ 0 (0 gives `mean`).
  mutating func fillGaussians(_ u: inout [Double], _ s: inout [Double], count: Int, mean: Double, std: Double) {
    requireGaussian(mean: mean, std: std)
    require(u.count >= count && s.count >= count, "fillGaussians: room for \(count) samples is needed")
    for k in 0..<count { (u[k], s[k]) = polarDraw() }
    u.withUnsafeMutableBufferPointer { u in
      s.withUnsafeBufferPointer { s in
        // A sample costs about what 256 of the blocks' multiply-adds do (a dozen divisions, a square root).
        splitAcrossProcessors(count, work: 256 * count) { part in
          for k in part { u[k] = polarSample(u: u[k], s: s[k], mean: mean, std: std) }
        }
      }
    }
  }
}
