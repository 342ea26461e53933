import TestSupport
import Testing

@testable import Micrograd

/// The gain sweep with normalization layers and residual blocks, checked against the gain
/// sweep itself, against what normalization must do, and against the mean-field rates.
@Suite("NormalizationProbe")
struct NormalizationProbeTests {
  @Test("with no normalization and no residual it is the gain sweep, bit for bit")
  func reproducesTheGainSweep() {
    let sweep = GainSweepProbe(.init(activation: .tanh, gain: 1.3, depth: 6, width: 16, batch: 8, seed: 4)).run()
    let probe = NormalizationProbe(.init(activation: .tanh, gain: 1.3, depth: 6, width: 16, batch: 8, seed: 4)).run()
    #expect(probe.outputStd == sweep.outputStd && probe.outputMean == sweep.outputMean)
    #expect(probe.saturatedFraction == sweep.saturatedFraction && probe.inputStd == sweep.inputStd)
    #expect(probe.layerGradientMeanAbs == sweep.layerGradientMeanAbs)
    #expect(probe.inputGradientMeanAbs == sweep.inputGradientMeanAbs)
  }

  /// BN(g·Wx) = BN(Wx) up to ε: the gain survives only in (σ² + ε)/σ². At gain 0.5 and width 16 the
  /// pre-activations have variance ≈ 0.1, so each block moves a value by ~ε/(2σ²) = 5e-5 relative;
  /// over 8 blocks the measured differences reach 3e-4 (forward and backward), hence 1e-3.
  @Test("BatchNorm and LayerNorm divide the gain out, forward and backward", arguments: ["batch", "layer"])
  func gainIrrelevant(_ name: String) {
    let norm = NormalizationProbe.Normalization(rawValue: name)!
    let (small, large) = [0.5, 3].map { gain in
      NormalizationProbe(.init(activation: .tanh, gain: gain, normalization: norm, depth: 8, width: 16, batch: 8)).run()
    }.splat
    expectClose(small.outputStd, large.outputStd, .relative(1e-3))
    expectClose(small.layerGradientMeanAbs, large.layerGradientMeanAbs, .relative(1e-3))
  }

  @Test("BatchNorm in front of every activation centres it: every block's output std is near 0.63 for tanh")
  func batchNormStd() {
    let r = NormalizationProbe(
      .init(activation: .tanh, gain: 1, normalization: .batch, depth: 10, width: 32, batch: 16)
    )
    .run()
    // tanh of an exactly standardized unit: E[tanh(z)²] = 0.394, std ≈ 0.628 for Gaussian z.
    for std in r.outputStd { expectClose(std, 0.628, .absolute(0.03)) }
  }

  @Test("a ReZero stream is the input at initialization; its gradients are exactly 1")
  func rezeroIsFlat() {
    let r = NormalizationProbe(
      .init(activation: .relu, gain: 2.0.squareRoot(), residual: .rezero, depth: 5, width: 8, batch: 4)
    )
    .run()
    #expect(r.outputStd.allSatisfy { $0 == r.inputStd })
    #expect(r.layerGradientRMS.allSatisfy { $0 == 1 } && r.inputGradientRMS == 1)
  }

  /// BatchNorm's backward pass centers the gradient over the batch; a linear block passes the
  /// loss Σ outputs a gradient of 1 everywhere, which is all center, so nothing gets through.
  @Test("a linear BatchNorm network passes nothing back from Σ outputs, and G-weighted outputs do")
  func readout() {
    func inputGradient(_ readout: NormalizationProbe.Readout) -> Double {
      NormalizationProbe(
        .init(activation: .identity, gain: 1, normalization: .batch, readout: readout, depth: 4, width: 8, batch: 6)
      ).run().inputGradientRMS
    }
    #expect(inputGradient(.sum) < 1e-12)
    #expect(inputGradient(.gaussian) > 0.1)
  }

  @Test("the growth fit recovers an exact geometric sequence")
  func growthFit() {
    var result = NormalizationProbe(.init(activation: .identity, gain: 1, depth: 3, width: 2, batch: 2)).run()
    result.layerGradientRMS = (0..<12).map { Math.pow(1.25, Double(12 - $0)) }
    expectClose(result.gradientGrowthPerLayer(over: 2...11), 1.25, .relative(1e-12))
  }
}

extension NormalizationProbeTests {
  @Test("bad settings stop with a message that names them")
  func badSettings() async {
    let batch = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = NormalizationProbe.Configuration(activation: .tanh, gain: 1, normalization: .batch, batch: 1)
    }
    #expect(
      batch?.printed("NormalizationProbe: BatchNorm1d needs a batch of at least 2 in training mode (got 1)") == true)
    let theory = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = BatchNormGradients(activation: .relu, batch: 3)
    }
    #expect(theory?.printed("BatchNormGradients: batch must be at least 4, where E[1/σ²] is finite (got 3)") == true)
    let window = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = NormalizationProbe(.init(activation: .tanh, gain: 1, depth: 3, width: 2, batch: 2)).run()
        .gradientGrowthPerLayer(over: 2...5)
    }
    #expect(
      window?.printed("NormalizationProbe.Result: layers must be 2 or more blocks within 1...3 (got 2...5)") == true)
  }
}

extension Array {
  /// The first two elements as a pair.
  fileprivate var splat: (Element, Element) { (self[0], self[1]) }
}
