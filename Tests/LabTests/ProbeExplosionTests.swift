import TestSupport
import Testing

@testable import MicrogradLab

@testable import Micrograd

/// The probes' overflows found by a hostile trial of the lab: each is reported at the layer where a number first
/// stopped being finite (in the pre-activations, the outputs or the gradients), and nothing on the way to the page
/// (histograms, ticks, charts) crashes or hangs on numbers near ±1.8e308.
@Suite("Probes: overflows reported, never crashes")
struct ProbeExplosionTests {
  /// The first layer whose pre-activations or outputs are not all finite, found on plain numbers.
  static func firstOverflow(_ network: MLP, _ inputs: [[Double]]) -> Int? {
    var batch = inputs
    for (index, layer) in network.layers.enumerated() {
      let w = layer.weightMatrix, b = layer.biasVector ?? Array(repeating: 0, count: layer.outputs)
      let u = batch.map { x in zip(w, b).map { row, bias in zip(row, x).reduce(bias) { $0 + $1.0 * $1.1 } } }
      batch = u.map { $0.map(layer.activation.function) }
      if (u + batch).contains(where: { $0.contains { !$0.isFinite } }) { return index + 1 }
    }
    return nil
  }

  /// The lab's saturation probe: standardized inputs, zero bias.
  static func saturation(_ activation: Activation, gain: Double, hidden: [Int], batch: Int = 4) -> SaturationProbe {
    var c = SaturationProbe.Configuration()
    c.activation = activation
    c.initializer = .xavierNormal(gain: gain)
    c.hidden = hidden
    c.batch = batch
    c.bias = 0
    c.standardizeInputs = true
    c.seed = 0
    return SaturationProbe(c)
  }

  /// Every number an SVG holds is finite.
  static func finite(_ svg: String) -> Bool { !svg.contains("nan") && !svg.contains("inf") }

  @Test("saturation, ReLU × 1e150: layer 3's sums overflow; reported there, histograms of layers 1–2 only")
  func saturationReLU() throws {
    let probe = Self.saturation(.relu, gain: 1e150, hidden: [8, 8, 8])
    let result = probe.run()
    #expect(result.explodedAtLayer == 3)
    #expect(result.explodedAtLayer == Self.firstOverflow(probe.network(), probe.data().inputs))
    #expect(result.gradientsExplodedAtLayer == nil, "after a forward overflow the gradients are no finding")
    let activations = result.trace.histogramChart()
    #expect(activations.series.map(\.name) == ["layer 1 (relu)", "layer 2 (relu)"])
    #expect(Self.finite(activations.svg()))
    let gradients = result.trace.histogramChart(gradients: true)
    #expect(gradients.series.isEmpty)
    #expect(Self.finite(gradients.svg()))
  }

  @Test("saturation, identity × 1e10 over 30 layers: the output layer overflows, layer 31, not a nan finding")
  func saturationIdentity() {
    let probe = Self.saturation(.identity, gain: 1e10, hidden: Array(repeating: 8, count: 30))
    let result = probe.run()
    #expect(result.explodedAtLayer == 31)
    #expect(result.explodedAtLayer == Self.firstOverflow(probe.network(), probe.data().inputs))
    #expect(result.statistics[0].gradientMeanAbs.isNaN, "the gradients come back through layer 31")
    let table = result.statistics.table()
    #expect(table.rows[0][9].shown == "nan", "mean |dW| of an overflowed pass is nan, not '–' (no gradient)")
    #expect(Self.finite(result.trace.histogramChart().svg()))
  }

  @Test("saturation, GELU × 1e100: every output finite, the last layer's weight gradients overflow")
  func saturationGradients() {
    let probe = Self.saturation(.gelu, gain: 1e100, hidden: [64, 64], batch: 256)
    let result = probe.run()
    #expect(result.explodedAtLayer == nil)
    #expect(Self.firstOverflow(probe.network(), probe.data().inputs) == nil)
    #expect(result.gradientsExplodedAtLayer == 3)
    let gradients = result.trace.histogramChart(gradients: true)
    #expect(gradients.series.isEmpty, "no layer after 3")
    #expect(result.trace.histogramChart().series.count == 3)
    #expect(Self.finite(result.trace.histogramChart().svg()))
  }

  @Test("saturation, ELU with α = 1e300: outputs near −1e300, histograms over ±1.8e308 drawn without a hang")
  func saturationHugeELU() {
    let result = Self.saturation(.elu(alpha: 1e300), gain: 1e3, hidden: [8, 8, 8]).run()
    #expect(result.explodedAtLayer == nil)
    #expect(result.gradientsExplodedAtLayer == 4)
    let chart = result.trace.histogramChart()
    #expect(chart.series.count == 4)
    #expect(Self.finite(chart.svg()))
  }

  @Test("sweep, ReLU × 1e150: layer 3's sums are NaN and ReLU makes them 0; an explosion at 3, not a dying signal")
  func sweepReLU() throws {
    let probe = GainSweepProbe(.init(activation: .relu, gain: 1e150, depth: 50, width: 16, batch: 8))
    let result = probe.run()
    #expect(result.outputStd[2].isFinite && result.outputStd[49] == 0, "the std alone sees no overflow")
    #expect(result.explodedAtLayer == 3)
    let (network, inputs) = probe.draw()
    #expect(result.explodedAtLayer == Self.firstOverflow(network, inputs))
    #expect(result.gradientsExplodedAtLayer == nil)
    #expect(
      GainSweepProbe(.init(activation: .tanh, gain: 5.0 / 3, depth: 10, width: 8, batch: 4)).run()
        .gradientsExplodedAtLayer == nil)
  }

  @Test("spectrum, ReLU × 1e150: an explosion at layer 3, and no singular values (not J = 0)")
  func spectrumReLU() {
    let probe = SpectrumProbe(
      .init(activation: .relu, initializer: .xavierNormal(gain: 1e150), depth: 50, width: 16, samples: 8))
    let result = probe.run()
    #expect(result.explodedAtLayer == 3)
    let (network, inputs) = probe.draw()
    #expect(result.explodedAtLayer == inputs.compactMap { Self.firstOverflow(network, [$0]) }.min())
    #expect(result.spectra.allSatisfy { !$0.singularValues.isDefined })
    #expect(result.jacobianOverflowed)
    let finite = SpectrumProbe(.init(activation: .tanh, initializer: .orthogonal(gain: 1), depth: 4, width: 4)).run()
    #expect(finite.explodedAtLayer == nil && !finite.jacobianOverflowed)
  }

  @Test("Histogram spans ±1.8e308 with finite edges and densities, in 1 bin or 60")
  func histogramHugeRange() {
    let max = Double.greatestFiniteMagnitude
    for bins in [1, 2, 60] {
      let h = Histogram([-max, 0, 1e300, max, .infinity, .nan], bins: bins, range: -max...max)
      #expect(h.edges.count == bins + 1 && h.edges.allSatisfy(\.isFinite))
      #expect(h.edges.first == -max && h.edges.last == max)
      #expect(zip(h.edges, h.edges.dropFirst()).allSatisfy { $0 < $1 })
      #expect(h.total == 4 && h.outside == 2)
      #expect(h.densities.allSatisfy { $0.isFinite } && h.densities.contains { $0 > 0 })
    }
    let extent = Histogram([-1e308, 1.5e308], bins: 10)
    #expect(extent.total == 2 && extent.edges.allSatisfy(\.isFinite))
  }

  @Test("niceTicks over ±1.8e308: a handful of finite ticks covering the range")
  func ticksHugeRange() {
    let max = Double.greatestFiniteMagnitude
    let ticks = niceTicks(-max, max, count: 6)
    #expect(ticks.count <= 10 && ticks.allSatisfy(\.isFinite))
    #expect(ticks.first! <= -max && ticks.last! >= max)
    #expect(niceTicks(0.03, 0.97).count == 6, "ordinary ranges as before")
  }

  @Test("sparse init's one-output layer has all-zero weights: grad:data is '–', not inf")
  func gradToDataOfZeroWeights() {
    var c = SaturationProbe.Configuration()
    c.initializer = .sparse(sparsity: 0.1, std: 1)
    c.hidden = Array(repeating: 6, count: 6)
    c.batch = 4
    c.bias = 0
    c.standardizeInputs = true
    let result = SaturationProbe(c).run()
    let output = result.statistics[6]
    #expect(output.weightStd == 0 && output.weightGradientStd > 0)
    #expect(result.statistics.table().rows[6][10].shown == "–")
  }
}
