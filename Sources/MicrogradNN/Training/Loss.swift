import MicrogradEngine
import MicrogradSupport

/// Loss functions: one number that says how wrong a model's outputs are.
///
/// Each loss is built from engine operations, so `loss.backward()` gives every
/// parameter its gradient. All of them average over the samples (PyTorch's
/// `reduction='mean'`), so the scale of the gradient does not grow with the batch.
public enum Loss {
  /// Mean squared error (1/n)·Σ (predictionᵢ − targetᵢ)², PyTorch's `MSELoss`.
  ///
  /// - Precondition: both arrays have the same, non-zero length.
  public static func meanSquaredError(_ predictions: [Value], _ targets: [Double]) -> Value {
    require(!predictions.isEmpty, "Loss.meanSquaredError: predictions must not be empty")
    require(
      predictions.count == targets.count,
      "Loss.meanSquaredError: predictions and targets must have equal lengths (got \(predictions.count) and \(targets.count))"
    )
    let squares = zip(predictions, targets).map { p, t in (p - t).pow(2) }
    return Value.sum(squares) * (1 / Double(squares.count))
  }

  /// The max-margin (hinge) loss of micrograd's demo: (1/n)·Σ relu(1 − yᵢ·scoreᵢ), labels yᵢ = ±1.
  ///
  /// A sample costs nothing once it is on the right side with a margin of at least 1
  /// (`y·score ≥ 1`), so the gradient comes only from wrong or unsure samples. This is the
  /// loss of a support vector machine (Cortes & Vapnik 1995) and of micrograd's `demo.ipynb`.
  ///
  /// - Precondition: equal, non-zero lengths; every label is −1 or +1.
  public static func hinge(scores: [Value], labels: [Double]) -> Value {
    require(!scores.isEmpty, "Loss.hinge: scores must not be empty")
    require(
      scores.count == labels.count,
      "Loss.hinge: scores and labels must have equal lengths (got \(scores.count) and \(labels.count))")
    for y in labels { require(y == 1 || y == -1, "Loss.hinge: labels must be -1 or +1 (got \(y))") }
    let margins = zip(scores, labels).map { score, y in (1.0 - score * y).relu() }
    return Value.sum(margins) * (1 / Double(margins.count))
  }

  /// Binary cross-entropy on raw scores (logits), PyTorch's `BCEWithLogitsLoss`:
  /// (1/n)·Σ −[yᵢ·log σ(xᵢ) + (1 − yᵢ)·log(1 − σ(xᵢ))] with labels yᵢ ∈ {0, 1}.
  ///
  /// Written as softplus(x) − y·x, which is the same number (log σ(x) = x − softplus(x)
  /// and log(1 − σ(x)) = −softplus(x)) but never takes the log of a rounded 0: at x = ±1000
  /// the loss is 0 or 1000 and the gradient σ(x) − y is finite.
  ///
  /// - Precondition: equal, non-zero lengths; every label is in [0, 1].
  public static func binaryCrossEntropy(logits: [Value], labels: [Double]) -> Value {
    require(!logits.isEmpty, "Loss.binaryCrossEntropy: logits must not be empty")
    require(
      logits.count == labels.count,
      "Loss.binaryCrossEntropy: logits and labels must have equal lengths (got \(logits.count) and \(labels.count))")
    for y in labels { require(y >= 0 && y <= 1, "Loss.binaryCrossEntropy: labels must be in [0, 1] (got \(y))") }
    let terms = zip(logits, labels).map { x, y in x.softplus() - x * y }
    return Value.sum(terms) * (1 / Double(terms.count))
  }

  /// Softmax cross-entropy, PyTorch's `CrossEntropyLoss`: (1/n)·Σ −log softmax(zᵢ)[kᵢ]
  /// for logit vectors zᵢ and class indices kᵢ.
  ///
  /// Each term is −`Value.logSoftmax(z)[k]`, which uses the log-sum-exp form: exact for
  /// equal logits however large (`[1e15, 1e15]` gives ln 2) and finite for logits of ±1000,
  /// with the gradient softmax(z) − onehot(k).
  ///
  /// - Precondition: equal, non-zero lengths; every class index is a valid position.
  public static func softmaxCrossEntropy(logits: [[Value]], labels: [Int]) -> Value {
    require(!logits.isEmpty, "Loss.softmaxCrossEntropy: logits must not be empty")
    require(
      logits.count == labels.count,
      "Loss.softmaxCrossEntropy: logits and labels must have equal lengths (got \(logits.count) and \(labels.count))")
    let logProbabilities = zip(logits, labels).map { z, k in
      require(
        z.indices.contains(k), "Loss.softmaxCrossEntropy: label \(k) is not a class index for \(z.count) logits")
      return Value.logSoftmax(z)[k]
    }
    return Value.sum(logProbabilities) * (-1 / Double(logProbabilities.count))
  }

  /// L2 regularization α·Σ p² over the parameters ("weight decay" as a loss term).
  ///
  /// micrograd's demo adds `1e-4 * sum(p*p for p in model.parameters())`. Here Σp² is one
  /// `dot` node (∂/∂p = 2p), so the penalty costs two nodes however many parameters there are.
  public static func l2(_ parameters: [Value], alpha: Double) -> Value {
    Value.dot(parameters, parameters) * alpha
  }
}
