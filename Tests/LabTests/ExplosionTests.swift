import TestSupport
import Testing

@testable import MicrogradLab

@testable import Micrograd

/// An exploding network is a result to report: the theory, the probes and `SingularValues` give
/// ∞ or NaN from the layer where a `Double` overflows, and say which layer that is.
@Suite("Explosions are results, not crashes")
struct ExplosionTests {
  @Test("E[f(√q·z)] at q = ∞ is the limit (f(+∞) + f(−∞))/2")
  func infiniteVariance() {
    #expect(Activation.tanh.gaussianSquare(q: .infinity) == 1)
    #expect(Activation.tanh.gaussianDerivativeSquare(q: .infinity) == 0)
    #expect(Activation.relu.gaussianSquare(q: .infinity) == .infinity)
    #expect(Activation.relu.gaussianDerivativeSquare(q: .infinity) == 0.5)
    #expect(Activation.gelu.gaussianDerivativeSquare(q: .infinity) == 0.5, "GELU′(−∞) is 0, not ∞·0")
    #expect(Activation.sigmoid.gaussianMean(q: .infinity) == 0.5)
    #expect(Activation.identity.gaussianMean(q: .infinity) == 0, "odd: exactly 0")
  }

  @Test("ReLU at gain 2.5: the length map overflows near layer 600 and stays ∞; the verdict names the layer")
  func reluLengths() throws {
    let field = MeanField(activation: .relu, gain: 2.5)
    let q = field.lengths(layers: 700)
    #expect(q.count == 700)
    // q(1) = 6.25, then × σw²/2 = 3.125 per layer: q(622) ≈ 1.25e308, q(623) overflows.
    let first = try #require(q.firstIndex { !$0.isFinite })
    #expect(first + 1 == 623)
    let (below, above) = (Array(q[..<first]), Array(q[first...]))
    #expect(below.allSatisfy(\.isFinite) && above.allSatisfy { $0 == .infinity })
    guard case .explodes(let layers) = field.verdict(maxLayers: 700) else {
      Issue.record("verdict: \(field.verdict(maxLayers: 700))")
      return
    }
    #expect(layers < 623, "the verdict stops at q > 1e20")
    let profile = field.profile(layers: 700)
    #expect(profile.outputStd[622] == .infinity && profile.outputStd[621].isFinite)
    #expect(profile.gradientMeanAbs[0] == .infinity, "√(2/π·3.125^700) overflows too")
  }

  @Test("the Jacobian prediction of an overflowing network is ∞, not a crash")
  func jacobianPrediction() {
    let prediction = JacobianPrediction(activation: .relu, weightVariance: 6.25, weightSpread: 1, depth: 700)
    #expect(prediction.meanSquare == .infinity)
    #expect(prediction.lengths.last == .infinity)
  }

  /// The first layer where `network.evaluate` gives a number that is not finite, found independently.
  static func firstOverflow(_ network: MLP, _ inputs: [[Double]]) -> Int? {
    var batch = inputs
    for (index, layer) in network.layers.enumerated() {
      batch = batch.map(layer.evaluate)
      if batch.contains(where: { $0.contains { !$0.isFinite } }) { return index + 1 }
    }
    return nil
  }

  @Test("the sweep probe names the layer where the signal overflows: identity × 10 per layer, near layer 308")
  func sweepProbe() throws {
    let probe = GainSweepProbe(
      .init(activation: .identity, initializer: .orthogonal(gain: 10), depth: 330, width: 4, batch: 2))
    let result = probe.run()
    let (network, inputs) = probe.draw()
    let layer = try #require(result.explodedAtLayer)
    #expect(layer == Self.firstOverflow(network, inputs))
    #expect((308...310).contains(layer), "entries of size 10^l times the inputs' (about 1) pass 1.8e308")
    #expect(result.outputStd[layer - 2].isFinite && !result.outputStd[layer - 1].isFinite)
    #expect(
      GainSweepProbe(.init(activation: .tanh, gain: 5.0 / 3, depth: 10, width: 8, batch: 4)).run().explodedAtLayer
        == nil)
  }

  @Test("the spectrum probe reports the overflow and NaN singular values")
  func spectrumProbe() {
    let result = SpectrumProbe(
      .init(activation: .identity, initializer: .orthogonal(gain: 10), depth: 330, width: 4, samples: 2)
    ).run()
    let (network, inputs) = SpectrumProbe(
      .init(activation: .identity, initializer: .orthogonal(gain: 10), depth: 330, width: 4, samples: 2)
    ).draw()
    #expect(result.explodedAtLayer == Self.firstOverflow(network, inputs))
    #expect(result.explodedAtLayer.map { (308...310).contains($0) } == true)
    #expect(result.spectra.allSatisfy { !$0.singularValues.isDefined })
    #expect(result.prediction.meanSquare == .infinity)
  }
}
