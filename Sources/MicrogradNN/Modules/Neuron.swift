import MicrogradEngine
import MicrogradSupport

/// One neuron: `φ(w·x + b)`, micrograd's `Neuron`.
///
/// Its pre-activation `w·x + b` is recorded as one node of the graph (`Value.affine`), not
/// as 2n additions and multiplications, so a wide layer stays cheap; the gradients are the
/// same as micrograd's.
///
/// ```swift
/// let n = Neuron(weights: [-3, 1], bias: 6.8813735870195432, activation: .tanh)
/// let out = n([2.0, 0.0])   // 0.7071 (the neuron of micrograd's lecture)
/// ```
public final class Neuron: Module, CustomStringConvertible {
  /// The weights, then the bias (if the neuron has one): `[w₁, …, wₙ, b]`.
  public var parameters: [Value] { parameterList.values }
  /// The same values as one list that every pre-activation node of this neuron shares, so a
  /// neuron applied to a whole batch stores its weights once.
  let parameterList: ValueList
  /// The number of inputs, n.
  public let inputs: Int
  /// φ, applied to the pre-activation.
  public let activation: Activation

  /// A neuron with `inputs` weights drawn by `initializer` (as a 1 × inputs matrix) and a bias
  /// from `biasInitializer` (nil: the initializer's default bias), micrograd's `Neuron(nin)`.
  public convenience init(
    inputs: Int, activation: Activation = .relu, bias: Bool = true, initializer: WeightInitializer = .micrograd,
    biasInitializer: BiasInitializer? = nil, using rng: inout some RandomNumberGenerator
  ) {
    require(inputs >= 1, "Neuron: inputs must be at least 1 (got \(inputs))")
    let w = initializer.weights(fanOut: 1, fanIn: inputs, using: &rng)[0]
    let b = bias ? (biasInitializer ?? initializer.defaultBias).biases(fanOut: 1, fanIn: inputs, using: &rng)[0] : nil
    self.init(weights: w, bias: b, activation: activation)
  }

  /// The same, with the system's random generator (not reproducible: pass `using:` for that).
  public convenience init(
    inputs: Int, activation: Activation = .relu, bias: Bool = true, initializer: WeightInitializer = .micrograd,
    biasInitializer: BiasInitializer? = nil
  ) {
    var rng = SystemRandomNumberGenerator()
    self.init(
      inputs: inputs, activation: activation, bias: bias, initializer: initializer, biasInitializer: biasInitializer,
      using: &rng)
  }

  /// micrograd's spelling, `Neuron(nin)`: a ReLU neuron with weights from U(−1, 1), a zero
  /// bias and the system's random generator.
  public convenience init(_ inputs: Int) {
    self.init(inputs: inputs)
  }

  /// A neuron with these starting weights and bias (nil: no bias).
  public init(weights: [Double], bias: Double? = 0, activation: Activation = .relu) {
    require(!weights.isEmpty, "Neuron: needs at least 1 weight (got none)")
    activation.validate("Neuron")
    self.inputs = weights.count
    self.activation = activation
    self.parameterList = ValueList((weights + (bias.map { [$0] } ?? [])).map { Value($0) })
  }

  /// The weights `[w₁, …, wₙ]`.
  public var weights: ArraySlice<Value> { parameters[..<inputs] }

  /// The bias b, or nil for a neuron without one.
  public var bias: Value? { parameters.count > inputs ? parameters[inputs] : nil }

  /// `w·x + b`, one node.
  func preActivation(_ x: [Value]) -> Value {
    preActivation(ValueList(x))
  }

  /// `w·x + b` over a list of inputs that the other neurons of a layer share.
  func preActivation(_ x: ValueList) -> Value {
    require(x.count == inputs, "Neuron: expected \(inputs) inputs, got \(x.count)")
    return bias == nil ? Value.dot(parameterList, x) : Value.affine(parameterList, x)
  }

  /// `φ(w·x + b)`.
  public func callAsFunction(_ x: [Value]) -> Value {
    activation(preActivation(x))
  }

  /// The same on plain numbers, as micrograd takes them (`model(x)` with `x` a `[Double]`): each
  /// number becomes a leaf. (An array literal picks the `[Value]` version; the result is the same.)
  @_disfavoredOverload
  public func callAsFunction(_ x: [Double]) -> Value {
    self(x.map { Value($0) })
  }

  /// `w·x + b` on plain numbers, without recording a graph.
  func evaluatePreActivation(_ x: [Double]) -> Double {
    require(x.count == inputs, "Neuron: expected \(inputs) inputs, got \(x.count)")
    var sum = bias?.data ?? 0
    for i in 0..<inputs { sum += parameters[i].data * x[i] }
    return sum
  }

  /// micrograd's repr: "ReLUNeuron(2)", "TanhNeuron(16)", "LinearNeuron(16)".
  public var description: String { Neuron.description(activation: activation, inputs: inputs) }

  /// The repr of a neuron with this activation and number of inputs.
  static func description(activation: Activation, inputs: Int) -> String {
    "\(activation.neuronPrefix)Neuron(\(inputs))"
  }
}

extension Activation {
  /// The word micrograd puts before "Neuron": "ReLU", "Linear", "Tanh", ….
  var neuronPrefix: String {
    switch self {
    case .identity: "Linear"
    case .tanh: "Tanh"
    case .sigmoid: "Sigmoid"
    case .relu: "ReLU"
    case .leakyReLU: "LeakyReLU"
    case .elu: "ELU"
    case .selu: "SELU"
    case .gelu: "GELU"
    case .silu: "SiLU"
    case .softsign: "Softsign"
    case .softplus: "Softplus"
    }
  }

  /// Stops with a message naming the parameter if the activation's parameter is not finite.
  func validate(_ owner: String) {
    switch self {
    case .leakyReLU(let slope):
      require(slope.isFinite, "\(owner): leakyReLU's negativeSlope must be finite (got \(slope))")
    case .elu(let alpha):
      require(alpha.isFinite, "\(owner): elu's alpha must be finite (got \(alpha))")
    default: break
    }
  }
}
