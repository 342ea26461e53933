import MicrogradEngine
import MicrogradSupport

/// Modules applied one after the other: PyTorch's `nn.Sequential`.
///
/// The sizes are checked when it is built: a module that expects a number of features must
/// follow one that gives that many (activations pass any number through), and a mismatch
/// stops the program with a message naming both modules.
///
/// ```swift
/// var rng = SplitMix64(seed: 0)
/// let net = Sequential(
///   Linear(inputs: 2, outputs: 16, bias: false, using: &rng), BatchNorm1d(16), Activation.tanh,
///   Linear(inputs: 16, outputs: 1, using: &rng))
/// ```
public final class Sequential: BatchModule {
  /// The modules, first to last.
  let layers: [any BatchModule]

  /// The modules `layers`, in order.
  public init(_ layers: [any BatchModule]) {
    require(!layers.isEmpty, "Sequential: needs at least one module (got none)")
    // The feature count between modules, and the module (by index) that set it.
    var current: (features: Int, source: Int)?
    for (index, layer) in layers.enumerated() {
      if let expected = layer.inputFeatures, let current {
        require(
          expected == current.features,
          "Sequential: module \(index + 1), \(layer), takes \(expected) features, "
            + "but module \(current.source + 1), \(layers[current.source]), gives \(current.features)")
      }
      // Activations pass the count through: the module that set it stays the one to name.
      guard let features = current?.features ?? layer.inputFeatures else { continue }
      let out = layer.outputFeatures(inputs: features)
      if current == nil || layer.inputFeatures != nil || out != features { current = (out, index) }
    }
    self.layers = layers
  }

  /// The modules, in order: `Sequential(linear, BatchNorm1d(5), Activation.tanh)`.
  public convenience init(_ layers: any BatchModule...) {
    self.init(layers)
  }

  /// Every module's parameters, first module first.
  public var parameters: [Value] { layers.flatMap(\.parameters) }

  /// The first module's that names one (activations take any number).
  public var inputFeatures: Int? { layers.lazy.compactMap(\.inputFeatures).first }

  /// The last module's, given `inputs` into the first.
  public func outputFeatures(inputs: Int) -> Int {
    layers.reduce(inputs) { $1.outputFeatures(inputs: $0) }
  }

  /// Passes the mode to every module.
  public func setTraining(_ training: Bool) {
    for layer in layers { layer.setTraining(training) }
  }

  /// Each module applied to the previous one's outputs.
  public func callAsFunction(batch: [[Value]]) -> [[Value]] {
    layers.reduce(batch) { $1(batch: $0) }
  }

  /// "Sequential(Linear(3 → 5), BatchNorm1d(5), tanh)".
  public var description: String { "Sequential(\(layers.map(\.description).joined(separator: ", ")))" }
}
