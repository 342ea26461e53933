import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// The length map of a residual stream, x⁽ˡ⁾ = x⁽ˡ⁻¹⁾ + α·φ(W x⁽ˡ⁻¹⁾ + b) without normalization
/// (the mean-field theory of residual networks: Yang & Schoenholz 2017, "Mean Field Residual
/// Networks: On the Edge of Chaos"; the same Gaussian averages as `MeanField`, with the stream added).
///
/// For a wide layer the branch's fluctuations are uncorrelated with the stream's, but its *mean*
/// is not: every block adds α·E[φ] to every unit, so the stream's mean μ grows and meets the
/// branch's mean in the cross term. With q = E[x²] and μ = E[x], the branch's pre-activation
/// has variance σw²·q + σb² = v, and
///
///     q(l) = q(l−1) + α²·E[φ(√v·z)²] + 2α·μ(l−1)·E[φ(√v·z)],     μ(l) = μ(l−1) + α·E[φ(√v·z)]
///
/// For a zero-mean φ (tanh) μ stays 0: a bounded branch adds at most α² per block (linear growth),
/// and α = 1/√L keeps the sum of L blocks bounded. ReLU at gain √2 adds q + 2αμ√(q/π): plain blocks
/// multiply q by about 2.9 per block (not 2), and α = 1/√L no longer suffices, since the means of L
/// blocks add up coherently (α·L = √L). With α = 0 (ReZero's start) nothing moves.
extension MeanField {
  /// The stream's second moments q(0) = `inputVariance`, q(1), …, q(`layers`), for an input of
  /// mean 0 (the recursion above).
  public func residualLengths(alpha: Double, inputVariance: Double = 1, layers: Int) -> [Double] {
    require(layers >= 1, "MeanField.residualLengths: layers must be at least 1 (got \(layers))")
    var (q, mean) = ([inputVariance], 0.0)
    for _ in 0..<layers {
      let last = q[q.count - 1], v = weightVariance * last + biasVariance
      let branchMean = activation.gaussianMean(q: v)
      q.append(last + alpha * alpha * activation.gaussianSquare(q: v) + 2 * alpha * mean * branchMean)
      mean += alpha * branchMean
    }
    return q
  }

  /// The predicted E[g²] of the gradient of a loss with respect to the stream after blocks
  /// 0 (the input), 1, …, `layers`, relative to the last (whose entry is 1):
  /// E[g(l−1)²] = (1 + α²·χ₁(σw²·q(l−1) + σb²))·E[g(l)²].
  ///
  /// It assumes, as `MeanField.gradientSecondMoments` does, that the backward pass's weights are
  /// independent of the forward pass's. That holds for a zero-mean φ such as tanh; a branch with a
  /// mean (ReLU) breaks it — a unit's slope 1[u > 0] then shares its sign with its weights' sum — and
  /// the measured gradients grow like the stream itself.
  public func residualGradientSecondMoments(alpha: Double, inputVariance: Double = 1, layers: Int) -> [Double] {
    let q = residualLengths(alpha: alpha, inputVariance: inputVariance, layers: layers)
    var moments = [Double](repeating: 1, count: layers + 1)
    for l in stride(from: layers, through: 1, by: -1) {
      moments[l - 1] = (1 + alpha * alpha * chi1(q: weightVariance * q[l - 1] + biasVariance)) * moments[l]
    }
    return moments
  }
}
