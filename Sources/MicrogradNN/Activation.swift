import MicrogradEngine

/// A nonlinearity φ: applied to a `Value` (recording a node) or to a plain `Double`, with
/// its derivative, so the same activation drives a network, a fast forward probe and the
/// mean-field theory.
///
/// ```swift
/// let h = Activation.tanh(u)          // a node, backward rule (1 - t*t) * out.grad
/// Activation.tanh.function(0.5)        // 0.46211715726000974
/// Activation.tanh.derivative(0.5)      // 1 - tanh²(0.5)
/// ```
public enum Activation: Sendable, Hashable {
  /// φ(x) = x: a linear layer (micrograd's last layer). PyTorch calls it "linear".
  case identity
  /// φ(x) = tanh(x).
  case tanh
  /// φ(x) = 1/(1 + e⁻ˣ).
  case sigmoid
  /// φ(x) = max(0, x).
  case relu
  /// φ(x) = x for x > 0, else slope·x. PyTorch's default slope is 0.01.
  case leakyReLU(negativeSlope: Double = 0.01)
  /// φ(x) = x for x > 0, else α(eˣ − 1) (Clevert et al. 2015).
  case elu(alpha: Double = 1)
  /// φ(x) = λx for x > 0, else λα(eˣ − 1), α ≈ 1.6733, λ ≈ 1.0507 (Klambauer et al. 2017).
  case selu
  /// φ(x) = x·Φ(x), the exact (erf) GELU (Hendrycks & Gimpel 2016).
  case gelu
  /// φ(x) = x·σ(x), also called swish (Elfwing et al. 2017; Ramachandran et al. 2017).
  case silu
  /// φ(x) = x/(1 + |x|) (Bergstra et al. 2009; Glorot & Bengio 2010).
  case softsign
  /// φ(x) = log(1 + eˣ).
  case softplus

  /// Every activation, with default parameters.
  public static let allCases: [Activation] = [
    .identity, .tanh, .sigmoid, .relu, .leakyReLU(), .elu(), .selu, .gelu, .silu, .softsign, .softplus,
  ]

  /// Applies φ to a value, recording one node (none for `.identity`).
  func callAsFunction(_ x: Value) -> Value {
    switch self {
    case .identity: x
    case .tanh: x.tanh()
    case .sigmoid: x.sigmoid()
    case .relu: x.relu()
    case .leakyReLU(let slope): x.leakyReLU(slope)
    case .elu(let alpha): x.elu(alpha: alpha)
    case .selu: x.selu()
    case .gelu: x.gelu()
    case .silu: x.silu()
    case .softsign: x.softsign()
    case .softplus: x.softplus()
    }
  }

  /// φ(x) on a plain number: the same arithmetic as the `Value` op, without a graph.
  public func function(_ x: Double) -> Double {
    switch self {
    case .identity: x
    case .tanh: Math.tanh(x)
    case .sigmoid: Math.sigmoid(x)
    case .relu: x > 0 ? x : 0
    case .leakyReLU(let slope): Math.leakyReLU(x, negativeSlope: slope)
    case .elu(let alpha): Math.elu(x, alpha: alpha)
    case .selu: Math.selu(x)
    case .gelu: Math.gelu(x)
    case .silu: Math.silu(x)
    case .softsign: Math.softsign(x)
    case .softplus: Math.softplus(x)
    }
  }

  /// φ′(x) on a plain number (at a kink, the value the `Value` op's backward rule uses).
  package func derivative(_ x: Double) -> Double {
    switch self {
    case .identity: return 1
    case .tanh:
      let t = Math.tanh(x)
      return 1 - t * t
    case .sigmoid:
      let s = Math.sigmoid(x)
      return s * (1 - s)
    case .relu: return x > 0 ? 1 : 0
    case .leakyReLU(let slope): return Math.leakyReLUDerivative(x, negativeSlope: slope)
    case .elu(let alpha): return Math.eluDerivative(x, alpha: alpha)
    case .selu: return Math.seluDerivative(x)
    case .gelu: return Math.geluDerivative(x)
    case .silu: return Math.siluDerivative(x)
    case .softsign: return Math.softsignDerivative(x)
    case .softplus: return Math.sigmoid(x)
    }
  }

  /// The op a node of φ records (`.tanh`, `.relu`, …); nil for the identity, which records none.
  /// A layer over a batch (`AffineBlock`) labels its nodes with it.
  var op: Op? {
    switch self {
    case .identity: nil
    case .tanh: .tanh
    case .sigmoid: .sigmoid
    case .relu: .relu
    case .leakyReLU: .leakyReLU
    case .elu: .elu
    case .selu: .selu
    case .gelu: .gelu
    case .silu: .silu
    case .softsign: .softsign
    case .softplus: .softplus
    }
  }

  /// Points where φ or φ′ is not smooth (where a numerical integral should be split):
  /// x = 0 for relu, leaky relu, elu, selu and softsign; none for the others.
  package var kinks: [Double] {
    switch self {
    case .relu, .leakyReLU, .elu, .selu, .softsign: [0]
    case .identity, .tanh, .sigmoid, .gelu, .silu, .softplus: []
    }
  }

  /// Our name, as accepted by `init?(name:)`: "tanh", "leakyReLU", "elu", ….
  public var name: String {
    switch self {
    case .identity: "identity"
    case .tanh: "tanh"
    case .sigmoid: "sigmoid"
    case .relu: "relu"
    case .leakyReLU: "leakyReLU"
    case .elu: "elu"
    case .selu: "selu"
    case .gelu: "gelu"
    case .silu: "silu"
    case .softsign: "softsign"
    case .softplus: "softplus"
    }
  }

  /// The name PyTorch uses for it in `torch.nn.functional` and `calculate_gain`
  /// ("linear" for the identity, "leaky_relu" for leaky ReLU).
  public var pytorchName: String {
    switch self {
    case .identity: "linear"
    case .leakyReLU: "leaky_relu"
    default: name
    }
  }

  /// The activation with this name (ours or PyTorch's, any case), with its parameter
  /// after a colon: "tanh", "leaky_relu:0.2", "elu:0.5". Nil for an unknown name, or a
  /// parameter that is empty ("leakyReLU:"), not a finite number in decimal notation
  /// ("0x10", "inf"), or given to an activation that takes none ("tanh:2").
  public init?(name: String) {
    let parts = name.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    let key = parts.first?.lowercased().replacingUnderscores() ?? ""
    var parameter: Double?
    if parts.count == 2 {
      let decimal = !parts[1].isEmpty && parts[1].allSatisfy { "0123456789.eE+-".contains($0) }
      guard decimal, let p = Double(parts[1]), p.isFinite else { return nil }
      parameter = p
    }
    switch key {
    case "identity", "linear", "none": self = .identity
    case "tanh": self = .tanh
    case "sigmoid": self = .sigmoid
    case "relu": self = .relu
    case "leakyrelu": self = .leakyReLU(negativeSlope: parameter ?? 0.01)
    case "elu": self = .elu(alpha: parameter ?? 1)
    case "selu": self = .selu
    case "gelu": self = .gelu
    case "silu", "swish": self = .silu
    case "softsign": self = .softsign
    case "softplus": self = .softplus
    default: return nil
    }
    let takesParameter = key == "leakyrelu" || key == "elu"
    if parameter != nil && !takesParameter { return nil }
  }
}

extension Activation: CustomStringConvertible {
  /// "tanh", "leakyReLU(0.2)", "elu(1.0)".
  public var description: String {
    switch self {
    case .leakyReLU(let slope): "leakyReLU(\(slope))"
    case .elu(let alpha): "elu(\(alpha))"
    default: name
    }
  }
}

extension String {
  func replacingUnderscores() -> String { String(filter { $0 != "_" && $0 != "-" }) }
}
