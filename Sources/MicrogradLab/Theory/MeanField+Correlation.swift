import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// Two inputs through the same deep network: does the network keep them apart?
///
/// At the length map's fixed point q*, two inputs whose pre-activations have correlation c
/// reach the next layer with correlation given by the **correlation map** (Poole et al. 2016,
/// eq. 5; Schoenholz et al. 2017, eq. 5):
///
///     c′ = (σw²·E[φ(u₁)φ(u₂)] + σb²) / q*,   u₁ = √q*·z₁,  u₂ = √q*·(c·z₁ + √(1 − c²)·z₂),
///
/// z₁, z₂ independent N(0, 1). c = 1 is always a fixed point. Its slope there is χ₁: in the
/// ordered phase (χ₁ < 1) every pair of inputs becomes identical with depth, c* = 1; in the
/// chaotic phase (χ₁ > 1) c = 1 repels and the correlations settle at a fixed point c* < 1.
/// Either way they approach c* like e^(−l/ξ_c), with
///
///     ξ_c = −1 / ln χ_c,   χ_c = σw²·E[φ′(u₁)φ′(u₂)] at (q*, c*)    (Schoenholz et al. 2017, eq. 9),
///
/// which is −1/ln χ₁ when c* = 1.
extension MeanField {
  /// One step of the correlation map at variance `q` (usually q*): the next layer's correlation.
  ///
  /// - Precondition: q > 0 and c in [−1, 1].
  func correlationMap(_ c: Double, q: Double) -> Double {
    require(q > 0, "MeanField.correlationMap: q must be > 0 (got \(q))")
    require(c >= -1 && c <= 1, "MeanField.correlationMap: c must be in [-1, 1] (got \(c))")
    return
      (weightVariance * jointExpectation(c: c, q: q) { activation.function($0) * activation.function($1) }
      + biasVariance) / q
  }

  /// The correlation fixed point at `point` and its depth scale: c* = 1 with χ_c = χ₁ when
  /// χ₁ ≤ 1; otherwise the stable c* < 1, found by the secant method on map(c) − c from
  /// c = 0 (the map's own iteration converges like χ_cˡ, slowly near the edge of chaos).
  func correlationFixedPoint(at point: FixedPoint) -> CorrelationFixedPoint {
    guard point.chi1 > 1 else {
      return CorrelationFixedPoint(c: 1, chiC: point.chi1)
    }
    var (c0, f0) = (0.0, correlationMap(0, q: point.q))
    var c = Swift.min(1 - 1e-9, f0)
    f0 -= c0
    for _ in 0..<60 {
      let f = correlationMap(c, q: point.q) - c
      if f == 0 || Swift.abs(c - c0) < 1e-14 { break }
      let next = c - f * (c - c0) / (f - f0)
      (c0, f0) = (c, f)
      c = Swift.min(1 - 1e-9, Swift.max(-1, next))
    }
    let chiC =
      weightVariance * jointExpectation(c: c, q: point.q) { activation.derivative($0) * activation.derivative($1) }
    return CorrelationFixedPoint(c: c, chiC: chiC)
  }

  /// E[f(u₁, u₂)] for u₁ = √q·z₁, u₂ = √q·(c·z₁ + √(1 − c²)·z₂): an outer Gaussian integral over
  /// u₁ of an inner one over the part of u₂ independent of u₁, both by `Gaussian.expectation`.
  func jointExpectation(c: Double, q: Double, _ f: (Double, Double) -> Double) -> Double {
    let kinks = activation.kinks
    let innerVariance = Swift.max(0, q * (1 - c * c))
    return Gaussian.expectation(q: q, kinks: kinks) { u1 in
      let mean = c * u1
      return Gaussian.expectation(q: innerVariance, kinks: kinks.map { $0 - mean }) { y in f(u1, mean + y) }
    }
  }
}

/// Where the correlation between two inputs settles, and how fast (`MeanField.correlationFixedPoint`).
struct CorrelationFixedPoint: Sendable, Hashable {
  /// c*, the correlation of two inputs' pre-activations deep in the network (1: they become one).
  var c: Double
  /// χ_c = σw²·E[φ′(u₁)φ′(u₂)] at c*: the slope of the correlation map there.
  var chiC: Double

  /// ξ_c = −1/ln χ_c (Schoenholz et al. 2017, eq. 9): the correlation approaches c* like
  /// e^(−l/ξ_c). Nil when χ_c = 1 (the edge of chaos, where it approaches as a power of l).
  var depthScale: Double? {
    chiC > 0 && chiC != 1 ? Swift.abs(1 / Math.log(chiC)) : nil
  }
}
