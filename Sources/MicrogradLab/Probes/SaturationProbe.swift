import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// A learner's question, as an experiment: why do so many first-layer tanh units output ±1,
/// and why does that stop the first layer from learning?
///
/// A small tanh MLP (`inputs → hidden… → 1`, linear output) sees a batch of *raw* features
/// (each with its own offset and scale, like measurements in different units), with weights
/// drawn too large and a bias that pushes every pre-activation off zero. Then
///
///     u = W₁x + b₁,   h = tanh(u),   ∂L/∂W₁ = ((W₂ᵀ ∂L/∂y) ⊙ (1 − h²)) xᵀ
///
/// and when |h| ≈ 1 the factor 1 − h² is ≈ 0: the first layer's gradient is switched off.
/// The usual fixes — Xavier initialization, input standardization, zero bias — change one
/// setting of the configuration each, with the same random draws, so only the fix changes
/// (the `tanh-saturation` example applies them one after the other).
///
/// ```swift
/// var configuration = SaturationProbe.Configuration()      // the bad network
/// print(SaturationProbe(configuration).run().statistics[0].saturatedFraction)   // ≈ 1.0
/// configuration.initializer = .xavierNormal(gain: 1)
/// configuration.standardizeInputs = true
/// configuration.bias = 0
/// print(SaturationProbe(configuration).run().statistics[0].saturatedFraction)   // < 0.05
/// ```
public struct SaturationProbe: Sendable {
  /// What to run.
  public struct Configuration: Sendable {
    /// Input features.
    public var inputs: Int = 10
    /// Hidden layer sizes (all tanh); a linear layer with one output follows.
    public var hidden: [Int] = [64, 64]
    /// Samples in the batch.
    public var batch: Int = 256
    /// Whether each feature is standardized (zero mean, unit variance over the batch) before the network.
    public var standardizeInputs: Bool = false
    /// How the weights are drawn.
    public var initializer: WeightInitializer = .normal(std: 1)
    /// The bias of every hidden unit (the output bias is 0).
    public var bias: Double = 3
    /// The activation of the hidden layers.
    public var activation: Activation = .tanh
    /// The seed of the data and the weights.
    public var seed: UInt64 = 2

    /// The bad network: raw inputs, weights N(0, 1), every hidden bias 3.
    public init() {}
  }

  /// What one run measured.
  public struct Result {
    /// The traced forward pass, after `backward()` of the loss.
    public let trace: ForwardTrace
    /// The mean squared error against the ±1 targets.
    public let loss: Double
    /// Per-layer statistics (saturated % at |h| > 0.97).
    public let statistics: [LayerStatistics]
    /// The first layer whose pre-activations or outputs overflowed a `Double` (a number that is ∞ or NaN), or nil.
    /// From there on the layers' numbers are ∞, NaN or meaningless (ReLU turns NaN into 0), and so is every
    /// gradient, which comes back from the loss through that layer: an explosion, reported, not a crash.
    public let explodedAtLayer: Int?
    /// When the forward pass stayed finite, the layer nearest the output whose gradients (of its outputs or of
    /// its weights) overflowed on the way back from the loss, or nil; every layer before it has ∞ or NaN
    /// gradients too.
    public let gradientsExplodedAtLayer: Int?
  }

  /// The configuration this probe runs.
  public var configuration: Configuration

  /// A probe for `configuration`.
  public init(_ configuration: Configuration) {
    require(configuration.inputs >= 1, "SaturationProbe: inputs must be at least 1 (got \(configuration.inputs))")
    require(configuration.batch >= 2, "SaturationProbe: batch must be at least 2 (got \(configuration.batch))")
    require(
      configuration.hidden.allSatisfy { $0 >= 1 },
      "SaturationProbe: hidden sizes must be at least 1 (got \(configuration.hidden))")
    self.configuration = configuration
  }

  /// The batch of raw features: feature j is offset_j + scale_j · z with offsets in [0, 100)
  /// and scales in [1, 20), like measurements in unrelated units; and ±1 targets (whether
  /// the first two features are, together, above their typical value).
  func data() -> (inputs: [[Double]], targets: [Double]) {
    let c = configuration
    var rng = SplitMix64(seed: c.seed)
    let offsets = (0..<c.inputs).map { _ in rng.uniform(0, 100) }
    let scales = (0..<c.inputs).map { _ in rng.uniform(1, 20) }
    let z = (0..<c.batch).map { _ in (0..<c.inputs).map { _ in rng.gaussian() } }
    let inputs = z.map { row in row.indices.map { offsets[$0] + scales[$0] * row[$0] } }
    let targets = z.map { row -> Double in (row[0] + (row.count > 1 ? row[1] : 0)) > 0 ? 1 : -1 }
    guard c.standardizeInputs else { return (inputs, targets) }
    let raw = Dataset(inputs: inputs, labels: Array(repeating: 0, count: inputs.count))
    return (raw.standardized().inputs, targets)
  }

  /// The network, drawn from a generator seeded apart from the data, so that every stage
  /// uses the same random draws (for the normal initializers only their scale changes).
  func network() -> MLP {
    let c = configuration
    var rng = SplitMix64(seed: c.seed &+ 0x5EED)
    let sizes = [c.inputs] + c.hidden + [1]
    return MLP(
      layers: (1..<sizes.count).map { l in
        let isOutput = l == sizes.count - 1
        return Layer(
          inputs: sizes[l - 1], outputs: sizes[l], activation: isOutput ? .identity : c.activation,
          initializer: c.initializer, biasInitializer: .constant(isOutput ? 0 : c.bias), using: &rng)
      })
  }

  /// Runs the batch forward, takes the mean squared error against the targets, runs
  /// `backward()`, and measures every layer.
  public func run() -> Result {
    let (inputs, targets) = data()
    let trace = ForwardTrace(network(), inputs: inputs)
    let errors = zip(trace.outputs, targets).map { output, target in
      let e = output[0] - target
      return e * e
    }
    let loss = Value.sum(errors) / Double(errors.count)
    loss.backward()
    return Result(
      trace: trace, loss: loss.data, statistics: trace.statistics(), explodedAtLayer: trace.forwardOverflowLayer,
      gradientsExplodedAtLayer: trace.backwardOverflowLayer)
  }
}
