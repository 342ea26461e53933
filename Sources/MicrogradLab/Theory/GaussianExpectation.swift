import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// Gaussian expectations E[f(√q·z)], z ~ N(0, 1): the one integral the mean-field theory
/// of deep networks is made of.
///
/// ## Method
/// We integrate in z, so the weight is always the standard normal density
/// ϕ(z) = e^(−z²/2)/√(2π) whatever the variance q:
///
///     E[f(√q·z)] = ∫ f(√q·z) · ϕ(z) dz.
///
/// 1. **Truncation.** The integral is taken over |z| ≤ 40: ϕ(40) ≈ 10⁻³⁴⁸ underflows, so
///    the tails contribute nothing a `Double` can hold for any activation that grows at
///    most polynomially (or like eˣ on one side, as ELU and SELU do for x > 0 — linearly).
/// 2. **Splitting.** [−40, 40] is cut at 0, ±2, ±4, ±8 (where ϕ changes scale) and at
///    every kink of f moved to z-space (k/√q), because a quadrature rule converges fast
///    only on pieces where the integrand is smooth. ReLU's integrand has a corner at 0;
///    on [−40, 0] and [0, 40] it is a polynomial times ϕ and the rule is exact to
///    rounding after a few subdivisions.
/// 3. **Adaptive Gauss–Kronrod 7–15.** Each piece is integrated with the 15-point Kronrod
///    rule; its embedded 7-point Gauss rule gives an error estimate |K₁₅ − G₇|. While the
///    estimates add up to more than the target, the piece with the largest one is halved
///    and both halves are integrated again — globally adaptive, like QUADPACK's `qag`
///    (Kronrod 1965; Piessens, de Doncker-Kapenga, Überhuber & Kahaner 1983, *QUADPACK*,
///    whose `qk15` nodes and weights are used here). A piece whose estimate is already at
///    the rounding noise of its values counts as exact: 1 − tanh²(x) for large x is such
///    noise, and halving it forever would never make it smoother.
///    The target is a total estimate of 10⁻¹⁴ of ∫|f(√q·z)|ϕ(z)dz (at most 400 pieces); |K₁₅ − G₇| overestimates the true error
///    of K₁₅ by orders of magnitude on smooth pieces, so the result is accurate to about
///    1e-13 relative (the tests check 1e-10 against 50-digit mpmath values).
public enum Gaussian {
  /// E[f(√q·z)] for z ~ N(0, 1), by the method above.
  ///
  /// - Parameters:
  ///   - q: the variance of the Gaussian argument, q ≥ 0. At q = 0 the result is f(0). At
  ///     q = +∞ (a variance that overflowed, as in an exploding network) it is the limit
  ///     (f(+∞) + f(−∞))/2 — half of z is positive, half negative — with f taken at ± the largest
  ///     `Double`, so that x·Φ(x) at −∞ is 0, not ∞·0: ∞ for an unbounded φ², 1 for tanh².
  ///   - kinks: points x (not z) where f or its derivative jumps, e.g. `Activation.kinks`.
  ///   - f: the function to average.
  /// - Returns: E[f(√q·z)] for z ~ N(0, 1).
  ///
  /// ```swift
  /// Gaussian.expectation(q: 1, kinks: [0]) { x in x > 0 ? x * x : 0 }   // 0.5 (ReLU², q/2)
  /// ```
  static func expectation(q: Double, kinks: [Double] = [], _ f: (Double) -> Double) -> Double {
    require(q >= 0, "Gaussian.expectation: q must be a variance ≥ 0 (got \(q))")
    if q == 0 { return f(0) }
    if q == .infinity { return (f(.greatestFiniteMagnitude) + f(-.greatestFiniteMagnitude)) / 2 }
    let s = q.squareRoot()
    let integrand: (Double) -> Double = { z in
      let weight = Math.inverseSqrtTwoPi * Math.exp(-0.5 * z * z)
      return weight == 0 ? 0 : f(s * z) * weight
    }

    var cuts: [Double] = [-GaussKronrod.truncation, -8, -4, -2, 0, 2, 4, 8, GaussKronrod.truncation]
    for k in kinks {
      let z = k / s
      if Swift.abs(z) < GaussKronrod.truncation { cuts.append(z) }
    }
    cuts.sort()

    var pieces: [GaussKronrod.Piece] = []
    for (a, b) in zip(cuts, cuts.dropFirst()) where b > a {
      pieces.append(GaussKronrod.Piece(integrand, a, b))
    }
    // Globally adaptive: halve the piece with the largest error estimate until the
    // estimates add up to 10⁻¹⁴ of ∫|f|ϕ (or a piece budget is spent).
    let scale = pieces.reduce(0.0) { $0 + $1.absoluteKronrod }
    let tolerance = 1e-14 * scale
    while pieces.count < GaussKronrod.maximumPieces {
      var worst = 0
      var totalError = 0.0
      for i in pieces.indices {
        totalError += pieces[i].error
        if pieces[i].error > pieces[worst].error { worst = i }
      }
      if totalError <= tolerance { break }
      let piece = pieces[worst]
      let middle = 0.5 * (piece.a + piece.b)
      pieces[worst] = GaussKronrod.Piece(integrand, piece.a, middle)
      pieces.append(GaussKronrod.Piece(integrand, middle, piece.b))
    }
    return pieces.reduce(0.0) { $0 + $1.kronrod }
  }
}

/// The 7-point Gauss / 15-point Kronrod pair on [−1, 1] (QUADPACK `qk15`).
enum GaussKronrod {
  /// The half-width of the z-interval that is integrated.
  static let truncation = 40.0
  /// Subdivision stops at this many pieces even if the estimate is still too large.
  static let maximumPieces = 400

  /// Kronrod nodes: ±xk[i], and 0 (the last one).
  static let nodes: [Double] = [
    0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
    0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
    0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
    0.207784955007898467600689403773245, 0.000000000000000000000000000000000,
  ]
  /// Kronrod weights for `nodes`.
  static let kronrodWeights: [Double] = [
    0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
    0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
    0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
    0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
  ]
  /// Gauss weights for the odd-indexed nodes 1, 3, 5 and 7 (the last is the center).
  static let gaussWeights: [Double] = [
    0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
    0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
  ]

  /// One piece [a, b] of the integration range with both rules applied.
  struct Piece {
    var a: Double
    var b: Double
    /// The 15-point estimate.
    var kronrod: Double
    /// The 15-point estimate of ∫|f|.
    var absoluteKronrod: Double
    /// |K₁₅ − G₇|, or 0 once it is down to the rounding noise of the piece (QUADPACK's
    /// round-off test does the same): halving further could not make it smaller.
    var error: Double

    /// Applies both rules on [a, b].
    init(_ f: (Double) -> Double, _ a: Double, _ b: Double) {
      let center = 0.5 * (a + b)
      let half = 0.5 * (b - a)
      let fc = f(center)
      var kronrod = kronrodWeights[7] * fc
      var gauss = gaussWeights[3] * fc
      var absolute = kronrodWeights[7] * Swift.abs(fc)
      for i in 0..<7 {
        let dx = half * nodes[i]
        let left = f(center - dx)
        let right = f(center + dx)
        kronrod += kronrodWeights[i] * (left + right)
        absolute += kronrodWeights[i] * (Swift.abs(left) + Swift.abs(right))
        if i % 2 == 1 { gauss += gaussWeights[i / 2] * (left + right) }
      }
      self.a = a
      self.b = b
      self.kronrod = kronrod * half
      self.absoluteKronrod = absolute * half
      let difference = Swift.abs(kronrod - gauss) * half
      self.error = difference <= 50 * Double.ulpOfOne * self.absoluteKronrod ? 0 : difference
    }
  }
}
