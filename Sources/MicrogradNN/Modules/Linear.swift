import MicrogradEngine

/// y = W·x + b, with no activation: PyTorch's `nn.Linear`, built on micrograd's `Layer`
/// (activation `.identity`), so every neuron's W·x + b is one node of the graph.
///
/// `weight` is `outputs × inputs` as in PyTorch. By default it is drawn the way `nn.Linear`
/// draws it, U(±1/√inputs) for weights and biases (`WeightInitializer.pytorchLinear`); pass
/// any other initializer to study it.
///
/// ```swift
/// var rng = SplitMix64(seed: 0)
/// let linear = Linear(inputs: 3, outputs: 5, bias: false, initializer: .xavierNormal(gain: 5.0 / 3), using: &rng)
/// let y = linear(batch: [[1, 2, 3]])   // one sample, 5 features
/// ```
public final class Linear: BatchModule {
  /// The layer that computes it: one neuron per output, activation `.identity`.
  let layer: Layer

  /// A linear map from `inputs` to `outputs` features.
  ///
  /// - Parameters:
  ///   - bias: whether to add b (before a `BatchNorm1d` it is redundant: the mean is subtracted).
  ///   - initializer: how W is drawn (PyTorch's `nn.Linear`: `pytorchLinear`).
  ///   - biasInitializer: how b is set; nil means the initializer's default bias.
  ///   - requiresGrad: whether W and b get gradients (false: constants, as PyTorch's
  ///     `requires_grad=False`, for probes that only look at the activations' gradients).
  ///   - rng: the source of randomness (weights first, then biases, as in `Layer`).
  public init(
    inputs: Int, outputs: Int, bias: Bool = true, initializer: WeightInitializer = .pytorchLinear,
    biasInitializer: BiasInitializer? = nil, requiresGrad: Bool = true, using rng: inout some RandomNumberGenerator
  ) {
    layer = Layer(
      inputs: inputs, outputs: outputs, activation: .identity, bias: bias, initializer: initializer,
      biasInitializer: biasInitializer, requiresGrad: requiresGrad, using: &rng)
  }

  /// A linear map with exactly these weights (`outputs × inputs`) and biases (nil: no bias).
  public init(weights: [[Double]], biases: [Double]? = nil, requiresGrad: Bool = true) {
    layer = Layer(weights: weights, biases: biases, activation: .identity, requiresGrad: requiresGrad)
  }

  /// The number of input features.
  var inputs: Int { layer.inputs }
  /// The number of output features.
  var outputs: Int { layer.outputs }

  /// W, one row of `inputs` weights per output (PyTorch's `weight`): the parameters themselves.
  ///
  /// - Precondition: the map is trainable (`requiresGrad`); a map of constants has its numbers in
  ///   `layer.weightMatrix` (see `Layer.neurons`).
  public var weight: [[Value]] { layer.neurons.map { Array($0.weights) } }
  /// b, one per output, or nil for a map without bias (the parameters themselves; trainable maps only).
  public var bias: [Value]? {
    let neurons = layer.neurons
    return neurons[0].bias == nil ? nil : neurons.map { $0.bias! }
  }

  /// Output after output: `[w₁₁ … w₁ₙ, b₁, w₂₁ …]` (the layout of `Layer`); none for constants.
  public var parameters: [Value] { layer.parameters }

  /// `inputs`.
  public var inputFeatures: Int? { inputs }

  /// `outputs`, whatever comes in (a wrong count is caught when the map is applied).
  public func outputFeatures(inputs: Int) -> Int { outputs }

  /// W·x + b for every sample.
  public func callAsFunction(batch: [[Value]]) -> [[Value]] {
    requireFeatures(batch, inputs)
    return layer(batch: batch)
  }

  /// "Linear(3 → 5)", or "Linear(3 → 5, no bias)".
  public var description: String {
    "Linear(\(inputs) → \(outputs)\(bias == nil ? ", no bias" : ""))"
  }
}
