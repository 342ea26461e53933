import MicrogradEngine

/// Anything with trainable parameters: a `Neuron`, a `Layer`, an `MLP` (micrograd's `Module`).
public protocol Module {
  /// Every trainable value, in a fixed order (for a neuron: its weights, then its bias).
  var parameters: [Value] { get }
  /// Sets the gradient of every parameter to 0, before the next `backward()`.
  func zeroGrad()
}

extension Module {
  /// Sets every parameter's `grad` to 0 (leaves accumulate across `backward()` calls).
  public func zeroGrad() {
    for p in parameters { p.grad = 0 }
  }

  /// micrograd's spelling of `zeroGrad()`, so its training loop compiles as written.
  public func zero_grad() { zeroGrad() }

  /// The number of trainable parameters: 337 for micrograd's `MLP(2, [16, 16, 1])`.
  public var parameterCount: Int { parameters.count }
}
