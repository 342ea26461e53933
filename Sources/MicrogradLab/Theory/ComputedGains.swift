import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// Initialization gains for any activation, computed from the mean-field theory instead
/// of looked up in a table — and PyTorch's table explained with the same numbers.
///
/// A gain g means weights with variance g²/N (`xavierNormal(gain: g)` on square layers,
/// σw = g in `MeanField`), no bias. Three principled choices:
/// - **variance-preserving**: g²·E[φ(z)²] = 1, so inputs of variance 1 give next-layer
///   pre-activations of variance 1 (the argument behind Glorot & Bengio 2010 and He et
///   al. 2015; for ReLU it gives He's √2);
/// - **gradient-preserving**: g²·E[φ′(z)²] = 1, so χ₁ = 1 *at q = 1* (backward version of
///   the same argument; Kumar 2017 argues from φ′(0) and finds 1 for tanh);
/// - **critical**: χ₁ = 1 at the fixed point q* the network actually settles into
///   (Schoenholz et al. 2017's edge of chaos with σb = 0), which is what keeps gradients
///   flat over *many* layers. It exists only for some activations (see `CriticalGain`).
///
/// ```swift
/// let gains = ComputedGains(for: .tanh)
/// gains.pytorch?.fixedPoint?.postActivationStd   // 0.651: why 5/3 gives ~0.65…
/// gains.pytorch?.fixedPoint?.chi1                 // 1.21: …and gradients that grow 1.1× per layer
/// ```
public struct ComputedGains: Sendable, Hashable {
  /// The activation.
  var activation: Activation

  /// The three gains of `activation` and PyTorch's, each with what it does to a deep network.
  public init(for activation: Activation) {
    self.activation = activation
    pytorch = (try? calculateGain(activation)).map { GainReport(activation: activation, gain: $0) }
    variancePreserving = GainReport(activation: activation, gain: 1 / activation.gaussianSquare(q: 1).squareRoot())
    gradientPreserving = GainReport(
      activation: activation, gain: 1 / activation.gaussianDerivativeSquare(q: 1).squareRoot())
    critical = criticalGain(for: activation)
  }

  /// PyTorch's `calculate_gain` and its consequences; nil where PyTorch has no gain.
  public var pytorch: GainReport?
  /// g with g²·E[φ(z)²] = 1.
  public var variancePreserving: GainReport
  /// g with g²·E[φ′(z)²] = 1.
  public var gradientPreserving: GainReport
  /// g with χ₁ = 1 at a non-trivial fixed point, when there is one.
  public var critical: CriticalGain
}

/// One gain and where the length map takes a network initialized with it (input
/// variance 1, no bias, up to 1000 layers).
public struct GainReport: Sendable, Hashable {
  /// The gain g (σw).
  public var gain: Double
  /// What the variance does over depth.
  public var verdict: LengthMapVerdict

  /// Iterates the length map for this activation and gain.
  init(activation: Activation, gain: Double) {
    self.gain = gain
    self.verdict = MeanField(activation: activation, gain: gain).verdict()
  }

  /// The fixed point reached, if the verdict is `.converges`.
  public var fixedPoint: FixedPoint? {
    if case .converges(let point, _) = verdict { return point }
    return nil
  }
}

/// The gain that puts a bias-free network at the edge of chaos, χ₁(q*) = 1.
public enum CriticalGain: Sendable, Hashable {
  /// χ₁ = 1 at this gain, at the non-trivial fixed point given.
  case gain(Double, FixedPoint)
  /// χ₁ → 1 only as the gain tends to this value, where q* → 0 and the signal dies: the
  /// limit is not a usable initialization (tanh and softsign: gain 1).
  case onlyInTheLimit(gain: Double, reason: String)
  /// No gain in the searched range gives χ₁ = 1 at a non-trivial fixed point.
  case none(reason: String)

  /// The critical gain, or nil when there is none (also in the limit case).
  public var value: Double? {
    if case .gain(let g, _) = self { return g }
    return nil
  }
}

/// Finds g with χ₁(q*(g)) = 1 (σb = 0).
///
/// - Positively homogeneous φ: every q is a fixed point when g²·E[φ(z)²] = 1 and none
///   otherwise, and there χ₁ = E[φ′²]/E[φ²] (1 for ReLU, leaky ReLU, identity).
/// - Otherwise: g on a grid 2^(k/4) from 1/4 to 32; where two neighbours both converge to
///   q* > 10⁻⁸ with χ₁ − 1 of opposite signs, bisection (40 steps, each a fixed point
///   found from the previous one).
/// - If no sign change is found and φ(0) = 0, q = 0 is a fixed point that loses
///   stability at g₀ = 1/√((φ′(0⁻)² + φ′(0⁺)²)/2); if the non-trivial fixed points are born there,
///   χ₁ → 1 as g → g₀ (`.onlyInTheLimit`).
func criticalGain(for activation: Activation) -> CriticalGain {
  if activation.isPositivelyHomogeneous {
    let g = 1 / activation.gaussianSquare(q: 1).squareRoot()
    let field = MeanField(activation: activation, gain: g)
    let point = field.fixedPoint(at: 1)
    if Swift.abs(point.chi1 - 1) < 1e-9 { return .gain(g, point) }
    return .none(
      reason:
        "a homogeneous activation has non-trivial fixed points only at gain \(formatted(g, significant: 4)), where χ₁ = \(formatted(point.chi1, significant: 4))"
    )
  }

  func excess(_ g: Double, from q: Double = 1) -> (Double, FixedPoint)? {
    let field = MeanField(activation: activation, gain: g)
    guard let point = field.fixedPoint(inputVariance: q / (g * g)), point.q > 1e-8 else { return nil }
    return (point.chi1 - 1, point)
  }

  let grid = (-8...20).map { Math.pow(2, Double($0) / 4) }
  var previous: (g: Double, excess: Double, point: FixedPoint)?
  var signs: Set<Bool> = []
  for g in grid {
    guard let (e, point) = excess(g) else {
      previous = nil
      continue
    }
    signs.insert(e > 0)
    if let p = previous, (p.excess > 0) != (e > 0) {
      var (lo, hi, loExcess) = (p.g, g, p.excess)
      var best = point
      for _ in 0..<40 {
        let mid = 0.5 * (lo + hi)
        guard let (m, midPoint) = excess(mid, from: best.q) else { break }
        best = midPoint
        if (m > 0) == (loExcess > 0) { (lo, loExcess) = (mid, m) } else { hi = mid }
      }
      return .gain(0.5 * (lo + hi), best)
    }
    previous = (g, e, point)
  }

  if signs.isEmpty {
    return .none(
      reason: "no gain from 0.25 to 32 leads to a non-trivial fixed point: the variance collapses, explodes or drifts")
  }
  let side = signs == [true] ? "above" : "below"
  if activation.function(0) == 0 {
    // E[φ′(√q·z)²] as q → 0: the mean of the squared slopes on either side of 0.
    let right = activation.derivative(Double.leastNonzeroMagnitude)
    let left = activation.derivative(-Double.leastNonzeroMagnitude)
    let g0 = 1 / (0.5 * (right * right + left * left)).squareRoot()
    // Just above g₀ the fixed point is tiny and the length map approaches it slowly: start there.
    let nearby = [1e-4, 1e-3, 1e-2, 1].lazy.compactMap { excess(g0 * 1.01, from: $0) }.first
    if let (e, point) = nearby, point.q < 0.1, Swift.abs(e) < 0.05 {
      return .onlyInTheLimit(
        gain: g0,
        reason:
          "χ₁ is \(side) 1 at every non-trivial fixed point; it tends to 1 only as the gain tends to \(formatted(g0, significant: 4)), where q* → 0 and the signal dies out"
      )
    }
  }
  return .none(reason: "χ₁ stays \(side) 1 at every non-trivial fixed point reached for gains 0.25 to 32")
}
