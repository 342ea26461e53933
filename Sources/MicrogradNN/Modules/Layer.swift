import MicrogradEngine
import MicrogradSupport

/// A layer of neurons that all see the same inputs: micrograd's `Layer`.
///
/// Its weights form a `fanOut × fanIn` matrix (`outputs × inputs`), drawn in one go by the
/// weight initializer, row `i` for neuron `i`. Calling a layer always returns an array, one
/// Value per neuron; calling it on a batch (`layer(batch:)`) returns one row per sample and
/// computes every sample at once over contiguous arrays, with the same nodes and gradients.
///
/// A layer whose weights need no gradient (`requiresGrad: false`, PyTorch's
/// `requires_grad=False`) keeps them as plain numbers: 8 bytes a weight instead of a node, which
/// is what lets a probe run 100 layers of width 1000. Its inputs still get their gradients. Such a
/// layer has no neurons to hand out: read its numbers with `weightMatrix`, change them with
/// `scaleWeights(by:)`, which works on every layer.
///
/// A layer is a class, like micrograd's and PyTorch's modules: every reference to it sees the same
/// parameters, and a change to them (an optimizer's step, `scaleWeights(by:)`) is seen by all.
///
/// ```swift
/// var rng = SplitMix64(seed: 1)
/// let layer = Layer(inputs: 3, outputs: 4, activation: .tanh, initializer: .xavierNormal(gain: 5.0 / 3), using: &rng)
/// let h = layer([1.0, -2.0, 0.5])   // 4 Values
/// ```
public final class Layer: Module, CustomStringConvertible {
  /// Where the weights live: in neurons of `Value`s, or as plain numbers.
  enum Storage {
    /// Trainable neurons, micrograd's shape.
    case neurons([Neuron])
    /// Constants: the `outputs × inputs` weights row after row, and the biases.
    case constants(weights: [Double], biases: [Double]?, inputs: Int, activation: Activation)
  }

  /// The weights and biases.
  private var storage: Storage

  /// A layer of `outputs` neurons with `inputs` inputs each.
  ///
  /// - Parameters:
  ///   - activation: φ of every neuron (micrograd: ReLU).
  ///   - bias: whether the neurons have a bias.
  ///   - initializer: how the `outputs × inputs` weight matrix is drawn (micrograd: U(−1, 1)).
  ///   - biasInitializer: how the biases are set; nil means the weight initializer's default bias
  ///     (zeros, or U(±1/√inputs) for `pytorchLinear`).
  ///   - requiresGrad: whether the weights and biases are `Value`s that get gradients (true) or
  ///     constants (false): the same numbers from the same draws either way.
  ///   - rng: the source of randomness.
  public convenience init(
    inputs: Int, outputs: Int, activation: Activation = .relu, bias: Bool = true,
    initializer: WeightInitializer = .micrograd, biasInitializer: BiasInitializer? = nil, requiresGrad: Bool = true,
    using rng: inout some RandomNumberGenerator
  ) {
    require(inputs >= 1, "Layer: inputs must be at least 1 (got \(inputs))")
    require(outputs >= 1, "Layer: outputs must be at least 1 (got \(outputs))")
    let w = initializer.weights(fanOut: outputs, fanIn: inputs, using: &rng)
    let b =
      bias ? (biasInitializer ?? initializer.defaultBias).biases(fanOut: outputs, fanIn: inputs, using: &rng) : nil
    self.init(weights: w, biases: b, activation: activation, requiresGrad: requiresGrad)
  }

  /// A layer with the system's random generator (not reproducible: pass `using:` for that).
  public convenience init(
    inputs: Int, outputs: Int, activation: Activation = .relu, bias: Bool = true,
    initializer: WeightInitializer = .micrograd, biasInitializer: BiasInitializer? = nil, requiresGrad: Bool = true
  ) {
    var rng = SystemRandomNumberGenerator()
    self.init(
      inputs: inputs, outputs: outputs, activation: activation, bias: bias,
      initializer: initializer, biasInitializer: biasInitializer, requiresGrad: requiresGrad, using: &rng)
  }

  /// micrograd's spelling, `Layer(nin, nout)`: ReLU neurons with weights from U(−1, 1), zero
  /// biases and the system's random generator.
  public convenience init(_ inputs: Int, _ outputs: Int) {
    self.init(inputs: inputs, outputs: outputs)
  }

  /// A layer with exactly these weights (`outputs × inputs`) and biases (nil: no bias).
  package init(
    weights: [[Double]], biases: [Double]? = nil, activation: Activation = .relu, requiresGrad: Bool = true
  ) {
    require(!weights.isEmpty, "Layer: needs at least 1 row of weights (got none)")
    let inputs = weights[0].count
    require(inputs >= 1, "Layer: needs at least 1 weight per row (got none)")
    require(
      weights.allSatisfy { $0.count == inputs },
      "Layer: every row of weights must have \(inputs) entries (got \(weights.map(\.count)))")
    if let biases {
      require(biases.count == weights.count, "Layer: expected \(weights.count) biases, got \(biases.count)")
    }
    activation.validate("Layer")
    if requiresGrad {
      storage = .neurons(
        weights.indices.map { Neuron(weights: weights[$0], bias: biases?[$0], activation: activation) })
    } else {
      storage = .constants(weights: weights.flatMap { $0 }, biases: biases, inputs: inputs, activation: activation)
    }
  }

  /// The same layer with its current weights and biases as constants (`requiresGrad` false).
  package func frozen() -> Layer {
    Layer(weights: weightMatrix, biases: biasVector, activation: activation, requiresGrad: false)
  }

  /// Whether the weights and biases are `Value`s that get gradients.
  package var requiresGrad: Bool {
    if case .neurons = storage { return true }
    return false
  }

  /// The neurons, in order: their weights and biases are the layer's parameters.
  ///
  /// - Precondition: the layer is trainable (`requiresGrad`). A layer of constants keeps its
  ///   weights as numbers, not neurons: read them with `weightMatrix`, scale them with
  ///   `scaleWeights(by:)`.
  public var neurons: [Neuron] {
    guard case .neurons(let neurons) = storage else {
      fatalError(
        "Layer.neurons: this layer's weights are constants (requiresGrad: false), not neurons; "
          + "read them with weightMatrix, change them with scaleWeights(by:)")
    }
    return neurons
  }

  /// Multiplies every weight by `factor` (the biases stay), in place: what LSUV does to a layer.
  /// It works the same on trainable neurons and on constants.
  ///
  /// - Precondition: `factor` is finite.
  public func scaleWeights(by factor: Double) {
    require(factor.isFinite, "Layer.scaleWeights: the factor must be finite (got \(factor))")
    switch storage {
    case .neurons(let neurons):
      for neuron in neurons {
        for weight in neuron.weights { weight.data *= factor }
      }
    case .constants(var w, let b, let n, let activation):
      storage = .constants(weights: [], biases: nil, inputs: n, activation: activation)  // w is now unique
      for i in w.indices { w[i] *= factor }
      storage = .constants(weights: w, biases: b, inputs: n, activation: activation)
    }
  }

  /// The number of inputs of each neuron (fan-in).
  public var inputs: Int {
    switch storage {
    case .neurons(let neurons): neurons[0].inputs
    case .constants(_, _, let inputs, _): inputs
    }
  }

  /// The number of neurons (fan-out).
  public var outputs: Int {
    switch storage {
    case .neurons(let neurons): neurons.count
    case .constants(let w, _, let inputs, _): w.count / inputs
    }
  }

  /// φ of the layer's neurons.
  public var activation: Activation {
    switch storage {
    case .neurons(let neurons): neurons[0].activation
    case .constants(_, _, _, let activation): activation
    }
  }

  /// Every trainable parameter, neuron after neuron: `[w₁₁ … w₁ₙ, b₁, w₂₁ …]` (none when the
  /// weights are constants).
  public var parameters: [Value] {
    if case .neurons(let neurons) = storage { return neurons.flatMap(\.parameters) }
    return []
  }

  /// `[φ(w₁·x + b₁), …, φ(wₘ·x + bₘ)]`.
  public func callAsFunction(_ x: [Value]) -> [Value] {
    preActivations(x).map(activation.callAsFunction)
  }

  /// The same on plain numbers, as micrograd takes them (`model(x)` with `x` a `[Double]`): each
  /// number becomes a leaf. (An array literal picks the `[Value]` version; the result is the same.)
  @_disfavoredOverload
  public func callAsFunction(_ x: [Double]) -> [Value] {
    self(x.map { Value($0) })
  }

  /// The layer applied to every sample of a batch, computed for the whole batch at once: row s
  /// holds sample s's outputs φ(w·x + b), one node per neuron, with the numbers and gradients of
  /// `self(batch[s])` (`AffineBlock`).
  public func callAsFunction(batch: [[Value]]) -> [[Value]] {
    packed(batch, activation: activation).outputs
  }

  /// `[w₁·x + b₁, …]`: the pre-activations, before φ (what saturates tanh when too large).
  /// Every neuron reads the inputs from one shared list.
  func preActivations(_ x: [Value]) -> [Value] {
    require(x.count == inputs, "Layer: expected \(inputs) inputs, got \(x.count)")
    guard case .neurons(let neurons) = storage else { return preActivations(batch: [x])[0] }
    let shared = ValueList(x)
    return neurons.map { $0.preActivation(shared) }
  }

  /// The pre-activations of every sample of a batch, computed for the whole batch at once.
  func preActivations(batch: [[Value]]) -> [[Value]] {
    packed(batch, activation: nil).outputs
  }

  /// The outputs on a batch, as `callAsFunction(batch:)`, and the pre-activations u = w·x + b
  /// as numbers, `[sample][neuron]`: what a trace of the forward pass records.
  package func outputsAndPreActivations(batch: [[Value]]) -> (outputs: [[Value]], preActivations: [[Double]]) {
    let (outputs, u) = packed(batch, activation: activation)
    let n = self.outputs
    return (outputs, (0..<batch.count).map { s in Array(u[(s * n)..<((s + 1) * n)]) })
  }

  /// The layer over `batch` as one block of nodes, with φ = `activation` applied inside it or not.
  private func packed(_ batch: [[Value]], activation: Activation?) -> (outputs: [[Value]], preActivations: [Double]) {
    for x in batch { require(x.count == inputs, "Layer: expected \(inputs) inputs, got \(x.count)") }
    let φ = activation == .identity ? nil : activation
    switch storage {
    case .neurons(let neurons):
      var w: [Double] = []
      w.reserveCapacity(neurons.count * inputs)
      for neuron in neurons { for weight in neuron.weights { w.append(weight.data) } }
      let b = neurons[0].bias == nil ? nil : neurons.map { $0.bias!.data }
      return AffineBlock.outputs(
        batch: batch, w: w, b: b, neurons: neurons.count, parameters: neurons.map(\.parameterList), activation: φ)
    case .constants(let w, let b, _, _):
      return AffineBlock.outputs(batch: batch, w: w, b: b, neurons: outputs, parameters: nil, activation: φ)
    }
  }

  /// The layer's outputs on plain numbers, without recording a graph.
  public func evaluate(_ x: [Double]) -> [Double] {
    evaluatePreActivations(x).map(activation.function)
  }

  /// The pre-activations w·x + b on plain numbers, without recording a graph.
  func evaluatePreActivations(_ x: [Double]) -> [Double] {
    require(x.count == inputs, "Layer: expected \(inputs) inputs, got \(x.count)")
    switch storage {
    case .neurons(let neurons):
      return neurons.map { $0.evaluatePreActivation(x) }
    case .constants(let w, let b, let n, _):
      return (0..<outputs).map { j in
        var total = b?[j] ?? 0
        for i in 0..<n { total += w[j * n + i] * x[i] }
        return total
      }
    }
  }

  /// The current weights as an `outputs × inputs` matrix of numbers.
  public var weightMatrix: [[Double]] {
    switch storage {
    case .neurons(let neurons): neurons.map { $0.weights.map(\.data) }
    case .constants(let w, _, let n, _): (0..<outputs).map { Array(w[($0 * n)..<(($0 + 1) * n)]) }
    }
  }

  /// The current biases (nil for a layer without bias).
  public var biasVector: [Double]? {
    switch storage {
    case .neurons(let neurons): neurons[0].bias == nil ? nil : neurons.map { $0.bias!.data }
    case .constants(_, let b, _, _): b
    }
  }

  /// The weights' gradients as an `outputs × inputs` matrix (nil when the weights are constants).
  package var weightGradients: [[Double]]? {
    guard case .neurons(let neurons) = storage else { return nil }
    return neurons.map { $0.weights.map(\.grad) }
  }

  /// micrograd's repr, "Layer of [TanhNeuron(2), TanhNeuron(2)]", compacted for more than
  /// four neurons: "Layer of [ReLUNeuron(2) × 16]".
  public var description: String {
    let neuron = Neuron.description(activation: activation, inputs: inputs)
    return outputs > 4
      ? "Layer of [\(neuron) × \(outputs)]"
      : "Layer of [\(Array(repeating: neuron, count: outputs).joined(separator: ", "))]"
  }
}
