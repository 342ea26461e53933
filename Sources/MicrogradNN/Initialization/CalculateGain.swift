import MicrogradEngine

/// The gain PyTorch recommends for a nonlinearity: `torch.nn.init.calculate_gain`.
///
/// A gain multiplies the weights' standard deviation so that a layer followed by the
/// nonlinearity keeps the size of the signal. The values, computed exactly as PyTorch
/// computes them (`torch/nn/init.py`):
///
/// | nonlinearity | gain | where it comes from |
/// |---|---|---|
/// | linear, conv*, sigmoid | 1 | identity keeps variance; sigmoid: no derivation (its slope at 0 is 1/4) |
/// | tanh | 5/3 | an empirical value from Torch7 days, a bit above 1 to offset tanh's squashing |
/// | relu | √2 | He et al. 2015: ReLU zeroes half the signal, E[relu(u)²] = Var(u)/2 |
/// | leaky_relu | √(2 / (1 + slope²)) | He et al. 2015 for a negative slope (default 0.01) |
/// | selu | 3/4 | found empirically (PyTorch PR #50664); the SNN paper itself asks for 1 |
///
/// For other activations (GELU, SiLU, ELU, softsign, softplus) PyTorch has no value and this
/// function throws: compute one from the activation's shape with the mean-field theory
/// (`Docs/MeanField.md`). The story of each number: `Docs/Initialization.md`.
///
/// - Parameters:
///   - nonlinearity: PyTorch's name: "linear", "conv1d", "conv2d", "conv3d",
///     "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid", "tanh",
///     "relu", "leaky_relu", "selu".
///   - param: leaky ReLU's negative slope (nil means PyTorch's default, 0.01).
/// - Throws: `GainError.unsupported` for a name PyTorch does not know,
///   `GainError.invalidParameter` for a slope that is not a finite number.
public func calculateGain(_ nonlinearity: String, param: Double? = nil) throws(GainError) -> Double {
  switch nonlinearity {
  case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid":
    return 1
  case "tanh":
    return 5.0 / 3
  case "relu":
    return (2.0).squareRoot()
  case "leaky_relu":
    let negativeSlope = param ?? 0.01
    guard negativeSlope.isFinite else { throw .invalidParameter(nonlinearity: nonlinearity, param: negativeSlope) }
    // PyTorch: math.sqrt(2.0 / (1 + negative_slope ** 2)); Python's ** on floats is C's pow.
    return (2.0 / (1 + Math.pow(negativeSlope, 2))).squareRoot()
  case "selu":
    return 3.0 / 4
  default:
    throw .unsupported(nonlinearity: nonlinearity)
  }
}

/// PyTorch's gain for an activation (its `pytorchName`, and leaky ReLU's slope as the param).
///
/// - Throws: `GainError.unsupported` for GELU, SiLU, ELU, softsign and softplus, which PyTorch
///   has no gain for; `GainError.invalidParameter` for a non-finite slope.
public func calculateGain(_ activation: Activation) throws(GainError) -> Double {
  if case .leakyReLU(let slope) = activation {
    return try calculateGain("leaky_relu", param: slope)
  }
  return try calculateGain(activation.pytorchName)
}

/// Why `calculateGain` has no answer.
public enum GainError: Error, Equatable, CustomStringConvertible {
  /// PyTorch's `calculate_gain` does not know this nonlinearity (it raises
  /// `ValueError("Unsupported nonlinearity ...")`).
  case unsupported(nonlinearity: String)
  /// Leaky ReLU's slope is not a finite number.
  case invalidParameter(nonlinearity: String, param: Double)

  /// A message that names the problem and where to go instead.
  public var description: String {
    switch self {
    case .unsupported(let name):
      "calculateGain: PyTorch has no gain for '\(name)' (it knows linear, conv*, sigmoid, tanh, relu, leaky_relu, selu); "
        + "compute one from the activation with ComputedGains(for:) (Docs/MeanField.md)"
    case .invalidParameter(let name, let param):
      "calculateGain: \(name)'s negative slope must be a finite number (got \(param))"
    }
  }
}
