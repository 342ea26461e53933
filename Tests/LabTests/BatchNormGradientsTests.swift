import TestSupport
import Testing

@testable import Micrograd

/// The mean-field rate of BatchNorm's gradient explosion (Yang et al. 2019), and the residual
/// stream's length map, checked against their closed forms and against measurement.
@Suite("BatchNormGradients and the residual length map")
struct BatchNormGradientsTests {
  @Test("a linear network's rate is (B − 2)/(B − 3), exactly", arguments: [4, 8, 32, 128])
  func linear(_ batch: Int) {
    let rate = BatchNormGradients(activation: .identity, batch: batch).rate(samples: 50)
    expectClose(rate.value, BatchNormGradients.linearRate(batch: batch), .relative(1e-12))
    #expect(rate.standardError < 1e-6)  // every direction gives the same value, up to rounding
  }

  @Test("ReLU's large-batch rate is the paper's π/(π − 1)")
  func reluLimit() {
    expectClose(
      BatchNormGradients(activation: .relu, batch: 8).largeBatchRate, Double.pi / (Double.pi - 1), .relative(1e-10))
    #expect(BatchNormGradients.reluLargeBatchLimit == Double.pi / (Double.pi - 1))
  }

  /// The Gaussian Poincaré inequality, Var φ(z) ≤ E[φ′(z)²]: no activation escapes the explosion.
  @Test(
    "the large-batch rate is at least 1 for every activation, and 1 only for a linear one",
    arguments: Activation.allCases)
  func poincare(_ activation: Activation) {
    let rate = BatchNormGradients(activation: activation, batch: 32).largeBatchRate
    if activation == .identity { expectClose(rate, 1, .relative(1e-12)) } else { #expect(rate > 1.01) }
  }

  @Test("ReLU's rate falls with the batch toward π/(π − 1); tanh's toward its limit; small γ is linear")
  func batchDependence() {
    let relu = [8, 32, 128].map { BatchNormGradients(activation: .relu, batch: $0).rate(samples: 4000).value }
    #expect(relu[0] > relu[1] && relu[1] > relu[2] && relu[2] > BatchNormGradients.reluLargeBatchLimit)
    // At B = 8 the rate is far from its limit: about 1.79 (20 000 directions: 1.793 ± 0.010).
    expectClose(relu[0], 1.79, .absolute(0.05))
    let tanh = BatchNormGradients(activation: .tanh, batch: 256).rate(samples: 2000)
    expectClose(tanh.value, BatchNormGradients(activation: .tanh, batch: 256).largeBatchRate, .absolute(0.01))
    let nearlyLinear = BatchNormGradients(activation: .tanh, batch: 32, gamma: 0.01).rate(samples: 200).value
    expectClose(nearlyLinear, BatchNormGradients.linearRate(batch: 32), .relative(1e-3))
  }

  /// The theory is for wide layers; narrow ones grow a little slower. At width 32 and depth 16 these four
  /// seeds give 1.255–1.286 per block against the mean field's 1.339 (the notebook, at width 128 and
  /// depth 50, measures 1.32–1.36), hence 8%. A smaller batch must explode faster.
  @Test("measured BatchNorm gradients grow near the mean-field rate, faster for smaller batches (ReLU)")
  func measuredRate() {
    func growth(batch: Int, seed: UInt64) -> Double {
      NormalizationProbe(
        .init(activation: .relu, gain: 1, normalization: .batch, depth: 16, width: 32, batch: batch, seed: seed)
      ).run().gradientGrowthPerLayer(over: 3...13)
    }
    let small = (0..<4).map { growth(batch: 8, seed: $0) }.mean
    expectClose(small, BatchNormGradients(activation: .relu, batch: 8).rate().value.squareRoot(), .relative(0.08))
    #expect(growth(batch: 32, seed: 0) < small && growth(batch: 32, seed: 0) > 1.15)
  }

  /// Width 64, batch 16, 8 blocks: tanh's additive stream is within 4% of the map at every
  /// block; ReLU's multiplicative one fluctuates more from block to block, so its growth is
  /// compared over the last 4 blocks (measured ×2.885 against the map's ×2.887).
  @Test("measured residual streams follow the length map, ReLU's mean included")
  func measuredResidual() {
    func run(_ activation: Activation, _ gain: Double) -> (measured: [Double], derived: [Double]) {
      let r = NormalizationProbe(
        .init(activation: activation, gain: gain, residual: .plain, depth: 8, width: 64, batch: 16)
      ).run()
      let field = MeanField(activation: activation, gain: gain)
      return ([r.inputStd * r.inputStd] + r.outputSecondMoment, field.residualLengths(alpha: 1, layers: 8))
    }
    let tanh = run(.tanh, 5.0 / 3)
    expectClose(Array(tanh.measured.dropFirst()), Array(tanh.derived.dropFirst()), .relative(0.1))
    let relu = run(.relu, 2.0.squareRoot())
    let (measured, derived) = (
      Math.pow(relu.measured[8] / relu.measured[4], 0.25), Math.pow(relu.derived[8] / relu.derived[4], 0.25)
    )
    expectClose(measured, derived, .relative(0.1))
    #expect(measured > 2.5)  // without the branch's mean the map would say 2
  }
}
