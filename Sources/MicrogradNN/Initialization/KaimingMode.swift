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

  /// The mode PyTorch calls `name` ("fan_in" or "fan_out"; "fanIn" and "fanOut" too).
  ///
  /// - Throws: `KaimingMode.UnknownMode`, whose message names the value and the choices.
  public init(parsing name: String) throws(UnknownMode) {
    switch name {
    case "fan_in", "fanIn": self = .fanIn
    case "fan_out", "fanOut": self = .fanOut
    default: throw UnknownMode(name: name)
    }
  }

  /// A mode name that is neither "fan_in" nor "fan_out".
  public struct UnknownMode: Error, CustomStringConvertible {
    /// The name that was given.
    public var name: String
    /// "Kaiming mode must be 'fan_in' or 'fan_out' (got 'fan_avg')".
    public var description: String { "Kaiming mode must be 'fan_in' or 'fan_out' (got '\(name)')" }
  }

  /// PyTorch's spelling: "fan_in" or "fan_out".
  public var description: String { rawValue }
}
