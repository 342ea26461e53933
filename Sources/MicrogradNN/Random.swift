import MicrogradEngine
import MicrogradSupport

/// Seeded randomness that gives bit-identical results on every run and platform.
///
/// Swift's `Double.random(in:using:)` is not promised to turn random bits into the same
/// doubles across Swift versions, and libm's `log`, `sin` and `cos` may differ in the last
/// bit between platforms. So we make doubles from bits ourselves, and sample Gaussians
/// with a method that needs only `+ − × ÷` and `squareRoot()` (all correctly rounded by
/// IEEE 754) and a logarithm written here in the same operations.

/// SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators";
/// the constants of Vigna's reference `splitmix64.c`): a tiny, fast generator with a
/// 64-bit state, good enough for initializing weights and drawing data sets.
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// let w = rng.gaussian()          // the same number on every machine
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
  /// The generator's whole state.
  @usableFromInline var state: UInt64

  /// A generator that starts from `seed`.
  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  @inlinable public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

extension RandomNumberGenerator {
  /// A uniform double in [0, 1): the top 53 bits of `next()` times 2⁻⁵³, so every
  /// multiple of 2⁻⁵³ in [0, 1) is equally likely.
  @inlinable mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// A uniform double in [a, b): a + (b − a)·u.
  ///
  /// - Precondition: a and b are finite and a ≤ b (a = b gives a).
  @inlinable public mutating func uniform(_ a: Double, _ b: Double) -> Double {
    require(a.isFinite && b.isFinite, "uniform(a, b): a and b must be finite numbers (got \(a) and \(b))")
    require(a <= b, "uniform(a, b): a must not exceed b (got a = \(a), b = \(b))")
    return a + (b - a) * uniform()
  }

  /// A sample of N(mean, std²) by Marsaglia's polar method (Marsaglia & Bray 1964):
  /// draw (u, v) uniform in the square [−1, 1)², keep it if s = u² + v² is in (0, 1),
  /// and return mean + std · u·√(−2 ln s / s). (The second sample, v·√(…), is discarded
  /// so that the generator carries no hidden state.)
  ///
  /// - Precondition: `mean` is finite and `std` is a finite number ≥ 0 (0 gives `mean`).
  @inlinable public mutating func gaussian(mean: Double = 0, std: Double = 1) -> Double {
    requireGaussian(mean: mean, std: std)
    let (u, s) = polarDraw()
    return polarSample(u: u, s: s, mean: mean, std: std)
  }

  /// The draw of Marsaglia's polar method: (u, v) uniform in [−1, 1)² until s = u² + v² is in
  /// (0, 1). Returns u and s.
  @inlinable mutating func polarDraw() -> (u: Double, s: Double) {
    while true {
      let u = 2 * uniform() - 1
      let v = 2 * uniform() - 1
      let s = u * u + v * v
      if s > 0 && s < 1 { return (u, s) }
    }
  }
}

/// Stops with a message unless `mean` is finite and `std` is a finite number ≥ 0: the domain of
/// `gaussian(mean:std:)` and of the bulk draws.
@inlinable func requireGaussian(mean: Double, std: Double) {
  require(mean.isFinite, "gaussian: mean must be a finite number (got \(mean))")
  require(std.isFinite && std >= 0, "gaussian: std must be a finite number ≥ 0 (got \(std))")
}

/// The polar method's sample from its draw: mean + std · u·√(−2 ln s / s).
@inlinable func polarSample(u: Double, s: Double, mean: Double, std: Double) -> Double {
  mean + std * u * (-2 * portableLog(s) / s).squareRoot()
}

/// ln(x) for 0 < x ≤ 1 with only IEEE-exact operations, so that Gaussian samples are
/// bit-identical on every platform: x = m·2ᵉ with m ∈ [√½, √2), and
/// ln m = 2·atanh(r) = 2(r + r³/3 + r⁵/5 + …) with |r| = |m − 1|/(m + 1) < 0.172.
/// Accurate to a few units in the last place, which is plenty for sampling.
@usableFromInline func portableLog(_ x: Double) -> Double {
  var e = Double(x.exponent)
  var m = x.significand  // in [1, 2)
  if m > 1.4142135623730951 {  // keep m near 1 so that ln m has no cancellation
    m /= 2
    e += 1
  }
  let r = (m - 1) / (m + 1)
  let r2 = r * r
  var term = r
  var sum = 0.0
  var k = 1.0
  while true {
    let next = sum + term / k
    if next == sum { break }
    sum = next
    term *= r2
    k += 2
  }
  return 2 * sum + e * 0.693147180559945309417232121458176568
}

/// A random permutation of 0..<n (a Fisher–Yates shuffle driven by `uniform()`, so the
/// order depends only on the generator's bits, never on the Swift version).
func permutation(_ n: Int, using rng: inout some RandomNumberGenerator) -> [Int] {
  var order = Array(0..<n)
  var i = n - 1
  while i > 0 {
    let j = min(i, Int(rng.uniform() * Double(i + 1)))
    order.swapAt(i, j)
    i -= 1
  }
  return order
}
