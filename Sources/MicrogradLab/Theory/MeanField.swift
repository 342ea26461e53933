import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// Mean-field signal propagation through a deep, wide, randomly initialized network
/// (Poole, Lahiri, Raghu, Sohl-Dickstein & Ganguli 2016, "Exponential expressivity in deep
/// neural networks through transient chaos"; Schoenholz, Gilmer, Ganguli &
/// Sohl-Dickstein 2017, "Deep Information Propagation").
///
/// The network: layers of width N, weights drawn from N(0, σw²/N), biases from N(0, σb²),
/// hᵢ⁽ˡ⁾ = Σⱼ wᵢⱼ φ(hⱼ⁽ˡ⁻¹⁾) + bᵢ. When N is large, each pre-activation is a sum of many
/// independent terms, hence Gaussian with variance q(l) that obeys the **length map**
///
///     q(l) = σw² · E[φ(√q(l−1) · z)²] + σb²,     z ~ N(0, 1).
///
/// `xavierNormal(gain: g)` on a square layer gives Var(w) = g²/N, i.e. σw² = g²: in this
/// notation the gain *is* σw.
///
/// ```swift
/// let tanh53 = MeanField(activation: .tanh, gain: 5.0 / 3)
/// tanh53.verdict()            // converges: q* ≈ 1.18, post-activation std ≈ 0.651, χ₁ ≈ 1.21
/// ```
public struct MeanField: Sendable, Hashable {
  /// The nonlinearity φ.
  var activation: Activation
  /// σw²: N times the variance of a weight.
  var weightVariance: Double
  /// σb²: the variance of a bias (0 for the forum experiment's bias-free layers).
  var biasVariance: Double

  /// A network whose weights have variance σw²/N and biases variance σb².
  init(activation: Activation, weightVariance: Double, biasVariance: Double = 0) {
    require(
      weightVariance >= 0 && weightVariance.isFinite,
      "MeanField: weightVariance must be finite and ≥ 0 (got \(weightVariance))")
    require(
      biasVariance >= 0 && biasVariance.isFinite, "MeanField: biasVariance must be finite and ≥ 0 (got \(biasVariance))"
    )
    self.activation = activation
    self.weightVariance = weightVariance
    self.biasVariance = biasVariance
  }

  /// A network initialized like `xavierNormal(gain:)` on square layers (σw = gain), with
  /// bias standard deviation σb (0: no bias).
  public init(activation: Activation, gain: Double, biasStd: Double = 0) {
    self.init(activation: activation, weightVariance: gain * gain, biasVariance: biasStd * biasStd)
  }

  // MARK: - The length map

  /// One layer of the length map: q ↦ σw²·E[φ(√q·z)²] + σb².
  func lengthMap(_ q: Double) -> Double {
    weightVariance * activation.gaussianSquare(q: q) + biasVariance
  }

  /// The slope dq(l)/dq(l−1) of the length map at q.
  ///
  /// Schoenholz et al. write it σw²·E[φ′² + φ·φ″]. We use the equivalent form from
  /// Stein's lemma (E[z·g(z)] = E[g′(z)]), which needs no second derivative and stays
  /// exact for kinked φ:
  ///
  ///     d/dq E[φ(√q·z)²] = E[z · φ(√q·z) · φ′(√q·z)] / √q.
  func lengthMapSlope(at q: Double) -> Double {
    require(q > 0, "MeanField.lengthMapSlope: q must be > 0 (got \(q))")
    if q == .infinity { return .nan }  // the variance overflowed: no slope to speak of
    let s = q.squareRoot()
    let e = Gaussian.expectation(q: q, kinks: activation.kinks) { x in
      (x / s) * activation.function(x) * activation.derivative(x)
    }
    return weightVariance * e / s
  }

  /// For positively homogeneous φ (identity, ReLU, leaky ReLU): the exact factor
  /// σw²·E[φ(z)²] by which every layer multiplies the variance (when σb = 0; with a bias
  /// the map is q ↦ factor·q + σb²). ReLU: σw²/2, so gain √2 keeps the variance.
  /// Nil for other activations, whose factor depends on q.
  var perLayerFactor: Double? {
    activation.isPositivelyHomogeneous ? weightVariance * activation.gaussianSquare(q: 1) : nil
  }

  /// The pre-activation variances q(1), …, q(layers) of a network whose input has
  /// second moment `inputVariance` (E[x²], 1 for standard normal inputs):
  /// q(1) = σw²·inputVariance + σb², then the length map. A variance that outgrows a
  /// `Double` (ReLU at gain 2.5 beyond layer ~600) is +∞ from that layer on: an explosion is
  /// a result (`verdict` names the layer).
  public func lengths(inputVariance: Double = 1, layers: Int) -> [Double] {
    lengthsAndSquares(inputVariance: inputVariance, layers: layers).lengths
  }

  /// `lengths` and E[φ²] at each of them, every E[φ²] computed once: it gives the next
  /// length (`lengthMap`) and the layer's output std (`postActivationStd`).
  func lengthsAndSquares(inputVariance: Double, layers: Int) -> (lengths: [Double], squares: [Double]) {
    require(layers >= 1, "MeanField.lengths: layers must be at least 1 (got \(layers))")
    var q = weightVariance * inputVariance + biasVariance
    var (lengths, squares) = ([q], [Double]())
    while true {
      let square = activation.gaussianSquare(q: q)
      squares.append(square)
      if lengths.count == layers { break }
      let next = weightVariance * square + biasVariance  // lengthMap(q)
      if next == q {  // exactly at a fixed point: every later layer repeats it
        lengths += repeatElement(q, count: layers - lengths.count)
        squares += repeatElement(square, count: layers - squares.count)
        break
      }
      q = next
      lengths.append(q)
    }
    return (lengths, squares)
  }

  /// The standard deviation of a layer's outputs φ(h), h ~ N(0, q), over units and
  /// samples: √(E[φ²] − E[φ]²) — what `tensor.std()` measures. (For odd φ such as tanh
  /// it equals the root mean square √E[φ²]; for sigmoid, whose outputs average ½, it
  /// does not.)
  public func postActivationStd(q: Double) -> Double {
    postActivationStd(q: q, square: activation.gaussianSquare(q: q))
  }

  /// `postActivationStd(q:)` when E[φ²] at q is known.
  func postActivationStd(q: Double, square: Double) -> Double {
    if square == .infinity { return .infinity }  // an exploded layer: its mean cannot cancel it
    let mean = activation.gaussianMean(q: q)
    return Swift.max(0, square - mean * mean).squareRoot()
  }

  // MARK: - Gradients

  /// χ₁ = σw²·E[φ′(√q·z)²]: the factor by which one layer multiplies the second moment
  /// E[g²] of the gradient flowing backward through it (Schoenholz et al. 2017, eq. 9;
  /// Poole et al. 2016 use it as the stretch of a small perturbation).
  ///
  /// Backward through a layer, g⁽ˡ⁻¹⁾ = Wᵀ(φ′(h⁽ˡ⁾) ⊙ g⁽ˡ⁾); treating W as independent of
  /// the forward pass, E[(g⁽ˡ⁻¹⁾)²] = σw²·E[φ′²]·E[(g⁽ˡ⁾)²] = χ₁·E[(g⁽ˡ⁾)²].
  /// χ₁ > 1: gradients explode toward the input; χ₁ < 1: they vanish; χ₁ = 1: the edge of chaos.
  func chi1(q: Double) -> Double {
    weightVariance * activation.gaussianDerivativeSquare(q: q)
  }

  /// The predicted second moments E[g²] of the gradient of `sum(outputs)` with respect to
  /// the outputs of layers 0 (the input), 1, …, `layers` (the last, where g = 1 exactly):
  /// E[g(l−1)²] = χ₁(q(l))·E[g(l)²].
  ///
  /// The mean absolute gradient is √(2/π)·√E[g²] for the Gaussian gradients of layers
  /// below the last; so *mean |grad| changes by √χ₁ per layer*, not χ₁.
  func gradientSecondMoments(inputVariance: Double = 1, layers: Int) -> [Double] {
    gradientSecondMoments(lengths: lengths(inputVariance: inputVariance, layers: layers))
  }

  /// `gradientSecondMoments` from the pre-activation variances q(1), …, q(L) (`lengths`),
  /// computing χ₁ once for each run of equal q (a converged net repeats q* for many layers).
  func gradientSecondMoments(lengths qs: [Double]) -> [Double] {
    var moments = [Double](repeating: 1, count: qs.count + 1)
    var chi = (q: Double.nan, value: Double.nan)
    for l in stride(from: qs.count, through: 1, by: -1) {
      if qs[l - 1] != chi.q { chi = (qs[l - 1], chi1(q: qs[l - 1])) }
      moments[l - 1] = chi.value * moments[l]
    }
    return moments
  }

  // MARK: - Fixed points and verdicts

  /// The statistics of the fixed point q* (assumed to be one): post-activation mean,
  /// RMS and std, χ₁, the slope of the length map and the depth scales.
  func fixedPoint(at q: Double) -> FixedPoint {
    let mean = activation.gaussianMean(q: q)
    let square = activation.gaussianSquare(q: q)
    return FixedPoint(
      q: q, postActivationMean: mean, postActivationRMS: square.squareRoot(),
      postActivationStd: Swift.max(0, square - mean * mean).squareRoot(),
      chi1: chi1(q: q), lengthMapSlope: q > 0 ? lengthMapSlope(at: q) : .nan)
  }

  /// Iterates the length map from `inputVariance` for up to `maxLayers` layers and says
  /// what the variance does:
  /// - `.converges` when a layer changes q by less than 10⁻⁶ relative and Newton's method
  ///   on q = L(q) then finds the fixed point to 10⁻¹³ (or the change is below 10⁻¹²);
  /// - `.collapses` when q falls below 10⁻²⁰ (activations of size 10⁻¹⁰);
  /// - `.explodes` when q exceeds 10²⁰ or stops being finite;
  /// - `.drifts` when none of these happened after `maxLayers` layers: q is still moving,
  ///   e.g. creeping toward 0 like 1/l (tanh at gain 1, where 0 is a marginal fixed point).
  public func verdict(inputVariance: Double = 1, maxLayers: Int = 1000) -> LengthMapVerdict {
    require(maxLayers >= 1, "MeanField.verdict: maxLayers must be at least 1 (got \(maxLayers))")
    var q = weightVariance * inputVariance + biasVariance
    var change = 0.0
    for layer in 1...maxLayers {
      if !q.isFinite || q > 1e20 { return .explodes(layers: layer) }
      if q < 1e-20 { return .collapses(layers: layer) }
      let next = lengthMap(q)
      change = (next - q) / q
      if Swift.abs(change) <= 1e-12 { return .converges(fixedPoint(at: next), layers: layer) }
      if Swift.abs(change) <= 1e-6, let star = newtonFixedPoint(from: next) {
        return .converges(fixedPoint(at: star), layers: layer)
      }
      q = next
    }
    return .drifts(q: q, relativeChangePerLayer: change, layers: maxLayers)
  }

  /// The fixed point the length map reaches from `inputVariance`, or nil if it collapses,
  /// explodes or drifts (see `verdict(inputVariance:maxLayers:)`).
  public func fixedPoint(inputVariance: Double = 1, maxLayers: Int = 1000) -> FixedPoint? {
    if case .converges(let point, _) = verdict(inputVariance: inputVariance, maxLayers: maxLayers) {
      return point
    }
    return nil
  }

  /// Newton's method on F(q) = L(q) − q, F′(q) = L′(q) − 1, from a point already close to
  /// a fixed point. Nil if it does not settle within 30 steps on a positive q near the start.
  func newtonFixedPoint(from start: Double) -> Double? {
    var q = start
    for _ in 0..<30 {
      let residual = lengthMap(q) - q
      if Swift.abs(residual) <= 1e-13 * q { return q }
      let slope = lengthMapSlope(at: q) - 1
      if slope == 0 { return nil }
      let next = q - residual / slope
      if !(next > 0) || Swift.abs(next - start) > 1e-2 * start { return nil }
      q = next
    }
    return nil
  }
}

/// What the length map does to the variance over many layers.
public enum LengthMapVerdict: Sendable, Hashable {
  /// q settles at a fixed point q* > 0 (reached, to numerical precision, after `layers`).
  case converges(FixedPoint, layers: Int)
  /// q falls to 0: the signal dies (below 10⁻²⁰ after `layers`).
  case collapses(layers: Int)
  /// q grows without bound (above 10²⁰ after `layers`).
  case explodes(layers: Int)
  /// q is still moving after `layers`: its last value and relative change per layer
  /// (negative: shrinking).
  case drifts(q: Double, relativeChangePerLayer: Double, layers: Int)
}

extension LengthMapVerdict: CustomStringConvertible {
  /// "converges to q* = 1.178 (std 0.6513, χ₁ = 1.21) in 17 layers" (tanh at gain 5/3),
  /// "collapses to 0 (q < 1e-20 after 37 layers)", ….
  public var description: String {
    switch self {
    case .converges(let p, let layers):
      "converges to q* = \(formatted(p.q, significant: 4)) (std \(formatted(p.postActivationStd, significant: 4)), χ₁ = \(formatted(p.chi1, significant: 4))) in \(layers) layers"
    case .collapses(let layers): "collapses to 0 (q < 1e-20 after \(layers) layers)"
    case .explodes(let layers): "explodes (q > 1e20 after \(layers) layers)"
    case .drifts(let q, let change, let layers):
      "drifts \(change < 0 ? "toward 0" : "upward") (q = \(formatted(q, significant: 4)) after \(layers) layers, still changing \(formatted(change * 100, significant: 2))% per layer)"
    }
  }
}

/// A fixed point q* = σw²·E[φ(√q*·z)²] + σb² of the length map and what it predicts.
public struct FixedPoint: Sendable, Hashable {
  /// q*, the stable variance of the pre-activations.
  public var q: Double
  /// E[φ(√q*·z)]: the mean of the layer outputs.
  var postActivationMean: Double
  /// √E[φ(√q*·z)²]: their root mean square.
  var postActivationRMS: Double
  /// √(E[φ²] − E[φ]²): their standard deviation, what `tensor.std()` measures.
  public var postActivationStd: Double
  /// χ₁ = σw²·E[φ′(√q*·z)²]: per-layer factor of the gradient's second moment.
  public var chi1: Double
  /// L′(q*) = σw²·E[φ′² + φφ″], the slope of the length map: how fast q approaches q*.
  var lengthMapSlope: Double

  /// ξ_q = −1/ln L′(q*) (Schoenholz et al. 2017, eq. 6): a perturbation of the variance
  /// decays like e^(−l/ξ_q). Nil unless 0 < L′(q*) < 1 (at L′ = 1, as for ReLU at gain
  /// √2 where every q is a fixed point, the variance never returns).
  var depthScaleQ: Double? {
    lengthMapSlope > 0 && lengthMapSlope < 1 ? -1 / Math.log(lengthMapSlope) : nil
  }

  /// ξ_∇ = −1/ln χ₁ (Schoenholz et al. 2017, section 5): E[g²] scales like e^(−l/ξ_∇)
  /// going backward. Positive: vanishing gradients (one e-fold every ξ_∇ layers);
  /// negative: exploding; infinite at χ₁ = 1.
  var gradientDepthScale: Double { -1 / Math.log(chi1) }
}
