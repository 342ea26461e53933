import MicrogradEngine
import MicrogradSupport

/// A multi-layer perceptron: layers applied one after the other, micrograd's `MLP`.
///
/// Like micrograd, hidden layers default to ReLU and the last layer is linear; any
/// `Activation` can be chosen, per layer if you like. The parameter count matches
/// micrograd's: `MLP(2, [16, 16, 1])` has 337, `MLP(3, [4, 4, 1])` has 41.
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// let model = MLP(inputs: 2, sizes: [16, 16, 1], activation: .tanh,
///                 initializer: .xavierNormal(gain: 5.0 / 3), using: &rng)
/// let score = model([0.5, -1.0])[0]
/// ```
public final class MLP: Module, CustomStringConvertible {
  /// The layers, from the input to the output.
  public let layers: [Layer]

  /// An MLP with `inputs` inputs and one layer per entry of `sizes`, with the activation of
  /// each layer given in `activations` (one per layer).
  ///
  /// - Parameters:
  ///   - bias: whether the neurons have biases.
  ///   - initializer: the weight initializer of every layer (micrograd: U(−1, 1)).
  ///   - biasInitializer: the bias initializer (nil: the weight initializer's default bias).
  ///   - rng: the source of randomness; layers are drawn in order, weights then biases.
  public init(
    inputs: Int, sizes: [Int], activations: [Activation], bias: Bool = true,
    initializer: WeightInitializer = .micrograd, biasInitializer: BiasInitializer? = nil, requiresGrad: Bool = true,
    using rng: inout some RandomNumberGenerator
  ) {
    require(inputs >= 1, "MLP: inputs must be at least 1 (got \(inputs))")
    require(!sizes.isEmpty, "MLP: sizes must list at least one layer (got [])")
    require(sizes.allSatisfy { $0 >= 1 }, "MLP: every layer size must be at least 1 (got \(sizes))")
    require(
      activations.count == sizes.count,
      "MLP: expected one activation per layer (\(sizes.count)), got \(activations.count)")
    var layers: [Layer] = []
    var fanIn = inputs
    for (size, activation) in zip(sizes, activations) {
      layers.append(
        Layer(
          inputs: fanIn, outputs: size, activation: activation, bias: bias,
          initializer: initializer, biasInitializer: biasInitializer, requiresGrad: requiresGrad, using: &rng))
      fanIn = size
    }
    self.layers = layers
  }

  /// An MLP whose hidden layers all use `activation` and whose last layer uses
  /// `outputActivation` (micrograd: ReLU hidden, linear output).
  public convenience init(
    inputs: Int, sizes: [Int], activation: Activation = .relu, outputActivation: Activation = .identity,
    bias: Bool = true, initializer: WeightInitializer = .micrograd, biasInitializer: BiasInitializer? = nil,
    requiresGrad: Bool = true, using rng: inout some RandomNumberGenerator
  ) {
    let activations = sizes.indices.map { $0 == sizes.count - 1 ? outputActivation : activation }
    self.init(
      inputs: inputs, sizes: sizes, activations: activations, bias: bias,
      initializer: initializer, biasInitializer: biasInitializer, requiresGrad: requiresGrad, using: &rng)
  }

  /// The same, with the system's random generator (not reproducible: pass `using:` for that).
  public convenience init(
    inputs: Int, sizes: [Int], activation: Activation = .relu, outputActivation: Activation = .identity,
    bias: Bool = true, initializer: WeightInitializer = .micrograd, biasInitializer: BiasInitializer? = nil
  ) {
    var rng = SystemRandomNumberGenerator()
    self.init(
      inputs: inputs, sizes: sizes, activation: activation, outputActivation: outputActivation,
      bias: bias, initializer: initializer, biasInitializer: biasInitializer, using: &rng)
  }

  /// micrograd's spelling, `MLP(nin, nouts)`: ReLU hidden layers, a linear output layer,
  /// weights from U(−1, 1), zero biases, the system's random generator.
  public convenience init(_ inputs: Int, _ sizes: [Int]) {
    self.init(inputs: inputs, sizes: sizes)
  }

  /// An MLP made of these layers (each layer's inputs must equal the previous one's outputs).
  public init(layers: [Layer]) {
    require(!layers.isEmpty, "MLP: needs at least one layer (got none)")
    for (a, b) in zip(layers, layers.dropFirst()) {
      require(
        b.inputs == a.outputs,
        "MLP: a layer with \(b.inputs) inputs cannot follow a layer with \(a.outputs) outputs")
    }
    self.layers = layers
  }

  /// The number of inputs.
  public var inputs: Int { layers[0].inputs }

  /// The same network with every weight and bias a constant (PyTorch's `requires_grad=False`).
  package func frozen() -> MLP { MLP(layers: layers.map { $0.frozen() }) }

  /// Every layer's parameters, first layer first.
  public var parameters: [Value] { layers.flatMap(\.parameters) }

  /// The network's outputs: each layer applied to the previous one's outputs.
  public func callAsFunction(_ x: [Value]) -> [Value] {
    require(x.count == inputs, "MLP: expected \(inputs) inputs, got \(x.count)")
    var x = x
    for layer in layers {
      x = layer(x)
    }
    return x
  }

  /// The same on plain numbers, as micrograd takes them (`model(x)` with `x` a `[Double]`): each
  /// number becomes a leaf. (An array literal picks the `[Value]` version; the result is the same.)
  @_disfavoredOverload
  public func callAsFunction(_ x: [Double]) -> [Value] {
    self(x.map { Value($0) })
  }

  /// The network applied to every sample of a batch, layer after layer over the whole batch.
  public func callAsFunction(batch: [[Value]]) -> [[Value]] {
    for x in batch { require(x.count == inputs, "MLP: expected \(inputs) inputs, got \(x.count)") }
    return layers.reduce(batch) { $1(batch: $0) }
  }

  /// The outputs on plain numbers, without recording a graph (for probes that need no gradient).
  public func evaluate(_ x: [Double]) -> [Double] {
    require(x.count == inputs, "MLP: expected \(inputs) inputs, got \(x.count)")
    return layers.reduce(x) { $1.evaluate($0) }
  }

  /// micrograd's repr: "MLP of [Layer of [ReLUNeuron(2) × 16], Layer of [LinearNeuron(16)]]".
  public var description: String {
    "MLP of [\(layers.map(\.description).joined(separator: ", "))]"
  }
}
