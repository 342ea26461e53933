import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// How fast gradients grow toward the input of a deep batch-normalized network at
/// initialization: the result of Yang, Pennington, Rao, Sohl-Dickstein & Schoenholz 2019,
/// "A Mean Field Theory of Batch Normalization" (ICLR), for blocks Linear → BatchNorm1d → φ.
///
/// The paper shows that in such a network gradients explode exponentially with depth whatever
/// the weights' gain and whatever φ, at a rate that for ReLU tends to π/(π − 1) ≈ 1.467 per
/// layer (on the squared gradient) as the batch grows, and that moves toward 1 in the linear
/// regime. Its proofs (Gegenbauer expansions) are long; here is the same mean-field
/// computation written out directly (our derivation, with the paper's assumptions: infinite
/// width, forward statistics at the permutation-symmetric fixed point, and backward weights
/// independent of the forward ones):
///
/// - Forward. BatchNorm1d's output for one feature over the batch is y = √B·u, with u a
///   uniformly random unit vector among those whose entries sum to 0 (a sphere of dimension
///   B − 2): batch normalization removes the gain, so σw never appears.
/// - Backward. BatchNorm1d passes g ↦ (1/σ)(P − ûûᵀ)g, where P = I − 11ᵀ/B centers and σ² is
///   the batch variance of the pre-activation, σw²·a·χ²(B−1)/B; E[1/χ²(B−1)] = 1/(B − 3).
///
/// Together they give the factor by which E[g²] grows per layer toward the input:
///
///     λ = E[ tr(PDPD) − ‖PDu‖² ] / ( (B − 3) · E[Var_batch φ(γ√B·u)] ),   D = diag(γ·φ′(γ√B·u))
///
/// with γ BatchNorm1d's scale (1 at initialization). The mean |gradient| grows by √λ per layer.
/// Three checks on the formula: φ linear gives exactly (B − 2)/(B − 3); B → ∞ gives
/// γ²E[φ′(γz)²]/Var[φ(γz)], which is π/(π − 1) for ReLU, the paper's limit; and that ratio is
/// ≥ 1 for every φ, with equality only for linear φ (the Gaussian Poincaré inequality), so no
/// choice of activation removes the explosion — only a small γ, where φ is nearly linear,
/// tames it. It needs B ≥ 4: for smaller batches E[1/σ²] is infinite.
///
/// ```swift
/// let relu = BatchNormGradients(activation: .relu, batch: 32)
/// relu.rate().value            // ≈ 1.52 (E[g²] per layer); √ of it ≈ 1.233 for |grad|
/// relu.largeBatchRate          // π/(π − 1) ≈ 1.467
/// ```
public struct BatchNormGradients: Sendable, Hashable {
  /// φ, applied after BatchNorm1d.
  var activation: Activation
  /// B, the number of samples in the batch (at least 4).
  var batch: Int
  /// BatchNorm1d's γ at initialization (PyTorch's default is 1); φ sees γ·ŷ.
  var gamma: Double

  /// The theory for blocks Linear → BatchNorm1d(γ) → φ on batches of `batch` samples.
  public init(activation: Activation, batch: Int, gamma: Double = 1) {
    require(batch >= 4, "BatchNormGradients: batch must be at least 4, where E[1/σ²] is finite (got \(batch))")
    require(gamma > 0 && gamma.isFinite, "BatchNormGradients: gamma must be a positive number (got \(gamma))")
    self.activation = activation
    self.batch = batch
    self.gamma = gamma
  }

  /// A Monte Carlo estimate and its standard error.
  public struct Estimate: Sendable, Hashable {
    /// The estimate.
    public var value: Double
    /// Its standard error (the delta method for a ratio of two means).
    public var standardError: Double
  }

  /// λ, the factor by which E[g²] grows per layer toward the input, estimated from `samples`
  /// random directions u (the formula above).
  public func rate(samples: Int = 20_000, seed: UInt64 = 0) -> Estimate {
    require(samples >= 2, "BatchNormGradients.rate: samples must be at least 2 (got \(samples))")
    var rng = SplitMix64(seed: seed)
    let b = Double(batch)
    var (sumN, sumV, sumNN, sumVV, sumNV) = (0.0, 0.0, 0.0, 0.0, 0.0)
    var u = [Double](repeating: 0, count: batch)
    for _ in 0..<samples {
      // u: a Gaussian vector, centered, scaled to length 1.
      for i in 0..<batch { u[i] = rng.gaussian() }
      let mean = u.mean
      var length = 0.0
      for i in 0..<batch {
        u[i] -= mean
        length += u[i] * u[i]
      }
      length = length.squareRoot()
      var (sumD, sumD2, sumDU, sumDU2, sumH, sumH2) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
      for i in 0..<batch {
        u[i] /= length
        let x = gamma * b.squareRoot() * u[i]
        let d = gamma * activation.derivative(x), h = activation.function(x)
        (sumD, sumD2, sumDU, sumDU2) = (sumD + d, sumD2 + d * d, sumDU + d * u[i], sumDU2 + d * d * u[i] * u[i])
        (sumH, sumH2) = (sumH + h, sumH2 + h * h)
      }
      // tr(PDPD) = Σd²(1 − 2/B) + (Σd)²/B², ‖PDu‖² = Σ(du)² − (Σdu)²/B, Var_batch φ = E[h²] − E[h]².
      let n = sumD2 * (1 - 2 / b) + sumD * sumD / (b * b) - (sumDU2 - sumDU * sumDU / b)
      let v = sumH2 / b - (sumH / b) * (sumH / b)
      (sumN, sumV, sumNN, sumVV, sumNV) = (sumN + n, sumV + v, sumNN + n * n, sumVV + v * v, sumNV + n * v)
    }
    let m = Double(samples)
    let (meanN, meanV) = (sumN / m, sumV / m)
    let ratio = meanN / ((b - 3) * meanV)
    let (varN, varV) = (sumNN / m - meanN * meanN, sumVV / m - meanV * meanV)
    let cov = sumNV / m - meanN * meanV
    let relative = (varN / (meanN * meanN) + varV / (meanV * meanV) - 2 * cov / (meanN * meanV)) / m
    return Estimate(value: ratio, standardError: ratio * Swift.max(0, relative).squareRoot())
  }

  /// λ as B → ∞: γ²·E[φ′(γz)²] / Var[φ(γz)], z ~ N(0, 1), by quadrature. ReLU: π/(π − 1).
  public var largeBatchRate: Double {
    let q = gamma * gamma
    let mean = activation.gaussianMean(q: q)
    return q * activation.gaussianDerivativeSquare(q: q) / (activation.gaussianSquare(q: q) - mean * mean)
  }

  /// λ for a linear network (φ the identity): (B − 2)/(B − 3), exactly, whatever γ.
  public static func linearRate(batch: Int) -> Double {
    require(batch >= 4, "BatchNormGradients.linearRate: batch must be at least 4 (got \(batch))")
    return Double(batch - 2) / Double(batch - 3)
  }

  /// π/(π − 1) ≈ 1.467: the paper's rate for ReLU as the batch grows without bound.
  public static let reluLargeBatchLimit = Double.pi / (Double.pi - 1)
}
