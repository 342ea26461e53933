import MicrogradEngine

/// micrograd's `Layer` and `MLP` are batch modules too, so a `Sequential` can hold them
/// next to `BatchNorm1d`, `LayerNorm` and `Residual`.
extension Layer: BatchModule {
  /// `inputs`.
  public var inputFeatures: Int? { inputs }

  /// `outputs`.
  public func outputFeatures(inputs: Int) -> Int { outputs }
}

extension MLP: BatchModule {
  /// `inputs`.
  public var inputFeatures: Int? { inputs }

  /// The last layer's `outputs`.
  public func outputFeatures(inputs: Int) -> Int { layers[layers.count - 1].outputs }
}
