import MicrogradEngine

/// A layer of neurons that all see the same inputs: micrograd's `Layer`.
///
/// Its weights form a `fanOut × fanIn` matrix (`outputs × inputs`), drawn in one go by the
/// weight initializer, row `i` for neuron `i`. Calling a layer always returns an array, one
/// Value per neuron.
///
/// ```swift
/// var rng = SplitMix64(seed: 1)
/// let layer = Layer(inputs: 3, outputs: 4, activation: .tanh, initializer: .xavierNormal(gain: 5.0 / 3), using: &rng)
/// let h = layer([1.0, -2.0, 0.5])   // 4 Values
/// ```
public struct Layer: Module, CustomStringConvertible {
  /// The neurons, in order.
  public let neurons: [Neuron]

  /// A layer of `outputs` neurons with `inputs` inputs each.
  ///
  /// - Parameters:
  ///   - activation: φ of every neuron (micrograd: ReLU).
  ///   - bias: whether the neurons have a bias.
  ///   - initializer: how the `outputs × inputs` weight matrix is drawn (micrograd: U(−1, 1)).
  ///   - biasInitializer: how the biases are set; nil means the weight initializer's `defaultBias`
  ///     (zeros, or U(±1/√inputs) for `pytorchLinear`).
  ///   - rng: the source of randomness.
  public init(
    inputs: Int, outputs: Int, activation: Activation = .relu, bias: Bool = true,
    initializer: WeightInitializer = .micrograd, biasInitializer: BiasInitializer? = nil,
    using rng: inout some RandomNumberGenerator
  ) {
    require(inputs >= 1, "Layer: inputs must be at least 1 (got \(inputs))")
    require(outputs >= 1, "Layer: outputs must be at least 1 (got \(outputs))")
    activation.validate("Layer")
    let w = initializer.weights(fanOut: outputs, fanIn: inputs, using: &rng)
    let b: [Double?] =
      bias
      ? (biasInitializer ?? initializer.defaultBias).biases(fanOut: outputs, fanIn: inputs, using: &rng)
      : Array(repeating: nil, count: outputs)
    self.neurons = (0..<outputs).map { Neuron(weights: w[$0], bias: b[$0], activation: activation) }
  }

  /// A layer with the system's random generator (not reproducible: pass `using:` for that).
  public init(
    inputs: Int, outputs: Int, activation: Activation = .relu, bias: Bool = true,
    initializer: WeightInitializer = .micrograd, biasInitializer: BiasInitializer? = nil
  ) {
    var rng = SystemRandomNumberGenerator()
    self.init(
      inputs: inputs, outputs: outputs, activation: activation, bias: bias,
      initializer: initializer, biasInitializer: biasInitializer, using: &rng)
  }

  /// A layer with exactly these weights (`outputs × inputs`) and biases (nil: no bias).
  public init(weights: [[Double]], biases: [Double]? = nil, activation: Activation = .relu) {
    require(!weights.isEmpty, "Layer: needs at least 1 row of weights (got none)")
    let inputs = weights[0].count
    require(
      weights.allSatisfy { $0.count == inputs },
      "Layer: every row of weights must have \(inputs) entries (got \(weights.map(\.count)))")
    if let biases {
      require(biases.count == weights.count, "Layer: expected \(weights.count) biases, got \(biases.count)")
    }
    self.neurons = weights.indices.map { i in
      Neuron(weights: weights[i], bias: biases?[i], activation: activation)
    }
  }

  /// The number of inputs of each neuron (fan-in).
  public var inputs: Int { neurons[0].inputs }
  /// The number of neurons (fan-out).
  public var outputs: Int { neurons.count }
  /// φ of the layer's neurons.
  public var activation: Activation { neurons[0].activation }

  /// Every neuron's parameters, neuron after neuron: `[w₁₁ … w₁ₙ, b₁, w₂₁ …]`.
  public var parameters: [Value] { neurons.flatMap(\.parameters) }

  /// `[φ(w₁·x + b₁), …, φ(wₘ·x + bₘ)]`.
  public func callAsFunction(_ x: [Value]) -> [Value] {
    preActivations(x).map(activation.callAsFunction)
  }

  /// The layer applied to every sample of a batch: `batch[s]` is sample s's inputs, and the
  /// result's row s is its outputs. The same graph as calling the layer on each sample.
  public func callAsFunction(batch: [[Value]]) -> [[Value]] {
    batch.map { self($0) }
  }

  /// `[w₁·x + b₁, …]`: the pre-activations, before φ (what saturates tanh when too large).
  /// Every neuron reads the inputs from one shared list.
  public func preActivations(_ x: [Value]) -> [Value] {
    require(x.count == inputs, "Layer: expected \(inputs) inputs, got \(x.count)")
    let shared = ValueList(x)
    return neurons.map { $0.preActivation(shared) }
  }

  /// The pre-activations on plain numbers, without recording a graph (for probes that need
  /// no gradient).
  func evaluatePreActivations(_ x: [Double]) -> [Double] {
    require(x.count == inputs, "Layer: expected \(inputs) inputs, got \(x.count)")
    return neurons.map { $0.evaluatePreActivation(x) }
  }

  /// The layer's outputs on plain numbers, without recording a graph.
  public func evaluate(_ x: [Double]) -> [Double] {
    evaluatePreActivations(x).map(activation.function)
  }

  /// The current weights as an `outputs × inputs` matrix of numbers.
  public var weightMatrix: [[Double]] { neurons.map { $0.weights.map(\.data) } }

  /// The current biases (nil for a layer without bias).
  public var biasVector: [Double]? {
    neurons[0].bias == nil ? nil : neurons.map { $0.bias!.data }
  }

  /// micrograd's repr, "Layer of [TanhNeuron(2), TanhNeuron(2)]", compacted for more than
  /// four neurons: "Layer of [ReLUNeuron(2) × 16]".
  public var description: String {
    outputs > 4
      ? "Layer of [\(neurons[0]) × \(outputs)]"
      : "Layer of [\(neurons.map(\.description).joined(separator: ", "))]"
  }
}
