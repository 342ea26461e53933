import MicrogradEngine
import MicrogradNN

/// The three Gaussian averages of an activation that the mean-field theory needs.
///
/// With pre-activations h ~ N(0, q) (the central-limit picture of a wide layer):
/// - `gaussianMean(q:)` = E[φ(h)], the mean of the layer's outputs;
/// - `gaussianSquare(q:)` = E[φ(h)²], which sets the next layer's variance (the length map);
/// - `gaussianDerivativeSquare(q:)` = E[φ′(h)²], which sets how gradients scale (χ₁).
///
/// Each is one call of `Gaussian.expectation(q:kinks:_:)`, split at the activation's kinks.
extension Activation {
  /// E[φ(√q·z)], z ~ N(0, 1): the mean of φ(h) for h ~ N(0, q). Exactly 0 for odd φ
  /// (`isOdd`), whose positive and negative halves cancel.
  func gaussianMean(q: Double) -> Double {
    if isOdd { return 0 }
    return Gaussian.expectation(q: q, kinks: kinks) { function($0) }
  }

  /// E[φ(√q·z)²], z ~ N(0, 1): the second moment of φ(h) for h ~ N(0, q).
  /// ReLU: q/2. Identity: q. For positively homogeneous φ it is q·E[φ(z)²] exactly, which
  /// stays finite for every finite q (the integrand φ(√q·z)² would overflow from q ≈ 10³⁰⁵).
  func gaussianSquare(q: Double) -> Double {
    if isPositivelyHomogeneous && q.isFinite && q > 0 && q != 1 { return q * gaussianSquare(q: 1) }
    return Gaussian.expectation(q: q, kinks: kinks) { x in
      let y = function(x)
      return y * y
    }
  }

  /// E[φ′(√q·z)²], z ~ N(0, 1): the second moment of the local slope. ReLU: 1/2 for every q.
  func gaussianDerivativeSquare(q: Double) -> Double {
    Gaussian.expectation(q: q, kinks: kinks) { x in
      let d = derivative(x)
      return d * d
    }
  }

  /// Whether φ(−x) = −φ(x) (identity, tanh, softsign, and leaky ReLU with slope 1): then
  /// E[φ(h)] = 0 for h ~ N(0, q), and a layer's outputs have mean 0 at initialization.
  var isOdd: Bool {
    switch self {
    case .identity, .tanh, .softsign: true
    case .leakyReLU(let slope): slope == 1
    case .sigmoid, .relu, .elu, .selu, .gelu, .silu, .softplus: false
    }
  }

  /// Whether φ(c·x) = c·φ(x) for every c > 0 (identity, ReLU, leaky ReLU). For these the
  /// Gaussian averages scale exactly with q — E[φ(√q·z)²] = q·E[φ(z)²] — so a network's
  /// variance changes by the same factor in every layer, whatever its size.
  var isPositivelyHomogeneous: Bool {
    switch self {
    case .identity, .relu, .leakyReLU: true
    default: false
    }
  }
}
