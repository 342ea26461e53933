/// An activation applied elementwise inside a packed layer (`Value.affine(…, activation:)`):
/// the op it records, φ on a number and φ′ on the pre-activation.
///
/// φ′ must be the factor the activation's own op multiplies by in its backward rule — for
/// tanh 1 − tanh²(u), for ReLU 1 where u > 0 and 0 elsewhere — so that a packed layer's
/// gradients are the per-sample graph's to the last bit. `Activation.nonlinearity` gives
/// the right pair for every activation of the package.
public struct Nonlinearity: Sendable {
  /// The op the layer's nodes record (`.tanh`, `.relu`, …).
  public var op: Op
  /// φ(u).
  public var function: @Sendable (Double) -> Double
  /// φ′(u).
  public var derivative: @Sendable (Double) -> Double

  /// An activation recorded as `op`, with φ and φ′.
  public init(
    op: Op, function: @escaping @Sendable (Double) -> Double, derivative: @escaping @Sendable (Double) -> Double
  ) {
    self.op = op
    self.function = function
    self.derivative = derivative
  }
}
