import MicrogradNN

extension MeanField {
  /// The mean-field prediction of what `GainSweepProbe` measures, layer by layer.
  public struct Profile: Sendable, Hashable {
    /// `outputStd[l]`: the std of layer l+1's outputs φ(h), h ~ N(0, q(l+1)).
    public var outputStd: [Double]
    /// `gradientMeanAbs[l]`: the mean |∂L/∂h| of the input (l = 0) and of layers 1…L,
    /// for L = sum of the last layer's outputs: √(2/π)·√E[g²] below the last layer (its
    /// gradients are Gaussian), exactly 1 at the last.
    public var gradientMeanAbs: [Double]
  }

  /// The predicted output std of every layer and mean |gradient| of the input and every
  /// layer of a `layers`-deep network (the curves beside the measured ones in `fixed-point`
  /// and the gain explorer): `postActivationStd` of each `lengths` value, and
  /// √(2/π · `gradientSecondMoments`) with the last layer's 1.
  ///
  /// Each E[φ²] serves both the next length and the std, a run of layers with equal q (a
  /// network sitting exactly at its fixed point) shares one std and one χ₁, and E[φ] is 0
  /// without an integral for odd φ (`isOdd`): a tanh network costs two Gaussian integrals per
  /// layer until it reaches its fixed point.
  public func profile(inputVariance: Double = 1, layers: Int) -> Profile {
    let (qs, squares) = lengthsAndSquares(inputVariance: inputVariance, layers: layers)
    var std: [Double] = []
    std.reserveCapacity(layers)
    for (l, q) in qs.enumerated() {
      std.append(l > 0 && q == qs[l - 1] ? std[l - 1] : postActivationStd(q: q, square: squares[l]))
    }
    let moments = gradientSecondMoments(lengths: qs)
    let gradient = moments.indices.map { $0 == layers ? 1 : (2 / Double.pi * moments[$0]).squareRoot() }
    return Profile(outputStd: std, gradientMeanAbs: gradient)
  }
}
