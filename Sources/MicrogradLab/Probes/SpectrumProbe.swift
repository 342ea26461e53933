import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// The singular values of a deep network's input-output Jacobian at initialization: the whole
/// picture of how it stretches directions, where the gain sweep watches only their average.
///
/// Build depth × square layers (no bias) with an initializer, take J = ∂h_L/∂x at a few N(0, 1)
/// inputs with the engine (`Value.jacobian(of:withRespectTo:)`, one reverse pass per output), and
/// find J's singular values (`SingularValues`). Beside them, `JacobianPrediction` from the
/// network's own weights.
///
/// ```swift
/// let gaussian = SpectrumProbe(.init(activation: .tanh, initializer: .xavierNormal(gain: 1), depth: 32)).run()
/// let orthogonal = SpectrumProbe(.init(activation: .tanh, initializer: .orthogonal(gain: 1), depth: 32)).run()
/// gaussian.meanSquare, orthogonal.meanSquare    // about the same: ∏ χ₁
/// gaussian.spread, orthogonal.spread            // Gaussian's far larger (Pennington et al. 2017)
/// ```
///
/// Dynamical isometry (Saxe et al. 2014; Pennington et al. 2017) is every σ near 1: mean σ² ≈ 1
/// *and* a small spread.
public struct SpectrumProbe: Sendable {
  /// What to run.
  public struct Configuration: Sendable, CustomStringConvertible {
    /// The nonlinearity after every layer.
    public var activation: Activation
    /// How the weights are drawn.
    public var initializer: WeightInitializer
    /// The number of layers.
    public var depth: Int
    /// The number of units per layer (and of inputs): J is width × width.
    public var width: Int
    /// At how many inputs J is taken.
    public var samples: Int
    /// The seed of the weights and inputs.
    public var seed: UInt64

    /// A configuration; width 32 and 4 samples take well under a second at depth 64 in release.
    public init(
      activation: Activation, initializer: WeightInitializer, depth: Int = 16, width: Int = 32, samples: Int = 4,
      seed: UInt64 = 0
    ) {
      require(depth >= 1, "SpectrumProbe: depth must be at least 1 (got \(depth))")
      require(width >= 1, "SpectrumProbe: width must be at least 1 (got \(width))")
      require(samples >= 1, "SpectrumProbe: samples must be at least 1 (got \(samples))")
      self.activation = activation
      self.initializer = initializer
      self.depth = depth
      self.width = width
      self.samples = samples
      self.seed = seed
    }

    /// "tanh, orthogonal(gain 1), depth 64, width 32, 4 samples, seed 0".
    public var description: String {
      "\(activation), \(initializer), depth \(depth), width \(width), \(samples) samples, seed \(seed)"
    }
  }

  /// The Jacobian's singular values at one input, and what they say.
  public struct Spectrum: Sendable, Hashable {
    /// σ₁ ≥ … ≥ σ_N.
    public var singularValues: SingularValues
    /// (1/N)·Σ σᵢ² = (1/N)·tr(JᵀJ): how much J stretches an average direction (squared).
    public var meanSquare: Double
    /// (1/N)·Σ (σᵢ² − mean)²: the variance of the squared singular values.
    var varianceOfSquares: Double

    /// The spectrum of a Jacobian.
    init(jacobian: [[Double]]) {
      singularValues = SingularValues(of: jacobian)
      let squares = singularValues.values.map { $0 * $0 }
      meanSquare = squares.mean
      varianceOfSquares = squares.variance
    }

    /// Var(σ²)/mean(σ²)²: the spread of the squared singular values once their mean is scaled
    /// to 1 (Pennington et al.'s σ²_JJᵀ at χ = 1). 0 for an isometry (up to scale); at most N − 1,
    /// when one direction takes all.
    public var spread: Double { varianceOfSquares / (meanSquare * meanSquare) }
  }

  /// What the probe measured.
  public struct Result: Sendable {
    /// One spectrum per input.
    public var spectra: [Spectrum]
    /// The mean-field and free-probability prediction for this network.
    public var prediction: JacobianPrediction
    /// The first layer whose pre-activations or outputs overflowed (a number that is not finite)
    /// at one of the inputs, or nil. At such an input the Jacobian means nothing (it may even
    /// come out finite: ReLU turns a NaN into 0 and its derivative there into 0), so its
    /// singular values are NaN (`SingularValues.isDefined`). An explosion is a result, not a crash.
    public var explodedAtLayer: Int?

    /// Whether the Jacobian at some input has no singular values (they are NaN): the forward pass
    /// overflowed there (`explodedAtLayer`), or, with every layer's numbers finite, the Jacobian's
    /// own entries (products of one derivative per layer) outgrew a `Double`.
    public var jacobianOverflowed: Bool { spectra.contains { !$0.singularValues.isDefined } }

    /// The mean of σ² over the inputs (each input's (1/N)·tr(JᵀJ), averaged).
    public var meanSquare: Double { spectra.map(\.meanSquare).mean }
    /// The spread Var(σ²)/mean(σ²)² of each input's spectrum, averaged over the inputs.
    public var spread: Double { spectra.map(\.spread).mean }
    /// The median over the inputs of σ₁/σ_N (∞ where J is singular).
    public var conditionNumber: Double {
      let sorted: [Double] = spectra.map(\.singularValues.conditionNumber).sorted()
      let middle = sorted.count / 2
      if sorted.count % 2 == 1 { return sorted[middle] }
      return (sorted[middle - 1] + sorted[middle]) / 2
    }
  }

  /// The configuration this probe runs.
  public var configuration: Configuration

  /// A probe for `configuration`.
  public init(_ configuration: Configuration) { self.configuration = configuration }

  /// The network (depth × square layers, no bias) and the inputs, both drawn from `seed`:
  /// the layers' weights first, then the inputs, N(0, 1) features. The weights are constants
  /// (`requiresGrad: false`: 8 bytes each; the Jacobian needs no gradient of a weight).
  public func draw() -> (network: MLP, inputs: [[Double]]) {
    let c = configuration
    var rng = SplitMix64(seed: c.seed)
    let network = MLP(
      inputs: c.width, sizes: Array(repeating: c.width, count: c.depth), activation: c.activation,
      outputActivation: c.activation, bias: false, initializer: c.initializer, requiresGrad: false, using: &rng)
    let inputs = (0..<c.samples).map { _ in (0..<c.width).map { _ in rng.gaussian() } }
    return (network, inputs)
  }

  /// Draws the network and inputs and measures the spectrum at each input.
  public func run() -> Result {
    let (network, inputs) = draw()
    return SpectrumProbe.measure(network, at: inputs)
  }

  /// The Jacobian spectrum of any network of square layers at `inputs` (an `LSUV` network, a
  /// trained one), with the prediction for its weights at the inputs' mean square E[x²].
  public static func measure(_ network: MLP, at inputs: [[Double]]) -> Result {
    require(!inputs.isEmpty, "SpectrumProbe.measure: needs at least one input (got none)")
    // One Jacobian at a time: each is dropped once its singular values are known.
    let measured = inputs.map { x in
      let (jacobian, overflow) = tracedJacobian(of: network, at: x)
      // Past an overflow the entries mean nothing, finite or not: no singular values (NaN).
      let spectrum = Spectrum(jacobian: overflow == nil ? jacobian : jacobian.map { $0.map { _ in .nan } })
      return (spectrum: spectrum, overflowLayer: overflow)
    }
    let inputVariance = inputs.flatMap { $0.map { $0 * $0 } }.mean
    return Result(
      spectra: measured.map(\.spectrum), prediction: JacobianPrediction(network: network, inputVariance: inputVariance),
      explodedAtLayer: measured.compactMap(\.overflowLayer).min())
  }

  /// The Jacobian at x, as `jacobian(of:at:)` computes it (on the same graph), and the first layer
  /// whose pre-activations or outputs at x are not all finite, or nil.
  static func tracedJacobian(of network: MLP, at x: [Double]) -> (jacobian: [[Double]], overflowLayer: Int?) {
    let constant = network.layers.contains(where: \.requiresGrad) ? network.frozen() : network
    let trace = ForwardTrace(constant, inputs: [x])
    return (Value.jacobian(of: trace.outputs[0], withRespectTo: trace.inputs[0]), trace.forwardOverflowLayer)
  }

  /// J[i][j] = ∂(output i)/∂(input j) at x: the network's graph for this one input, then one
  /// reverse pass per output (the weights' gradients are left as they were).
  public static func jacobian(of network: MLP, at x: [Double]) -> [[Double]] {
    // Constant weights: each reverse pass then computes the inputs' gradients only (the
    // Jacobian is the same; the weights' gradients would be thrown away).
    let inputs = x.map { Value($0) }
    let constant = network.layers.contains(where: \.requiresGrad) ? network.frozen() : network
    return Value.jacobian(of: constant(batch: [inputs])[0], withRespectTo: inputs)
  }
}
