import MicrogradEngine
import MicrogradNN
import TestSupport
import Testing

@testable import MicrogradLab

@Suite("The gain explorer: one draw of weights, every gain measured and predicted")
struct GainExplorerTests {
  static let configuration = GainSweepProbe.Configuration(
    activation: .tanh, gain: 1, depth: 4, width: 6, batch: 3, seed: 5)

  @Test("each curve is GainSweepProbe on the gain-1 draw times the gain, beside MeanField.profile")
  func curvesAreTheProbeAndTheTheory() async {
    let gains = [0.5, 1, 1.7]
    let explorer = await GainExplorer.measure(
      [(.tanh, gains, 1.6), (.relu, [1, 2], 2.0.squareRoot())], configuration: Self.configuration)
    #expect(explorer.families.map(\.activation) == [.tanh, .relu])
    #expect(explorer.families[0].defaultIndex == 2 && explorer.families[1].defaultIndex == 0)
    var unit = Self.configuration
    unit.initializer = .xavierNormal(gain: 1)
    let (drawn, inputs) = GainSweepProbe(unit).draw()
    for (g, gain) in gains.enumerated() {
      let layers = drawn.layers.map { layer in
        Layer(
          weights: layer.weightMatrix.map { $0.map { gain * $0 } }, activation: .tanh, requiresGrad: false)
      }
      var c = Self.configuration
      c.initializer = .xavierNormal(gain: gain)
      let probe = GainSweepProbe(c).run(MLP(layers: layers), inputs: inputs)
      let family = explorer.families[0]
      #expect(family.measuredStd[g] == probe.outputStd, "gain \(gain)")
      #expect(family.measuredGradient[g] == [probe.inputGradientMeanAbs] + probe.layerGradientMeanAbs)
      let theory = MeanField(activation: .tanh, gain: gain).profile(layers: 4)
      #expect(family.predictedStd[g] == theory.outputStd && family.predictedGradient[g] == theory.gradientMeanAbs)
    }
    // At gain 1 the scaled draw is the draw itself: the same numbers as a plain run.
    let plain = GainSweepProbe(unit).run()
    #expect(explorer.families[0].measuredStd[1] == plain.outputStd)
  }

  @Test("bad gains stop with a message")
  func badGains() async {
    let negative = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = await GainExplorer.measure([(.tanh, [1, -2], 1)], configuration: GainExplorerTests.configuration)
    }
    #expect(
      negative?.printed("GainExplorer.measure: every gain must be a finite number > 0 (got [1.0, -2.0] for tanh)")
        == true)
    let none = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = await GainExplorer.measure([(.relu, [], 1)], configuration: GainExplorerTests.configuration)
    }
    #expect(none?.printed("GainExplorer.measure: relu needs at least one gain") == true)
  }
}
