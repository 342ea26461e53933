import MicrogradEngine
import MicrogradSupport

/// What a training run minimizes and how it scores a prediction: a loss plus its
/// matching accuracy (PyTorch calls a loss object a "criterion").
///
/// Outputs are the model's output vectors, one per sample; labels are the data set's
/// integer labels. The criterion decides how the two meet:
///
/// | criterion | outputs per sample | labels | predicted class |
/// |---|---|---|---|
/// | `.hinge` | 1 score | −1 / +1 | sign of the score |
/// | `.binaryCrossEntropy` | 1 logit | 0 / 1 | 1 when the logit > 0 |
/// | `.softmaxCrossEntropy` | k logits | 0 … k−1 | the largest logit |
/// | `.meanSquaredError` | 1 prediction | any integer, used as the target | the nearest label |
public enum Criterion: String, Sendable, CaseIterable, CustomStringConvertible {
  /// micrograd's max-margin loss, mean of max(0, 1 − y·score) (`Loss.hinge`).
  case hinge
  /// Binary cross-entropy on logits, PyTorch's `BCEWithLogitsLoss` (`Loss.binaryCrossEntropy`).
  case binaryCrossEntropy
  /// Softmax cross-entropy on k logits, PyTorch's `CrossEntropyLoss` (`Loss.softmaxCrossEntropy`).
  case softmaxCrossEntropy
  /// Mean squared error against the label as a number (`Loss.meanSquaredError`).
  case meanSquaredError

  /// The loss of `outputs` against `labels`, averaged over the samples.
  func loss(_ outputs: [[Value]], labels: [Int]) -> Value {
    switch self {
    case .hinge: Loss.hinge(scores: Self.single(outputs), labels: labels.map(Double.init))
    case .binaryCrossEntropy: Loss.binaryCrossEntropy(logits: Self.single(outputs), labels: labels.map(Double.init))
    case .softmaxCrossEntropy: Loss.softmaxCrossEntropy(logits: outputs, labels: labels)
    case .meanSquaredError: Loss.meanSquaredError(Self.single(outputs), labels.map(Double.init))
    }
  }

  /// The class this criterion predicts from one output vector, or nil when the output holds a
  /// NaN or an infinity: a model that diverged predicts nothing, and nothing it outputs
  /// counts as correct.
  func predictedLabel(_ output: [Double]) -> Int? {
    require(!output.isEmpty, "Criterion.predictedLabel: the output must not be empty")
    guard output.allSatisfy(\.isFinite) else { return nil }
    switch self {
    case .hinge: return output[0] > 0 ? 1 : -1
    case .binaryCrossEntropy: return output[0] > 0 ? 1 : 0
    case .softmaxCrossEntropy: return output.indices.max { output[$0] < output[$1] }!
    case .meanSquaredError: return Int(exactly: output[0].rounded()) ?? nil
    }
  }

  /// The share of samples whose predicted class equals the label, in [0, 1] (a sample whose
  /// output is not finite counts as wrong).
  func accuracy(_ outputs: [[Double]], labels: [Int]) -> Double {
    require(
      outputs.count == labels.count,
      "Criterion.accuracy: outputs and labels must have equal lengths (got \(outputs.count) and \(labels.count))")
    guard !outputs.isEmpty else { return 0 }
    let correct = zip(outputs, labels).filter { predictedLabel($0) == $1 }.count
    return Double(correct) / Double(outputs.count)
  }

  /// "hinge", "binaryCrossEntropy", ….
  public var description: String { rawValue }

  /// The first output of every sample, for the criteria that read one number per sample.
  private static func single(_ outputs: [[Value]]) -> [Value] {
    outputs.map { output in
      require(output.count == 1, "Criterion: this loss expects 1 output per sample (got \(output.count))")
      return output[0]
    }
  }
}
