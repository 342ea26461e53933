/// The operation that produced a `Value`: a label for drawing and debugging the graph.
///
/// The gradient rule itself lives in the node's backward closure; `Op` only names it.
public enum Op: String, Sendable, CaseIterable, CustomStringConvertible {
  /// An input or a parameter: a value nobody computed.
  case leaf = "leaf"
  /// a + b.
  case add = "+"
  /// a − b.
  case subtract = "-"
  /// a · b.
  case multiply = "*"
  /// a / b.
  case divide = "/"
  /// c − a for a constant c (PyTorch's `rsub`): drawn as `c -`.
  case reverseSubtract = "rsub"
  /// c / a for a constant c (Python's `__rtruediv__`): drawn as `c /`.
  case reverseDivide = "rdiv"
  /// −a.
  case negate = "neg"
  /// xⁿ for a constant n.
  case pow = "pow"
  /// eˣ.
  case exp = "exp"
  /// ln x.
  case log = "log"
  /// √x.
  case sqrt = "sqrt"
  /// |x|.
  case abs = "abs"
  /// tanh x.
  case tanh = "tanh"
  /// max(0, x).
  case relu = "relu"
  /// 1 / (1 + e⁻ˣ).
  case sigmoid = "sigmoid"
  /// x for x > 0, slope·x otherwise.
  case leakyReLU = "leaky_relu"
  /// x for x > 0, α(eˣ − 1) otherwise.
  case elu = "elu"
  /// λ·elu(x, α) with the SNN paper's λ and α.
  case selu = "selu"
  /// x·Φ(x), Φ the standard normal CDF.
  case gelu = "gelu"
  /// x·sigmoid(x).
  case silu = "silu"
  /// x / (1 + |x|).
  case softsign = "softsign"
  /// ln(1 + eˣ).
  case softplus = "softplus"
  /// ln σ(x) = −softplus(−x).
  case logSigmoid = "log_sigmoid"
  /// zᵢ − ln Σⱼ e^(zⱼ), one entry of a log-softmax.
  case logSoftmax = "log_softmax"
  /// Σ xᵢ over many values, recorded as one node.
  case sum = "sum"
  /// Σ wᵢ·xᵢ over two arrays, recorded as one node.
  case dot = "dot"
  /// Σ wᵢ·xᵢ + b, a neuron's pre-activation, recorded as one node.
  case affine = "w·x+b"

  /// The label drawn for this op (`+`, `*`, `tanh`, …).
  public var description: String { rawValue }
}
