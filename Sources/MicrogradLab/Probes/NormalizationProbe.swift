import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// The forum's depth experiment (`GainSweepProbe`) with normalization layers and residual
/// connections: `depth` blocks of `width` units on a batch of N(0, 1) inputs, each block
///
///     Linear(width → width, no bias, initializer) → [BatchNorm1d | LayerNorm] → φ
///
/// optionally wrapped as a residual block x + α·block(x). After `backward()` of the sum of the
/// last block's outputs it reports, per block, the std of the outputs and the size of their
/// gradients. With no normalization and no residual it draws and computes exactly what
/// `GainSweepProbe` does (same weights, inputs and numbers).
///
/// ```swift
/// let bn = NormalizationProbe(.init(activation: .tanh, gain: 3, normalization: .batch, depth: 50)).run()
/// bn.outputStd.last                              // ≈ 0.63 whatever the gain
/// bn.gradientGrowthPerLayer(over: 5...45)        // > 1: BatchNorm's gradients explode
/// ```
public struct NormalizationProbe: Sendable {
  /// Which normalization layer follows each Linear.
  public enum Normalization: String, Sendable, CaseIterable, CustomStringConvertible {
    /// None: the plain network of the gain sweep.
    case none
    /// `BatchNorm1d(width)`, in training mode.
    case batch
    /// `LayerNorm(width)`.
    case layer
    /// "none", "batch", "layer".
    public var description: String { rawValue }
  }

  /// How the loss weighs the last block's outputs.
  public enum Readout: String, Sendable, CaseIterable {
    /// L = Σ outputs, the gain sweep's: ∂L/∂output = 1 for every output.
    case sum
    /// L = Σ G ⊙ outputs with G ~ N(0, 1), drawn after the inputs: a gradient in every direction.
    /// BatchNorm's backward pass removes a gradient that is constant over the batch, so from `.sum` a
    /// linear BatchNorm network passes nothing back at all (∂L/∂x = 0 below its last block).
    case gaussian
  }

  /// What to run.
  public struct Configuration: Sendable, CustomStringConvertible {
    /// φ, after every Linear (and normalization).
    public var activation: Activation
    /// How the Linear weights are drawn.
    public var initializer: WeightInitializer
    /// The normalization layer of every block.
    public var normalization: Normalization
    /// The residual scale α of every block, or nil for no residual connection.
    public var residual: Residual.Scale?
    /// γ of every normalization layer at initialization (PyTorch: 1); φ sees γ·ŷ.
    public var normalizationGamma: Double
    /// How the loss weighs the last block's outputs.
    public var readout: Readout
    /// The number of blocks.
    public var depth: Int
    /// The units of every block (and the input features).
    public var width: Int
    /// The number of input samples (BatchNorm1d's batch).
    public var batch: Int
    /// The seed of the weights and the inputs.
    public var seed: UInt64

    /// A configuration with `xavierNormal(gain)` weights: N(0, gain²/width).
    public init(
      activation: Activation, gain: Double, normalization: Normalization = .none, residual: Residual.Scale? = nil,
      normalizationGamma: Double = 1, readout: Readout = .sum, depth: Int = 50, width: Int = 64, batch: Int = 64,
      seed: UInt64 = 0
    ) {
      require(gain.isFinite && gain > 0, "NormalizationProbe: gain must be a positive number (got \(gain))")
      self.init(
        activation: activation, initializer: .xavierNormal(gain: gain), normalization: normalization,
        residual: residual, normalizationGamma: normalizationGamma, readout: readout, depth: depth, width: width,
        batch: batch, seed: seed)
    }

    /// A configuration with any initializer.
    public init(
      activation: Activation, initializer: WeightInitializer, normalization: Normalization = .none,
      residual: Residual.Scale? = nil, normalizationGamma: Double = 1, readout: Readout = .sum, depth: Int = 50,
      width: Int = 64, batch: Int = 64, seed: UInt64 = 0
    ) {
      require(depth >= 1, "NormalizationProbe: depth must be at least 1 (got \(depth))")
      require(width >= 1, "NormalizationProbe: width must be at least 1 (got \(width))")
      require(batch >= 1, "NormalizationProbe: batch must be at least 1 (got \(batch))")
      require(
        normalization != .batch || batch >= 2,
        "NormalizationProbe: BatchNorm1d needs a batch of at least 2 in training mode (got \(batch))")
      require(
        normalizationGamma > 0 && normalizationGamma.isFinite,
        "NormalizationProbe: normalizationGamma must be a positive number (got \(normalizationGamma))")
      self.activation = activation
      self.initializer = initializer
      self.normalization = normalization
      self.residual = residual
      self.normalizationGamma = normalizationGamma
      self.readout = readout
      self.depth = depth
      self.width = width
      self.batch = batch
      self.seed = seed
    }

    /// "tanh, xavierNormal(gain 3.0), batch norm, residual α = 1, depth 50, width 64, batch 64, seed 0".
    public var description: String {
      let gamma = normalizationGamma == 1 ? "" : " (γ \(normalizationGamma))"
      return "\(activation), \(initializer), \(normalization) norm\(gamma)"
        + "\(residual.map { ", residual \($0)" } ?? ""), depth \(depth), width \(width), batch \(batch), seed \(seed)"
        + (readout == .sum ? "" : ", loss Σ G·outputs")
    }
  }

  /// What the probe measured; index l − 1 of each array is block l.
  public struct Result: Sendable {
    /// The configuration that produced it.
    public var configuration: Configuration
    /// The std of the input batch (≈ 1).
    public var inputStd: Double
    /// The std of each block's outputs over all units and samples.
    public var outputStd: [Double]
    /// The mean of each block's outputs.
    public var outputMean: [Double]
    /// E[x²] of each block's outputs (the residual stream's second moment).
    public var outputSecondMoment: [Double]
    /// The share of each block's outputs with |x| > 0.97.
    public var saturatedFraction: [Double]
    /// Mean |∂L/∂x| over each block's outputs (L: the configuration's `readout`).
    public var layerGradientMeanAbs: [Double]
    /// √E[(∂L/∂x)²] over each block's outputs.
    public var layerGradientRMS: [Double]
    /// Mean |∂L/∂x| over the inputs.
    public var inputGradientMeanAbs: Double
    /// √E[(∂L/∂x)²] over the inputs.
    public var inputGradientRMS: Double

    /// The factor by which the RMS gradient grows per block toward the input, from a
    /// least-squares line through log RMS over the blocks `layers` (1-based): e^(−slope).
    public func gradientGrowthPerLayer(over layers: ClosedRange<Int>) -> Double {
      require(
        layers.count >= 2 && layers.lowerBound >= 1 && layers.upperBound <= layerGradientRMS.count,
        "NormalizationProbe.Result: layers must be 2 or more blocks within 1...\(layerGradientRMS.count) "
          + "(got \(layers))"
      )
      let xs = layers.map(Double.init)
      let ys = layers.map { Math.log(layerGradientRMS[$0 - 1]) }
      let (mx, my) = (xs.mean, ys.mean)
      var (sxy, sxx) = (0.0, 0.0)
      for (x, y) in zip(xs, ys) {
        sxy += (x - mx) * (y - my)
        sxx += (x - mx) * (x - mx)
      }
      return Math.exp(-sxy / sxx)
    }
  }

  /// The configuration this probe runs.
  public var configuration: Configuration

  /// A probe for `configuration`.
  public init(_ configuration: Configuration) { self.configuration = configuration }

  /// The blocks, the input batch and the loss's weights of the outputs (`lossWeights[sample][unit]`,
  /// all 1 for `.sum`), drawn from `seed` in that order: every Linear's weights (as
  /// `GainSweepProbe` draws its layers), then the inputs, then G for `.gaussian`. The Linear
  /// weights are constants, as in `GainSweepProbe` (the probe measures the activations'
  /// gradients); γ, β and a ReZero α are parameters.
  func draw() -> (blocks: [any BatchModule], inputs: [[Double]], lossWeights: [[Double]]) {
    let c = configuration
    var rng = SplitMix64(seed: c.seed)
    let blocks = (0..<c.depth).map { _ -> any BatchModule in
      let linear = Linear(
        inputs: c.width, outputs: c.width, bias: false, initializer: c.initializer, requiresGrad: false, using: &rng)
      var modules: [any BatchModule] = [linear]
      switch c.normalization {
      case .none: break
      case .batch:
        let bn = BatchNorm1d(c.width)
        for g in bn.gamma { g.data = c.normalizationGamma }
        modules.append(bn)
      case .layer:
        let ln = LayerNorm(c.width)
        for g in ln.gamma { g.data = c.normalizationGamma }
        modules.append(ln)
      }
      let branch = Sequential(modules + [c.activation])
      return c.residual.map { Residual(branch, scale: $0) } ?? branch
    }
    let inputs = (0..<c.batch).map { _ in (0..<c.width).map { _ in rng.gaussian() } }
    let lossWeights = (0..<c.batch).map { _ in
      (0..<c.width).map { _ in c.readout == .gaussian ? rng.gaussian() : 1 }
    }
    return (blocks, inputs, lossWeights)
  }

  /// Runs the blocks on the `Value` engine, then the backward pass of the loss (the sum of the
  /// last block's outputs, or their sum weighted by G), and measures every block.
  public func run() -> Result {
    let (blocks, inputs, lossWeights) = draw()
    let x = inputs.map { $0.map { Value($0) } }
    var outputs: [[[Value]]] = []
    var current = x
    for block in blocks {
      current = block(batch: current)
      outputs.append(current)
    }
    switch configuration.readout {
    case .sum: Value.sum(current.flatMap { $0 }).backward()
    case .gaussian: Value.backward(current.flatMap { $0 }, seeds: lossWeights.flatMap { $0 })  // L = Σ G ⊙ outputs
    }
    let data = outputs.map { $0.flatMap { $0.map(\.data) } }
    let grads = outputs.map { $0.flatMap { $0.map(\.grad) } }
    let inputGrads = x.flatMap { $0.map(\.grad) }
    return Result(
      configuration: configuration, inputStd: inputs.flatMap { $0 }.standardDeviation,
      outputStd: data.map(\.standardDeviation), outputMean: data.map(\.mean),
      outputSecondMoment: data.map(\.meanSquare), saturatedFraction: data.map { $0.saturatedFraction() },
      layerGradientMeanAbs: grads.map(\.meanAbsoluteValue), layerGradientRMS: grads.map { $0.meanSquare.squareRoot() },
      inputGradientMeanAbs: inputGrads.meanAbsoluteValue, inputGradientRMS: inputGrads.meanSquare.squareRoot())
  }
}

extension NormalizationProbe {
  /// Runs each configuration on its own graph, `concurrently` at a time (two, one per core of
  /// this machine, by default), and returns the results in the order of `configurations`: the
  /// same numbers as running them one after the other.
  public static func run(_ configurations: [Configuration], concurrently: Int = 2) async -> [Result] {
    require(concurrently >= 1, "NormalizationProbe.run: concurrently must be at least 1 (got \(concurrently))")
    return await MicrogradLab.concurrently(
      configurations.map { c in { NormalizationProbe(c).run() } }, atATime: concurrently)
  }
}

extension GainSweepProbe.Result {
  /// The gain sweep's view of a `NormalizationProbe` run: the same per-layer numbers, under a
  /// `GainSweepProbe.Configuration` with its activation, initializer, depth, width, batch and seed
  /// (the normalization and residual scale are in `result.configuration`).
  public init(_ result: NormalizationProbe.Result) {
    let c = result.configuration
    self.init(
      configuration: GainSweepProbe.Configuration(
        activation: c.activation, initializer: c.initializer, depth: c.depth, width: c.width, batch: c.batch,
        seed: c.seed),
      inputStd: result.inputStd, outputStd: result.outputStd, outputMean: result.outputMean,
      saturatedFraction: result.saturatedFraction, layerGradientMeanAbs: result.layerGradientMeanAbs,
      inputGradientMeanAbs: result.inputGradientMeanAbs)
  }
}

extension [Double] {
  /// (1/n) Σ xᵢ².
  var meanSquare: Double {
    var total = 0.0
    for x in self { total += x * x }
    return total / Double(count)
  }
}
