import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// The gain explorer: a figure of a deep network's output std and mean |gradient| by layer,
/// measured by the engine and predicted by the mean-field theory, whose gain (and activation)
/// a reader changes with a slider on the notebook's HTML page.
///
/// Everything it shows is computed when the page is written (`measure`): a small script on
/// the page only switches between the stored curves, so it works from a file, offline, and
/// the page without script still shows the default gain's figures.
public struct GainExplorer: Sendable {
  /// One activation's curves, one per gain.
  public struct Family: Sendable {
    /// The activation of every layer.
    public var activation: Activation
    /// The gains, in increasing order.
    public var gains: [Double]
    /// The index of the gain shown first.
    package var defaultIndex: Int
    /// `measuredStd[g][l]`: std of layer l+1's output at `gains[g]`, from `GainSweepProbe`.
    package var measuredStd: [[Double]]
    /// `measuredGradient[g][l]`: mean |∂L/∂h| of the input (l = 0) and of layers 1…depth.
    public var measuredGradient: [[Double]]
    /// `predictedStd[g][l]`: the mean-field prediction of `measuredStd`.
    package var predictedStd: [[Double]]
    /// `predictedGradient[g][l]`: the mean-field prediction of `measuredGradient`.
    public var predictedGradient: [[Double]]
  }

  /// The activations, the first shown first.
  public var families: [Family]
  /// The probe's settings (its gain is each family's).
  public var configuration: GainSweepProbe.Configuration

  /// Measures every (activation, gain) pair with `GainSweepProbe` at `configuration`'s depth,
  /// width, batch and seed, two at a time (each on its own graph), and computes the mean-field
  /// prediction beside each.
  ///
  /// Every run uses the same random numbers: the seed's `xavierNormal(gain: 1)` weights times
  /// the gain (which is `xavierNormal(gain:)`'s distribution) and the seed's inputs. So moving
  /// the slider changes the gain and nothing else, and the numbers are drawn once, not once per
  /// run. (gain × (std·z) is not always (gain·std)·z to the last bit, so a run here can differ
  /// from `GainSweepProbe(configuration).run()` at the same gain; where gradients explode, the
  /// deep layers' numbers are then a different sample of the same distribution.)
  ///
  /// - Precondition: at least one activation, each with at least one gain, every gain a
  ///   finite number > 0.
  public static func measure(
    _ choices: [(activation: Activation, gains: [Double], defaultGain: Double)],
    configuration: GainSweepProbe.Configuration
  ) async -> GainExplorer {
    require(!choices.isEmpty, "GainExplorer.measure: needs at least one activation")
    for choice in choices {
      require(!choice.gains.isEmpty, "GainExplorer.measure: \(choice.activation) needs at least one gain")
      require(
        choice.gains.allSatisfy { $0.isFinite && $0 > 0 },
        "GainExplorer.measure: every gain must be a finite number > 0 (got \(choice.gains) for \(choice.activation))")
    }
    let jobs = choices.indices.flatMap { f in choices[f].gains.indices.map { (f, $0) } }
    // The predictions run beside the measurements (a third task on the two cores).
    async let predictions = choices.map { choice in
      choice.gains.map { MeanField(activation: choice.activation, gain: $0).profile(layers: configuration.depth) }
    }
    var unit = configuration
    unit.initializer = .xavierNormal(gain: 1)
    let (drawn, inputs) = GainSweepProbe(unit).draw()
    let weights = drawn.layers.map(\.weightMatrix)
    let all = await concurrently(
      jobs.map { f, g in
        let (activation, gain) = (choices[f].activation, choices[f].gains[g])
        var c = configuration
        c.activation = activation
        c.initializer = .xavierNormal(gain: gain)
        return { [c] in
          let layers = weights.map { w in
            Layer(weights: w.map { row in row.map { gain * $0 } }, activation: activation, requiresGrad: false)
          }
          return GainSweepProbe(c).run(MLP(layers: layers), inputs: inputs)
        }
      })
    var results: [[GainSweepProbe.Result]] = choices.map { _ in [] }
    for ((f, _), result) in zip(jobs, all) { results[f].append(result) }
    let theory = await predictions
    let families = choices.indices.map { f in
      let choice = choices[f]
      let measured = results[f]
      let nearest = choice.gains.indices.min {
        abs(choice.gains[$0] - choice.defaultGain) < abs(choice.gains[$1] - choice.defaultGain)
      }!
      return Family(
        activation: choice.activation, gains: choice.gains, defaultIndex: nearest,
        measuredStd: measured.map(\.outputStd),
        measuredGradient: measured.map { [$0.inputGradientMeanAbs] + $0.layerGradientMeanAbs },
        predictedStd: theory[f].map(\.outputStd), predictedGradient: theory[f].map(\.gradientMeanAbs))
    }
    return GainExplorer(families: families, configuration: configuration)
  }

  /// The two charts of `family` at gain index `g`, with ranges fixed over all its gains so
  /// that the axes do not move while the slider does.
  package func charts(_ family: Family, at g: Int) -> (std: Chart, gradient: Chart) {
    let depth = configuration.depth
    let layers = (1...depth).map(Double.init)
    let name = "\(family.activation) at gain \(formatted(family.gains[g], significant: 3))"
    var std = Chart(title: "Output std by layer: \(name)", xLabel: "layer", yLabel: "std of the layer's output")
    let stdMax = (family.measuredStd + family.predictedStd).flatMap { $0 }.filter(\.isFinite).max() ?? 1
    std.yRange = 0...Swift.max(stdMax * 1.05, 1e-3)
    std.xRange = 0...Double(depth)
    std.addLine("predicted (mean field)", xs: layers, ys: family.predictedStd[g], color: "#888", dashed: true)
    std.addLine("measured (our engine)", xs: layers, ys: family.measuredStd[g], color: "#1f77b4")
    var gradient = Chart(
      title: "Mean |gradient| by layer: \(name)", xLabel: "layer (0 = input)", yLabel: "mean |dL/dh|", yScale: .log10)
    let positive = (family.measuredGradient + family.predictedGradient).flatMap { $0 }.filter { $0 > 0 && $0.isFinite }
    let (lo, hi) = (positive.min() ?? 1e-3, positive.max() ?? 1)
    gradient.yRange = Swift.max(lo, 1e-12)...Swift.max(hi, lo * 10)
    gradient.xRange = 0...Double(depth)
    gradient.addLine(
      "predicted (mean field)", xs: [0] + layers, ys: family.predictedGradient[g], color: "#888", dashed: true)
    gradient.addLine("measured (our engine)", xs: [0] + layers, ys: family.measuredGradient[g], color: "#d62728")
    return (std, gradient)
  }
}
