import MicrogradEngine
import MicrogradSupport

/// Labelled points for classification: `inputs[i]` is a feature vector, `labels[i]` its class.
///
/// Generators (`Dataset.moons`, `.circles`, `.spirals`, `.xor`, `.blobs`) are
/// deterministic from the random number generator you pass, so a seed reproduces a
/// data set exactly.
public struct Dataset: Sendable, Equatable, CustomStringConvertible {
  /// One feature vector per sample, all of the same length.
  public var inputs: [[Double]]
  /// One integer class label per sample: 0 … k−1, or −1 / +1 for `LabelStyle.signed`.
  public var labels: [Int]

  /// A data set from matching inputs and labels.
  ///
  /// - Precondition: equal counts, and every input has the same number of features.
  public init(inputs: [[Double]], labels: [Int]) {
    require(
      inputs.count == labels.count,
      "Dataset: inputs and labels must have equal counts (got \(inputs.count) and \(labels.count))")
    if let width = inputs.first?.count {
      for x in inputs {
        require(x.count == width, "Dataset: every input must have \(width) features (got one with \(x.count))")
      }
    }
    self.inputs = inputs
    self.labels = labels
  }

  /// The number of samples.
  public var count: Int { inputs.count }

  /// The number of features per sample (0 for an empty data set).
  package var featureCount: Int { inputs.first?.count ?? 0 }

  /// The distinct labels, sorted: [0, 1], [-1, 1], [0, 1, 2], ….
  public var classes: [Int] { Array(Set(labels)).sorted() }

  /// The samples at `indices`, in that order.
  public subscript(indices: some Sequence<Int>) -> Dataset {
    let picked = Array(indices)
    return Dataset(inputs: picked.map { inputs[$0] }, labels: picked.map { labels[$0] })
  }

  /// The same samples in a random order (a Fisher–Yates shuffle with `uniform()`, so the
  /// order depends only on the generator's bits, never on the Swift version).
  func shuffled(using rng: inout some RandomNumberGenerator) -> Dataset {
    self[permutation(count, using: &rng)]
  }

  /// The same samples in a random order from the system's generator (not reproducible:
  /// pass `using:` for that).
  func shuffled() -> Dataset {
    var rng = SystemRandomNumberGenerator()
    return shuffled(using: &rng)
  }

  /// Consecutive mini-batches of `size` samples (the last one may be smaller).
  /// Shuffle first for stochastic gradient descent: `data.shuffled(using: &rng).batches(of: 32)`.
  func batches(of size: Int) -> [Dataset] {
    require(size >= 1, "Dataset.batches: size must be at least 1 (got \(size))")
    return stride(from: 0, to: count, by: size).map { start in self[start..<min(start + size, count)] }
  }

  /// The same samples with labels 0/1 turned into −1/+1, or −1/+1 into 0/1.
  func relabelled(_ style: LabelStyle) -> Dataset {
    Dataset(inputs: inputs, labels: labels.map { style.label(binary: $0 > 0) })
  }

  /// "Dataset(100 samples, 2 features, classes [-1, 1])".
  public var description: String {
    "Dataset(\(count) samples, \(featureCount) features, classes \(classes))"
  }
}

/// How the two classes of a binary data set are numbered.
public enum LabelStyle: Sendable, CaseIterable {
  /// 0 and 1, for cross-entropy (scikit-learn's convention).
  case zeroOne
  /// −1 and +1, for the hinge loss (micrograd's demo: `y = y*2 - 1`).
  case signed

  /// The label of the first (`false`) or second (`true`) class.
  func label(binary positive: Bool) -> Int {
    switch self {
    case .zeroOne: positive ? 1 : 0
    case .signed: positive ? 1 : -1
    }
  }
}
