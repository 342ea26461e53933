import MicrogradEngine
import MicrogradSupport

/// How a layer's biases are set before training.
///
/// micrograd starts every bias at 0 (the default here). PyTorch's `nn.Linear` draws them from
/// U(−1/√fanIn, 1/√fanIn). A large bias shifts every pre-activation off zero, one of the ways
/// a tanh layer saturates (the `tanh-saturation` example).
public enum BiasInitializer: Sendable, Hashable, CustomStringConvertible {
  /// Every bias 0 (micrograd; PyTorch's `zeros_`).
  case zeros
  /// Every bias equal to the value (PyTorch's `constant_`).
  case constant(Double)
  /// U(a, b) (PyTorch's `uniform_`).
  case uniform(a: Double, b: Double)
  /// N(mean, std²) (PyTorch's `normal_`).
  case normal(mean: Double = 0, std: Double)
  /// What `nn.Linear` does: U(−1/√fanIn, 1/√fanIn), `bound = 1 / math.sqrt(fan_in)` in
  /// PyTorch's `reset_parameters`.
  case pytorchLinear

  /// The biases of a layer with `fanOut` neurons of `fanIn` inputs each.
  func biases(fanOut: Int, fanIn: Int, using rng: inout some RandomNumberGenerator) -> [Double] {
    require(fanOut >= 1, "BiasInitializer.biases: fanOut must be at least 1 (got \(fanOut))")
    switch self {
    case .zeros:
      return Array(repeating: 0, count: fanOut)
    case .constant(let value):
      require(value.isFinite, "BiasInitializer.constant: value must be finite (got \(value))")
      return Array(repeating: value, count: fanOut)
    case .uniform(let a, let b):
      require(a.isFinite && b.isFinite && a <= b, "BiasInitializer.uniform: need finite a ≤ b (got a = \(a), b = \(b))")
      return (0..<fanOut).map { _ in rng.uniform(a, b) }
    case .normal(let mean, let std):
      require(mean.isFinite, "BiasInitializer.normal: mean must be finite (got \(mean))")
      require(std.isFinite && std >= 0, "BiasInitializer.normal: std must be finite and ≥ 0 (got \(std))")
      return (0..<fanOut).map { _ in rng.gaussian(mean: mean, std: std) }
    case .pytorchLinear:
      require(fanIn >= 1, "BiasInitializer.pytorchLinear: fanIn must be at least 1 (got \(fanIn))")
      let bound = 1 / Double(fanIn).squareRoot()
      return (0..<fanOut).map { _ in rng.uniform(-bound, bound) }
    }
  }

  /// The same, with the system's random generator (not reproducible: pass `using:` for that).
  func biases(fanOut: Int, fanIn: Int) -> [Double] {
    var rng = SystemRandomNumberGenerator()
    return biases(fanOut: fanOut, fanIn: fanIn, using: &rng)
  }

  /// "zeros", "U(-0.5, 0.5)", "pytorchLinear".
  public var description: String {
    switch self {
    case .zeros: "zeros"
    case .constant(let value): "constant(\(value))"
    case .uniform(let a, let b): "U(\(a), \(b))"
    case .normal(let mean, let std): "N(\(mean), \(std)²)"
    case .pytorchLinear: "pytorchLinear"
    }
  }
}
