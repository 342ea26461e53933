import MicrogradEngine

/// Which fan Kaiming initialization divides by: the number of inputs or of outputs.
///
/// He et al. (2015) derive both. With `fanIn`, the variance of the forward signal is kept
/// from layer to layer (PyTorch's default); with `fanOut`, the variance of the gradients
/// flowing back. PyTorch: the `mode` argument of `kaiming_uniform_` and `kaiming_normal_`.
public enum KaimingMode: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  /// Divide by the number of inputs of a neuron (PyTorch's default, `mode="fan_in"`).
  case fanIn = "fan_in"
  /// Divide by the number of neurons of the layer (`mode="fan_out"`).
  case fanOut = "fan_out"

  /// The mode PyTorch calls `name` ("fan_in" or "fan_out"; "fanIn" and "fanOut" too), or nil —
  /// the same way `Activation(name:)` and `WeightInitializer(name:gain:nonlinearity:)` read names.
  public init?(name: String) {
    switch name {
    case "fan_in", "fanIn": self = .fanIn
    case "fan_out", "fanOut": self = .fanOut
    default: return nil
    }
  }

  /// PyTorch's spelling: "fan_in" or "fan_out".
  public var description: String { rawValue }
}
