import TestSupport
import Testing

@testable import MicrogradLab

@testable import Micrograd

/// The spectrum probe: the Jacobian it takes, the spectra it reports, and the headline claims of
/// `Docs/Isometry.md` over several seeds (small widths, so they run in a debug build).
@Suite("Spectrum probe")
struct SpectrumProbeTests {
  /// Plain matrix product A·B.
  static func product(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
    a.map { row in b[0].indices.map { j in row.indices.reduce(0) { $0 + row[$1] * b[$1][j] } } }
  }

  @Test("the probe's Jacobian matches central differences of the network on plain numbers")
  func jacobianMatchesFiniteDifferences() {
    var rng = SplitMix64(seed: 3)
    let network = MLP(
      inputs: 4, sizes: [4, 4, 4], activation: .tanh, outputActivation: .gelu, initializer: .xavierNormal(gain: 1.5),
      using: &rng)
    let x = [0.3, -1.2, 0.8, 0.1]
    let jacobian = SpectrumProbe.jacobian(of: network, at: x)
    let h = 1e-6
    for j in 0..<4 {
      var plus = x, minus = x
      plus[j] += h
      minus[j] -= h
      let (up, down) = (network.evaluate(plus), network.evaluate(minus))
      for i in 0..<4 {
        expectClose(jacobian[i][j], (up[i] - down[i]) / (2 * h), .finiteDifference, "J[\(i)][\(j)]")
      }
    }
    // The weights' own gradients are left as they were.
    #expect(network.parameters.allSatisfy { $0.grad == 0 })
  }

  @Test("a linear network's Jacobian is the product of its weight matrices")
  func linearIsTheProduct() {
    let probe = SpectrumProbe(
      .init(activation: .identity, initializer: .xavierNormal(gain: 1), depth: 5, width: 8, samples: 2, seed: 4))
    let (network, _) = probe.draw()
    let matrices = network.layers.map(\.weightMatrix)
    let product = matrices.dropFirst().reduce(matrices[0]) { Self.product($1, $0) }
    let result = probe.run()
    for spectrum in result.spectra {
      expectClose(spectrum.singularValues.values, SingularValues(of: product).values, .relative(1e-12))
      let squares: [Double] = product.flatMap { $0.map { $0 * $0 } }
      let frobenius = squares.reduce(0, +)
      expectClose(spectrum.meanSquare, frobenius / 8, .relative(1e-12))
    }
  }

  /// Saxe et al. 2014: a product of orthogonal matrices is orthogonal.
  @Test("linear and orthogonal: every singular value is 1 at every depth (exact isometry)", arguments: [1, 8, 32])
  func orthogonalLinearIsAnIsometry(depth: Int) {
    let result = SpectrumProbe(
      .init(activation: .identity, initializer: .orthogonal(gain: 1), depth: depth, width: 16, samples: 1)
    ).run()
    expectClose(result.spectra[0].singularValues.values, Array(repeating: 1, count: 16), .relative(1e-12))
    #expect(result.spread < 1e-24)
    expectClose(result.prediction.meanSquare, 1, .relative(1e-12))
    #expect(Swift.abs(result.prediction.spread) < 1e-12)
  }

  /// The headline of experiment 1 at a width a debug build runs quickly: tanh at gain 1 (the
  /// critical gain's limit), depth 24, width 24. Over seeds 0–3 the orthogonal net's spread was
  /// 1.0–1.3 and the Gaussian's 13–19, and the orthogonal mean σ² within 13% of ∏χ₁.
  @Test(
    "tanh at gain 1: orthogonal's spread far below Gaussian's, its mean near ∏χ₁", arguments: [0, 1, 2, 3] as [UInt64])
  func tanhOrthogonalVersusGaussian(seed: UInt64) {
    func run(_ initializer: WeightInitializer) -> SpectrumProbe.Result {
      SpectrumProbe(.init(activation: .tanh, initializer: initializer, depth: 24, width: 24, samples: 2, seed: seed))
        .run()
    }
    let (gaussian, orthogonal) = (run(.xavierNormal(gain: 1)), run(.orthogonal(gain: 1)))
    #expect(gaussian.spread > 5 * orthogonal.spread, "spreads \(gaussian.spread), \(orthogonal.spread)")
    let theory = JacobianPrediction(activation: .tanh, weightVariance: 1, weightSpread: 0, depth: 24)
    expectClose(orthogonal.meanSquare, theory.meanSquare, .relative(0.25))
    expectClose(orthogonal.spread, theory.spread, .relative(0.4))
  }

  /// ReLU zeroes the units below 0: J = D_L·W_L ⋯ has rank at most the number of active units
  /// of its narrowest layer, about half the width.
  @Test("ReLU: the Jacobian is singular, with about half the singular values 0")
  func reluIsRankDeficient() {
    let result = SpectrumProbe(
      .init(activation: .relu, initializer: .orthogonal(gain: 2.0.squareRoot()), depth: 8, width: 24, samples: 2)
    ).run()
    for spectrum in result.spectra {
      let rank = spectrum.singularValues.rank()
      #expect(rank < 16 && rank > 4, "rank \(rank)")
      #expect(spectrum.singularValues.conditionNumber > 1e14)
    }
  }

  @Test("the prediction: ReLU spreads L (orthogonal) and 2L (Gaussian) at χ₁ = 1; linear Gaussian spreads L")
  func predictionClosedForms() {
    let he = JacobianPrediction(activation: .relu, weightVariance: 2, weightSpread: 0, depth: 10)
    expectClose(he.meanSquare, 1, .relative(1e-12))
    expectClose(he.spread, 10, .relative(1e-10))
    expectClose(
      JacobianPrediction(activation: .relu, weightVariance: 2, weightSpread: 1, depth: 10).spread, 20, .relative(1e-10))
    let linear = JacobianPrediction(activation: .identity, weightVariance: 1, weightSpread: 1, depth: 7)
    expectClose(linear.meanSquare, 1, .relative(1e-12))
    expectClose(linear.spread, 7, .relative(1e-12))
    // tanh near 0 is the identity: tiny inputs, slopes all ≈ 1, spread → the weights' alone.
    let small = JacobianPrediction(activation: .tanh, weightVariance: 1, weightSpread: 0, depth: 5, inputVariance: 1e-6)
    #expect(small.spread < 1e-9)
    expectClose(small.meanSquare, 1, .relative(1e-5))
  }

  @Test("the spread of WWᵀ's eigenvalues: 0 for orthogonal, 16/25 for diag(1, 3)")
  func weightSpread() {
    expectClose(JacobianPrediction.eigenvalueSpread(ofGram: [[1, 0], [0, 3]]), 0.64, .relative(1e-14))
    var rng = SplitMix64(seed: 9)
    let q = WeightInitializer.orthogonal(gain: 3).weights(fanOut: 12, fanIn: 12, using: &rng)
    #expect(Swift.abs(JacobianPrediction.eigenvalueSpread(ofGram: q)) < 1e-13)
  }

  /// The exact second moment of m = (1/N)·tr(JᵀJ) for linear Gaussian networks against 4000 sampled
  /// networks (N = 8, L = 4, plain matrix products): E[m] = 1 and E[m²] = 1.359 as the recursion says.
  /// The standard error of the sample mean of m² is about 2.6% at this setting (the samples' own
  /// spread, 4000 NumPy draws), so 8% is three standard errors; E[m²] − 1 is 36%, so a recursion
  /// that forgot the fluctuation would fail.
  @Test("E[m²] of a linear Gaussian network: the Wick recursion against sampled networks")
  func finiteWidthSecondMoment() {
    let (n, depth, count) = (8, 4, 4000)
    var rng = SplitMix64(seed: 11)
    var sum = 0.0, sumOfSquares = 0.0
    for _ in 0..<count {
      var j = (0..<n).map { i in (0..<n).map { k in i == k ? 1.0 : 0.0 } }
      for _ in 0..<depth {
        let w = WeightInitializer.normal(std: 1 / Double(n).squareRoot()).weights(fanOut: n, fanIn: n, using: &rng)
        j = Self.product(w, j)
      }
      let squares: [Double] = j.flatMap { $0 }.map { $0 * $0 }
      let m = squares.reduce(0, +) / Double(n)
      sum += m
      sumOfSquares += m * m
    }
    expectClose(sum / Double(count), 1, .relative(0.03))
    let predicted = JacobianPrediction.linearGaussianSecondMoment(width: n, depth: depth)
    expectClose(sumOfSquares / Double(count), predicted, .relative(0.08))
    // One layer by hand: m = (1/N)·Σ w², a χ²_{N²}/N² variable: E[m²] = 1 + 2/N².
    expectClose(JacobianPrediction.linearGaussianSecondMoment(width: n, depth: 1), 1 + 2.0 / 64, .relative(1e-14))
  }

  @Test("GainSweepProbe.run on the drawn network is run()")
  func gainSweepOnAGivenNetwork() {
    let probe = GainSweepProbe(.init(activation: .tanh, gain: 1.2, depth: 4, width: 8, batch: 4, seed: 2))
    let (given, direct) = (probe.run(probe.draw().network), probe.run())
    #expect(given.outputStd == direct.outputStd && given.layerGradientMeanAbs == direct.layerGradientMeanAbs)
    let (network, inputs) = probe.draw()
    let both = probe.run(network, inputs: inputs)
    #expect(both.outputStd == direct.outputStd && both.inputGradientMeanAbs == direct.inputGradientMeanAbs)
    #expect(both.saturatedFraction == direct.saturatedFraction && both.outputMean == direct.outputMean)
  }

  @Test("GainSweepProbe reports LayerStatistics' numbers for every layer")
  func gainSweepMatchesLayerStatistics() {
    let probe = GainSweepProbe(.init(activation: .selu, gain: 1.1, depth: 3, width: 6, batch: 5, seed: 9))
    let (network, inputs) = probe.draw()
    let trace = ForwardTrace(network, inputs: inputs)
    trace.backwardSumOfOutputs()
    let statistics = trace.statistics()
    let result = probe.run()
    #expect(result.outputStd == statistics.map(\.std) && result.outputMean == statistics.map(\.mean))
    #expect(result.saturatedFraction == statistics.map(\.saturatedFraction))
    #expect(result.layerGradientMeanAbs == statistics.map(\.gradientMeanAbs))
  }

  @Test("bad settings stop with a message")
  func preconditions() async {
    let depth = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SpectrumProbe.Configuration(activation: .tanh, initializer: .orthogonal(), depth: 0)
    }
    #expect(depth?.printed("SpectrumProbe: depth must be at least 1 (got 0)") == true)
    let width = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SpectrumProbe.Configuration(activation: .tanh, initializer: .orthogonal(), width: 0)
    }
    #expect(width?.printed("SpectrumProbe: width must be at least 1 (got 0)") == true)
    let predictionDepth = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = JacobianPrediction(activation: .tanh, weightVariance: 1, weightSpread: 0, depth: 0)
    }
    #expect(predictionDepth?.printed("JacobianPrediction: depth must be at least 1 (got 0)") == true)
    let inputVariance = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = JacobianPrediction(activation: .tanh, weightVariance: 1, weightSpread: 0, depth: 2, inputVariance: -1)
    }
    #expect(inputVariance?.printed("JacobianPrediction: inputVariance must be finite and ≥ 0 (got -1.0)") == true)
    let moment = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = JacobianPrediction.linearGaussianSecondMoment(width: 0, depth: 3)
    }
    #expect(moment?.printed("JacobianPrediction: need width ≥ 1 and depth ≥ 0 (got 0, 3)") == true)
    let samples = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SpectrumProbe.Configuration(activation: .tanh, initializer: .orthogonal(), samples: 0)
    }
    #expect(samples?.printed("SpectrumProbe: samples must be at least 1 (got 0)") == true)
    let square = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = JacobianPrediction(network: MLP(inputs: 3, sizes: [2], using: &rng))
    }
    #expect(square?.printed("JacobianPrediction: layer 1 must be square (got 2 × 3)") == true)
    let none = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = SpectrumProbe.measure(MLP(inputs: 2, sizes: [2], using: &rng), at: [])
    }
    #expect(none?.printed("SpectrumProbe.measure: needs at least one input (got none)") == true)
    let shape = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = GainSweepProbe(.init(activation: .tanh, gain: 1, depth: 2, width: 3)).run(
        MLP(inputs: 3, sizes: [3], using: &rng))
    }
    #expect(
      shape?.printed("GainSweepProbe.run: the network must have 2 layers of width 3 (got 3 inputs, layers [3])") == true
    )
    let batch = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let probe = GainSweepProbe(.init(activation: .tanh, gain: 1, depth: 1, width: 2, batch: 2))
      _ = probe.run(probe.draw().network, inputs: [[1, 2], [3]])
    }
    #expect(
      batch?.printed("GainSweepProbe.run: the inputs must be 2 samples of 2 numbers (got 2 samples of lengths [1, 2])")
        == true)
  }
}
