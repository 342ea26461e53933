import MicrogradEngine
import MicrogradSupport

/// Layer normalization: each sample normalized over its own features, PyTorch's
/// `nn.LayerNorm(features)` (Ba, Kiros & Hinton 2016, "Layer Normalization", eq. 4).
///
/// For one sample x with F features:
///
///     μ = (1/F) Σⱼ xⱼ,   σ² = (1/F) Σⱼ (xⱼ − μ)²,   yⱼ = γⱼ · (xⱼ − μ) / √(σ² + ε) + βⱼ
///
/// with the biased variance, ε = 1e-5, γ = 1 and β = 0 at the start. Unlike `BatchNorm1d` a
/// sample never sees the rest of its batch, so there is no training mode and no running
/// statistics, and a batch of one is fine.
///
/// ```swift
/// let ln = LayerNorm(4)
/// let y = ln([1, 2, 3, 4])   // mean 0, biased variance ≈ 1
/// ```
public final class LayerNorm: BatchModule {
  /// The number of features of a sample (PyTorch's `normalized_shape`).
  let features: Int
  /// ε, added to the variance before the square root.
  let eps: Double
  /// γ, the learned scale of each feature (PyTorch's `weight`), starting at 1.
  package let gamma: [Value]
  /// β, the learned shift of each feature (PyTorch's `bias`), starting at 0.
  let beta: [Value]

  /// Normalization over `features` features.
  public init(_ features: Int, eps: Double = 1e-5) {
    require(features >= 1, "LayerNorm: features must be at least 1 (got \(features))")
    require(eps > 0 && eps.isFinite, "LayerNorm: eps must be a positive number (got \(eps))")
    self.features = features
    self.eps = eps
    gamma = (0..<features).map { _ in Value(1) }
    beta = (0..<features).map { _ in Value(0) }
  }

  /// γ then β: `[γ₁ … γₙ, β₁ … βₙ]`.
  public var parameters: [Value] { gamma + beta }

  /// `features`.
  public var inputFeatures: Int? { features }

  /// `features`.
  public func outputFeatures(inputs: Int) -> Int { features }

  /// Every sample normalized over its features.
  public func callAsFunction(batch: [[Value]]) -> [[Value]] {
    requireFeatures(batch, features)
    return batch.map(normalize)
  }

  /// One sample: μ and σ² are nodes (one sum, one dot product), so gradients flow through them.
  private func normalize(_ x: [Value]) -> [Value] {
    let n = Double(features)
    let mean = Value.sum(x) / n
    let centered = x.map { $0 - mean }
    let variance = Value.dot(centered, centered) / n  // biased: divided by F
    let inverseStd = (variance + eps).pow(-0.5)
    return centered.indices.map { j in centered[j] * inverseStd * gamma[j] + beta[j] }
  }

  /// "LayerNorm(5)".
  public var description: String { "LayerNorm(\(features))" }
}
