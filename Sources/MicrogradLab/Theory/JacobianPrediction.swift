import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// What mean-field theory and free probability predict for the squared singular values of a
/// deep network's input-output Jacobian J = ∂h_L/∂x at initialization, for a wide network.
///
/// J = D_L·W_L ⋯ D_1·W_1, with D_l = diag(φ′(u_l)) the slopes of layer l at its pre-activations.
///
/// - **The mean** of σ² is (1/N)·tr(JᵀJ). Going back through layer l multiplies it by
///   χ₁(q_l) = σ_w,l²·E[φ′(√q_l·z)²] (the χ₁ of `MeanField`, at the layer's own pre-activation
///   variance q_l from the length map), so the mean is ∏_l χ₁(q_l): χ₁^L at a fixed point.
/// - **The spread**, Var(σ²)/mean(σ²)²: the variance of the squared singular values once their
///   mean is scaled to 1. JJᵀ is a product of the matrices D_l² and W_lW_lᵀ, which are
///   asymptotically free (Pennington, Schoenholz & Ganguli 2017, "Resurrecting the sigmoid in
///   deep learning through dynamical isometry"). For free factors the first coefficients of the
///   S-transforms add, and for a spectrum of mean 1 that coefficient is minus its variance: so
///   the spread is the **sum over layers** of the spreads of D_l² and W_lW_lᵀ:
///
///       spread = Σ_l [ μ₂,l/μ₁,l² − 1 ]  +  Σ_l v_W,l,     μ_k,l = E[φ′(√q_l·z)^(2k)],
///
///   with v_W = 1 for Gaussian weights (Marchenko–Pastur) and 0 for orthogonal ones: the
///   paper's σ²_JJᵀ = L·(μ₂/μ₁² − 1 − s₁) with s₁ = −1 and 0. Here v_W,l is read off the actual
///   weights, (1/n)·tr((WWᵀ)²)/((1/n)·tr(WWᵀ))² − 1, so any initializer can be predicted.
///
/// Both are limits of infinite width: at width N a product of L Gaussian layers fluctuates from
/// network to network (its logarithm by about L/N), and the spread of N numbers cannot exceed
/// N − 1. `Docs/Isometry.md` measures how far the limits carry.
public struct JacobianPrediction: Sendable, Hashable {
  /// q_l: the predicted variance of each layer's pre-activations.
  public var lengths: [Double]
  /// χ₁(q_l) of each layer: the factor it multiplies the mean of σ² by.
  public var chi1: [Double]
  /// μ₂/μ₁² − 1 of each layer: the spread of D_l², its slopes squared.
  public var slopeSpreads: [Double]
  /// v_W of each layer: the spread of the eigenvalues of W_lW_lᵀ (0 if orthogonal, ≈ 1 if Gaussian).
  public var weightSpreads: [Double]

  /// ∏_l χ₁(q_l): the predicted mean of the squared singular values.
  public var meanSquare: Double { chi1.reduce(1, *) }

  /// Σ_l (slope spread + weight spread): the predicted Var(σ²)/mean(σ²)².
  public var spread: Double { slopeSpreads.reduce(0, +) + weightSpreads.reduce(0, +) }

  /// The prediction for a distribution: `depth` layers whose weights have variance σ_w²/N
  /// (`weightVariance` = σ_w² = gain²), no bias, and eigenvalues of WWᵀ with spread
  /// `weightSpread`: 1 for Gaussian weights (Marchenko–Pastur), 0 for orthogonal ones.
  ///
  /// - Parameter inputVariance: E[x²] of the inputs (1 for N(0, 1) features).
  public init(
    activation: Activation, weightVariance: Double, weightSpread: Double, depth: Int, inputVariance: Double = 1
  ) {
    require(depth >= 1, "JacobianPrediction: depth must be at least 1 (got \(depth))")
    let layer = (activation: activation, weightVariance: weightVariance, biasVariance: 0.0, weightSpread: weightSpread)
    self.init(layers: Array(repeating: layer, count: depth), inputVariance: inputVariance)
  }

  /// The prediction for a network of square layers, from its own weights: layer l's σ_w² is
  /// ‖W_l‖²_F/N (the weight variance times the fan-in), its σ_b² the mean square of its biases,
  /// its weight spread that of W_lW_lᵀ's eigenvalues.
  ///
  /// - Parameter inputVariance: E[x²] of the inputs (1 for N(0, 1) features).
  /// - Precondition: every layer is square.
  init(network: MLP, inputVariance: Double = 1) {
    let layers = network.layers.enumerated().map { index, layer in
      require(
        layer.inputs == layer.outputs,
        "JacobianPrediction: layer \(index + 1) must be square (got \(layer.outputs) × \(layer.inputs))")
      let w = layer.weightMatrix
      let n = Double(layer.outputs)
      let frobenius = w.reduce(0) { $0 + $1.reduce(0) { $0 + $1 * $1 } }
      let biases = layer.biasVector ?? []
      return (
        activation: layer.activation, weightVariance: frobenius / n,
        biasVariance: biases.reduce(0) { $0 + $1 * $1 } / n,
        weightSpread: JacobianPrediction.eigenvalueSpread(ofGram: w)
      )
    }
    self.init(layers: layers, inputVariance: inputVariance)
  }

  /// Runs the length map through the layers, collecting χ₁ and the two spreads of each.
  private init(
    layers: [(activation: Activation, weightVariance: Double, biasVariance: Double, weightSpread: Double)],
    inputVariance: Double
  ) {
    require(
      inputVariance.isFinite && inputVariance >= 0,
      "JacobianPrediction: inputVariance must be finite and ≥ 0 (got \(inputVariance))")
    var q = 0.0
    (lengths, chi1, slopeSpreads, weightSpreads) = ([], [], [], [])
    for (index, layer) in layers.enumerated() {
      let field = MeanField(
        activation: layer.activation, weightVariance: layer.weightVariance, biasVariance: layer.biasVariance)
      // q_l = σ_w²·E[x²] + σ_b²: the inputs themselves for the first layer, E[φ(√q·z)²] of the
      // previous layer's φ and q after that.
      let secondMoment = index == 0 ? inputVariance : layers[index - 1].activation.gaussianSquare(q: q)
      q = field.weightVariance * secondMoment + field.biasVariance
      lengths.append(q)
      chi1.append(field.chi1(q: q))
      slopeSpreads.append(JacobianPrediction.slopeSpread(layer.activation, q: q))
      weightSpreads.append(layer.weightSpread)
    }
  }

  /// μ₂/μ₁² − 1 with μ_k = E[φ′(√q·z)^(2k)]: how unequal the squared slopes of a layer are.
  /// 0 for the identity; 1 for ReLU (φ′² is 0 or 1, each half the time); → 0 for tanh as q → 0.
  public static func slopeSpread(_ activation: Activation, q: Double) -> Double {
    let mu1 = activation.gaussianDerivativeSquare(q: q)
    let mu2 = Gaussian.expectation(q: q, kinks: activation.kinks) { x in
      let d = activation.derivative(x)
      return d * d * d * d
    }
    return mu1 > 0 ? mu2 / (mu1 * mu1) - 1 : .nan
  }

  /// (1/n)·tr(G²)/((1/n)·tr G)² − 1 for G = W·Wᵀ (n rows): the variance of G's eigenvalues
  /// over their mean squared. tr(G²) = ‖WWᵀ‖²_F, the sum of squared row dot products.
  package static func eigenvalueSpread(ofGram w: [[Double]]) -> Double {
    let n = Double(w.count)
    var trace = 0.0, traceOfSquare = 0.0
    for i in w.indices {
      for j in w.indices {
        var dot = 0.0
        for k in w[i].indices { dot += w[i][k] * w[j][k] }
        if i == j { trace += dot }
        traceOfSquare += dot * dot
      }
    }
    let mean = trace / n
    return mean > 0 ? (traceOfSquare / n) / (mean * mean) - 1 : .nan
  }
}
