import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// The PyTorch forum's depth experiment ("Why does `calculate_gain('tanh')` return 5/3?"),
/// run on our engine: push a batch of N(0, 1) inputs through a deep stack of square
/// layers without bias, initialized with `xavierNormal(gain)`, and watch
///
/// - the standard deviation of each layer's output (does the signal survive 100 layers?),
/// - after `backward()` of the sum of the outputs, the mean |gradient| of each layer's
///   output and of the input (do gradients vanish or explode on the way back?).
///
/// ```swift
/// let result = GainSweepProbe(.init(activation: .tanh, gain: 5.0 / 3)).run()
/// result.outputStd.last          // ≈ 0.65, as in PyTorch at width 1000
/// result.inputGradientMeanAbs    // thousands: gradients grow toward the input
/// ```
///
/// Every layer is `width` neurons, run over the whole batch as one packed block
/// (`Layer.callAsFunction(batch:)`): each neuron is *one* node per sample, its affine map and
/// its activation together, so width 128 × depth 100 × batch 128 is 1.6 million nodes and
/// about 300 MB (the examples estimate the peak before they run: `MemoryEstimate` in ExampleSupport).
public struct GainSweepProbe: Sendable {
  /// What to run.
  public struct Configuration: Sendable, CustomStringConvertible {
    /// The nonlinearity after every layer.
    public var activation: Activation
    /// How the weights are drawn; the experiment's is `xavierNormal(gain)`:
    /// N(0, gain² · 2/(fan_in + fan_out)) = N(0, gain²/width).
    public var initializer: WeightInitializer
    /// The number of layers.
    public var depth: Int
    /// The number of units per layer (and of input features).
    public var width: Int
    /// The number of input samples.
    public var batch: Int
    /// The seed of the weights and inputs.
    public var seed: UInt64

    /// A configuration; the defaults are the forum's depth with a width and batch our
    /// scalar engine runs in a couple of seconds.
    public init(
      activation: Activation, gain: Double, depth: Int = 100, width: Int = 128, batch: Int = 128, seed: UInt64 = 0
    ) {
      require(gain.isFinite && gain > 0, "GainSweepProbe: gain must be a positive number (got \(gain))")
      self.init(
        activation: activation, initializer: .xavierNormal(gain: gain), depth: depth, width: width, batch: batch,
        seed: seed)
    }

    /// A configuration with any initializer.
    public init(
      activation: Activation, initializer: WeightInitializer, depth: Int = 100, width: Int = 128, batch: Int = 128,
      seed: UInt64 = 0
    ) {
      require(depth >= 1, "GainSweepProbe: depth must be at least 1 (got \(depth))")
      require(width >= 1, "GainSweepProbe: width must be at least 1 (got \(width))")
      require(batch >= 1, "GainSweepProbe: batch must be at least 1 (got \(batch))")
      self.activation = activation
      self.initializer = initializer
      self.depth = depth
      self.width = width
      self.batch = batch
      self.seed = seed
    }

    /// "tanh, xavierNormal(gain 1.667), depth 100, width 128, batch 128, seed 0".
    public var description: String {
      "\(activation), \(initializer), depth \(depth), width \(width), batch \(batch), seed \(seed)"
    }
  }

  /// What the probe measured.
  public struct Result: Sendable {
    /// The configuration that produced it.
    public var configuration: Configuration
    /// The standard deviation of the input batch (≈ 1).
    public var inputStd: Double
    /// `outputStd[l]`: the std of layer l+1's output over the whole batch (index 0 is layer 1).
    public var outputStd: [Double]
    /// `outputMean[l]`: the mean of layer l+1's output.
    public var outputMean: [Double]
    /// `saturatedFraction[l]`: the share of layer l+1's outputs with |h| > 0.97.
    public var saturatedFraction: [Double]
    /// `layerGradientMeanAbs[l]`: mean |∂L/∂h| over layer l+1's outputs, L = Σ outputs of the
    /// last layer (so the last entry is exactly 1). Empty when gradients were not computed.
    public var layerGradientMeanAbs: [Double]
    /// mean |∂L/∂x| over the inputs (nan when gradients were not computed).
    public var inputGradientMeanAbs: Double

    /// The first layer where a pre-activation or an output overflowed (was ∞ or NaN), as far as the run saw
    /// (`run()` sees every number; a result built from a `NormalizationProbe` only the stds).
    var overflowLayer: Int? = nil
    /// When the forward pass stayed finite, the layer nearest the output whose output gradients overflowed (∞ or
    /// NaN) on the way back from the loss, or nil; every layer before it has ∞ or NaN gradients too.
    public var gradientsExplodedAtLayer: Int? = nil

    /// The first layer whose outputs overflowed (their std is not finite: ∞ or NaN), or whose pre-activations or
    /// outputs held a number that is not finite, or nil. From there on every number of the layer is ∞, NaN or
    /// meaningless (ReLU turns a NaN into 0: a layer past an explosion can look dead), and so are the gradients:
    /// an explosion, reported, not a crash.
    public var explodedAtLayer: Int? {
      let std = outputStd.firstIndex { !$0.isFinite }.map { $0 + 1 }
      guard let overflowLayer else { return std }
      return Swift.min(overflowLayer, std ?? overflowLayer)
    }
  }

  /// The configuration this probe runs.
  public var configuration: Configuration

  /// A probe for `configuration`.
  public init(_ configuration: Configuration) { self.configuration = configuration }

  /// The network (depth × square layers, no bias) and the input batch, both drawn from `seed`:
  /// the layers' weights first, then the inputs.
  ///
  /// The experiment measures the gradients of the activations, not of the weights, so the
  /// weights are constants (`requiresGrad: false`, PyTorch's `requires_grad=False`): 8 bytes a
  /// weight, which is what lets width 1000 fit in memory. The activations' gradients are the
  /// same either way.
  public func draw() -> (network: MLP, inputs: [[Double]]) {
    let c = configuration
    var rng = SplitMix64(seed: c.seed)
    let network = MLP(
      inputs: c.width, sizes: Array(repeating: c.width, count: c.depth), activation: c.activation,
      outputActivation: c.activation, bias: false, initializer: c.initializer, requiresGrad: false, using: &rng)
    let inputs = (0..<c.batch).map { _ in (0..<c.width).map { _ in rng.gaussian() } }
    return (network, inputs)
  }

  /// Runs the forward pass on the `Value` engine, then `backward()` of the sum of the last
  /// layer's outputs, and measures every layer.
  public func run() -> Result {
    let (network, inputs) = draw()
    return run(network, inputs: inputs)
  }

  /// Runs the probe on a network built elsewhere (one initialized from data by `LSUV`, or a
  /// trained one), with the configuration's inputs, drawn from its seed exactly as `run()` draws
  /// them, so the two results compare sample for sample. The configuration's initializer is
  /// not used.
  ///
  /// - Precondition: the network has `depth` layers of `width` units and `width` inputs.
  public func run(_ network: MLP) -> Result {
    requireShape(of: network)
    return run(network, inputs: draw().inputs)
  }

  /// Runs the probe on a given network and batch: the forward and backward pass of `run()`.
  /// The configuration only describes the result: its activation, initializer and seed are
  /// neither used nor checked (the network's layers have their own activations).
  ///
  /// - Precondition: the network has `depth` layers of `width` units and `width` inputs, and
  ///   `inputs` holds `batch` samples of `width` numbers.
  func run(_ network: MLP, inputs: [[Double]]) -> Result {
    let c = configuration
    requireShape(of: network)
    require(
      inputs.count == c.batch && inputs.allSatisfy { $0.count == c.width },
      "GainSweepProbe.run: the inputs must be \(c.batch) samples of \(c.width) numbers (got \(inputs.count) samples of lengths \(Set(inputs.map(\.count)).sorted()))"
    )
    let trace = ForwardTrace(network, inputs: inputs)
    trace.backwardSumOfOutputs()
    // The four numbers of `LayerStatistics` that the experiment reports, and only those.
    var result = Result(
      configuration: c, inputStd: inputs.flatMap { $0 }.standardDeviation, outputStd: [], outputMean: [],
      saturatedFraction: [], layerGradientMeanAbs: [],
      inputGradientMeanAbs: trace.inputs.flatMap { $0.map(\.grad) }.meanAbsoluteValue)
    for layer in 1...c.depth {
      result.record(outputs: trace.activationData(layer: layer).flatMap { $0 })
      result.layerGradientMeanAbs.append(trace.activationGradients(layer: layer).flatMap { $0 }.meanAbsoluteValue)
    }
    result.overflowLayer = trace.forwardOverflowLayer
    result.gradientsExplodedAtLayer = trace.backwardOverflowLayer
    return result
  }

  /// Stops with a message unless `network` has `depth` layers of `width` units and `width` inputs.
  private func requireShape(of network: MLP) {
    let c = configuration
    require(
      network.inputs == c.width && network.layers.count == c.depth
        && network.layers.allSatisfy { $0.outputs == c.width },
      "GainSweepProbe.run: the network must have \(c.depth) layers of width \(c.width) (got \(network.inputs) inputs, layers \(network.layers.map(\.outputs)))"
    )
  }

  /// Runs each configuration on its own graph, `concurrently` at a time (two, one per core of
  /// this machine, by default), and returns the results in the order of `configurations`;
  /// `finished` is told of each result as it arrives (for a progress line).
  ///
  /// No graph is shared between tasks (each run builds and releases its own), so the results
  /// are bit-identical to running the configurations one after the other.
  public static func run(
    _ configurations: [Configuration], concurrently: Int = 2,
    finished: (_ index: Int, _ result: Result) -> Void = { _, _ in }
  ) async -> [Result] {
    require(concurrently >= 1, "GainSweepProbe.run: concurrently must be at least 1 (got \(concurrently))")
    return await MicrogradLab.concurrently(
      configurations.map { c in { GainSweepProbe(c).run() } }, atATime: concurrently, finished: finished)
  }

  /// The forward pass only, on plain numbers (no graph, no gradients): the same outputs as
  /// `run()` at a fraction of the cost, for sweeps that only look at the signal.
  func runForward() -> Result {
    let c = configuration
    let (network, inputs) = draw()
    var result = Result(
      configuration: c, inputStd: inputs.flatMap { $0 }.standardDeviation,
      outputStd: [], outputMean: [], saturatedFraction: [], layerGradientMeanAbs: [], inputGradientMeanAbs: .nan)
    var current = inputs
    for layer in network.layers {
      current = current.map(layer.evaluate)
      result.record(outputs: current.flatMap { $0 })
    }
    return result
  }
}

extension GainSweepProbe.Result {
  /// Appends one layer's output std, mean and saturated share (|h| > 0.97), as
  /// `LayerStatistics` computes them, and notes the layer if an output is not finite.
  fileprivate mutating func record(outputs h: [Double]) {
    if overflowLayer == nil && !h.allSatisfy(\.isFinite) { overflowLayer = outputStd.count + 1 }
    outputStd.append(h.standardDeviation)
    outputMean.append(h.mean)
    saturatedFraction.append(h.saturatedFraction())
  }
}
