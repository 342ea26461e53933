import MicrogradEngine
import MicrogradSupport

/// Batch normalization over a batch of feature vectors: PyTorch's `nn.BatchNorm1d`
/// (Ioffe & Szegedy 2015, "Batch Normalization: Accelerating Deep Network Training by
/// Reducing Internal Covariate Shift", Algorithm 1).
///
/// In **training mode** (the default) each feature j is normalized with the mean and the
/// *biased* variance of that feature over the batch of n samples, then scaled and shifted:
///
///     μⱼ = (1/n) Σₛ xₛⱼ,   σⱼ² = (1/n) Σₛ (xₛⱼ − μⱼ)²,   yₛⱼ = γⱼ · (xₛⱼ − μⱼ) / √(σⱼ² + ε) + βⱼ
///
/// μ and σ² are nodes of the graph, so gradients flow through them: every sample's output
/// depends on every other sample of the batch. Each training-mode call also updates the
/// running statistics with momentum m, using the *unbiased* variance (n/(n − 1))·σ²:
///
///     running_mean ← (1 − m)·running_mean + m·μ,   running_var ← (1 − m)·running_var + m·(n/(n − 1))·σ²
///
/// In **evaluation mode** (`eval()`) the running statistics replace μ and σ², so a sample's
/// output depends on it alone. Defaults are PyTorch's: ε = 1e-5, m = 0.1, γ = 1, β = 0,
/// running mean 0 and running variance 1.
///
/// It keeps state that changes with every training-mode call, so it is a class, like a
/// PyTorch module (copies share it).
///
/// ```swift
/// let bn = BatchNorm1d(3)
/// let y = bn(batch: [[1, 2, 3], [3, 2, 1]])   // every column: mean 0, biased variance ≈ 1
/// bn.runningMean                              // [0.2, 0.2, 0.2]
/// bn.eval()
/// ```
public final class BatchNorm1d: BatchModule {
  /// The number of features, one statistic each (PyTorch's `num_features`).
  let features: Int
  /// ε, added to the variance before the square root.
  let eps: Double
  /// m, the weight of the newest batch in the running statistics.
  let momentum: Double
  /// γ, the learned scale of each feature (PyTorch's `weight`), starting at 1.
  package let gamma: [Value]
  /// β, the learned shift of each feature (PyTorch's `bias`), starting at 0.
  let beta: [Value]
  /// The running mean of each feature (PyTorch's `running_mean`), starting at 0.
  public private(set) var runningMean: [Double]
  /// The running unbiased variance of each feature (PyTorch's `running_var`), starting at 1.
  public private(set) var runningVariance: [Double]
  /// Whether calls normalize with the batch's statistics (true) or the running ones (false).
  var isTraining = true

  /// Normalization of `features` features, in training mode.
  public init(_ features: Int, eps: Double = 1e-5, momentum: Double = 0.1) {
    require(features >= 1, "BatchNorm1d: features must be at least 1 (got \(features))")
    require(eps > 0 && eps.isFinite, "BatchNorm1d: eps must be a positive number (got \(eps))")
    require((0...1).contains(momentum), "BatchNorm1d: momentum must be between 0 and 1 (got \(momentum))")
    self.features = features
    self.eps = eps
    self.momentum = momentum
    gamma = (0..<features).map { _ in Value(1) }
    beta = (0..<features).map { _ in Value(0) }
    runningMean = Array(repeating: 0, count: features)
    runningVariance = Array(repeating: 1, count: features)
  }

  /// γ then β: `[γ₁ … γₙ, β₁ … βₙ]`.
  public var parameters: [Value] { gamma + beta }

  /// `features`.
  public var inputFeatures: Int? { features }

  /// `features`.
  public func outputFeatures(inputs: Int) -> Int { features }

  /// Sets `isTraining`.
  public func setTraining(_ training: Bool) { isTraining = training }

  /// The batch normalized feature by feature (see the type's description for the formulas).
  ///
  /// - Precondition: every sample has `features` features; in training mode the batch has at
  ///   least 2 samples (the variance of one sample is 0, as PyTorch says: "Expected more than
  ///   1 value per channel when training").
  public func callAsFunction(batch x: [[Value]]) -> [[Value]] {
    require(!x.isEmpty, "BatchNorm1d: the batch is empty")
    requireFeatures(x, features)
    require(
      !isTraining || x.count > 1,
      "\(self): expected more than 1 sample per feature in training mode, got a batch of \(x.count) "
        + "(call eval() to use the running statistics)")
    var columns: [[Value]] = []
    columns.reserveCapacity(features)
    for j in 0..<features {
      let column = x.map { $0[j] }
      columns.append(isTraining ? normalizeWithBatchStatistics(column, feature: j) : normalizeWithRunning(column, j))
    }
    return x.indices.map { s in columns.map { $0[s] } }
  }

  /// Training mode for one feature: μ and σ² are nodes (one sum and one dot product), so
  /// the gradient flows through them; the running statistics move toward this batch's.
  private func normalizeWithBatchStatistics(_ column: [Value], feature j: Int) -> [Value] {
    let n = Double(column.count)
    let mean = Value.sum(column) / n
    let centered = column.map { $0 - mean }
    let variance = Value.dot(centered, centered) / n  // biased: divided by n
    let scale = gamma[j] * (variance + eps).pow(-0.5)
    runningMean[j] = (1 - momentum) * runningMean[j] + momentum * mean.data
    runningVariance[j] = (1 - momentum) * runningVariance[j] + momentum * variance.data * n / (n - 1)
    return centered.map { $0 * scale + beta[j] }
  }

  /// Evaluation mode for one feature: the running statistics are constants.
  private func normalizeWithRunning(_ column: [Value], _ j: Int) -> [Value] {
    let scale = gamma[j] * (1 / (runningVariance[j] + eps).squareRoot())
    return column.map { ($0 - runningMean[j]) * scale + beta[j] }
  }

  /// "BatchNorm1d(5)".
  public var description: String { "BatchNorm1d(\(features))" }
}
