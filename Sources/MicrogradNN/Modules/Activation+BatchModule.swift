import MicrogradEngine

/// An activation is a layer too (PyTorch's `nn.Tanh`, `nn.ReLU`, …): φ applied to every
/// feature of every sample, with no parameters, any number of features in and as many out.
///
/// ```swift
/// let net = Sequential(Linear(inputs: 2, outputs: 4, using: &rng), Activation.tanh)
/// ```
extension Activation: BatchModule {
  /// None: an activation has nothing to train (a leaky ReLU's slope or an ELU's α is a constant).
  public var parameters: [Value] { [] }

  /// nil: any number of features.
  public var inputFeatures: Int? { nil }

  /// As many features as come in.
  public func outputFeatures(inputs: Int) -> Int { inputs }

  /// φ applied to every feature of every sample (one node each; none for `.identity`).
  public func callAsFunction(batch: [[Value]]) -> [[Value]] {
    batch.map { sample in sample.map { self($0) } }
  }
}
