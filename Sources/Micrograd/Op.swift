/// The operation that produced a `Value`: a label for drawing and debugging the graph.
///
/// The gradient rule itself lives in the node's backward closure; `Op` only names it.
public enum Op: String, Sendable, CaseIterable, CustomStringConvertible {
  /// An input or a parameter: a value nobody computed.
  case leaf = "leaf"
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case negate = "neg"
  case pow = "pow"
  case exp = "exp"
  case log = "log"
  case sqrt = "sqrt"
  case abs = "abs"
  case tanh = "tanh"
  case relu = "relu"
  case sigmoid = "sigmoid"
  case leakyReLU = "leaky_relu"
  case elu = "elu"
  case selu = "selu"
  case gelu = "gelu"
  case silu = "silu"
  case softsign = "softsign"
  case softplus = "softplus"
  /// Σ xᵢ over many values, recorded as one node.
  case sum = "sum"
  /// Σ wᵢ·xᵢ over two arrays, recorded as one node.
  case dot = "dot"
  /// Σ wᵢ·xᵢ + b, a neuron's pre-activation, recorded as one node.
  case affine = "w·x+b"

  /// The label drawn for this op (`+`, `*`, `tanh`, …).
  public var description: String { rawValue }
}
