import TestSupport
import Testing
@testable import MicrogradEngine
@testable import MicrogradNN

/// Sample moments of a matrix's entries.
private struct Moments {
  var count: Int
  var mean: Double
  var std: Double
  var min: Double
  var max: Double

  init(_ w: [[Double]]) {
    let xs = w.flatMap { $0 }
    count = xs.count
    let mean = xs.reduce(0, +) / Double(count)
    self.mean = mean
    std = (xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count)).squareRoot()
    min = xs.min()!
    max = xs.max()!
  }
}

/// One initializer's expected distribution, for the table test below.
struct Expectation: CustomTestStringConvertible, Sendable {
  var initializer: WeightInitializer
  var fanOut: Int
  var fanIn: Int
  var mean: Double
  var std: Double
  /// For uniform distributions: the support is [−bound, bound] (or [mean − bound, mean + bound]).
  var bound: Double?
  var testDescription: String { "\(initializer) on \(fanOut)×\(fanIn)" }
}

@Suite("Initializers: the distributions PyTorch's formulas ask for")
struct InitializerTests {
  // Every case draws fanOut·fanIn ≥ 20,000 weights. With n draws, the sample mean has
  // standard error σ/√n and the sample std σ/√(2n) (for the normal; the uniform's is smaller).
  // We accept 5 standard errors: a false alarm has probability < 1e-6 per check, and the
  // seeds are fixed anyway, so the test is deterministic; a wrong formula (a factor √2,
  // fan-in vs fan-out, a missing gain) is off by far more than 5 SE at n = 20,000.
  static let cases: [Expectation] = [
    Expectation(initializer: .micrograd, fanOut: 200, fanIn: 100, mean: 0, std: 1 / 3.0.squareRoot(), bound: 1),
    Expectation(
      initializer: .uniform(a: -0.5, b: 1.5), fanOut: 200, fanIn: 100, mean: 0.5, std: 2 / 12.0.squareRoot(), bound: 1),
    Expectation(initializer: .normal(mean: 0.3, std: 2), fanOut: 200, fanIn: 100, mean: 0.3, std: 2),
    Expectation(
      initializer: .xavierUniform(gain: 5.0 / 3), fanOut: 200, fanIn: 100, mean: 0,
      std: 5.0 / 3 * (2.0 / 300).squareRoot(), bound: 5.0 / 3 * (6.0 / 300).squareRoot()),
    Expectation(
      initializer: .xavierNormal(gain: 5.0 / 3), fanOut: 200, fanIn: 100, mean: 0,
      std: 5.0 / 3 * (2.0 / 300).squareRoot()),
    Expectation(
      initializer: .kaimingUniform(), fanOut: 400, fanIn: 50, mean: 0, std: 2.0.squareRoot() / 50.0.squareRoot(),
      bound: (6.0 / 50).squareRoot()),
    Expectation(initializer: .kaimingNormal(), fanOut: 400, fanIn: 50, mean: 0, std: 0.2),
    Expectation(
      initializer: .kaimingNormal(mode: .fanOut), fanOut: 400, fanIn: 50, mean: 0, std: 2.0.squareRoot() / 20),
    Expectation(
      initializer: .kaimingNormal(nonlinearity: .tanh), fanOut: 400, fanIn: 50, mean: 0,
      std: 5.0 / 3 / 50.0.squareRoot()),
    Expectation(
      initializer: .kaimingNormal(nonlinearity: .leakyReLU(negativeSlope: 0.2)), fanOut: 400, fanIn: 50, mean: 0,
      std: (2 / 1.04).squareRoot() / 50.0.squareRoot()),
    Expectation(
      initializer: .kaimingUniform(mode: .fanOut, nonlinearity: .selu), fanOut: 400, fanIn: 50, mean: 0,
      std: 0.75 / 20, bound: 0.75 / 20 * 3.0.squareRoot()),
    Expectation(initializer: .lecunNormal, fanOut: 200, fanIn: 100, mean: 0, std: 0.1),
    Expectation(initializer: .lecunUniform, fanOut: 200, fanIn: 100, mean: 0, std: 0.1, bound: 0.03.squareRoot()),
    Expectation(
      initializer: .pytorchLinear, fanOut: 400, fanIn: 64, mean: 0, std: 1 / (3.0 * 64).squareRoot(), bound: 0.125),
  ]

  @Test("mean, std and bounds over ≥ 20,000 draws", arguments: cases)
  func moments(_ e: Expectation) {
    var rng = SplitMix64(seed: 7)
    let w = e.initializer.weights(fanOut: e.fanOut, fanIn: e.fanIn, using: &rng)
    #expect(w.count == e.fanOut && w.allSatisfy { $0.count == e.fanIn })
    let m = Moments(w)
    #expect(m.count >= 20_000)
    let n = Double(m.count)
    expectClose(m.mean, e.mean, .absolute(5 * e.std / n.squareRoot()), "mean")
    expectClose(m.std, e.std, .absolute(5 * e.std / (2 * n).squareRoot()), "std")
    if let bound = e.bound {
      // Inside the support, and reaching close to its ends: with n uniform draws the gap
      // between the largest one and the end is about (width)/n; 50 times that is ample.
      let slack = 50 * 2 * bound / n
      #expect(m.min >= e.mean - bound && m.max <= e.mean + bound)
      #expect(m.min < e.mean - bound + slack && m.max > e.mean + bound - slack)
    }
  }

  @Test(
    "Kaiming by name takes the activation's gain, slope included (the lab's rule)",
    arguments: [
      Activation.relu, .leakyReLU(negativeSlope: 0.01), .leakyReLU(negativeSlope: 0.2),
      .leakyReLU(negativeSlope: 0.5), .tanh, .selu, .identity,
    ], ["kaimingNormal", "kaimingUniform", "kaiming_normal"])
  func kaimingByName(activation: Activation, name: String) throws {
    let byName = try #require(WeightInitializer(name: name, gain: 7, nonlinearity: activation))
    let expected: WeightInitializer =
      name == "kaimingUniform" ? .kaimingUniform(nonlinearity: activation) : .kaimingNormal(nonlinearity: activation)
    var a = SplitMix64(seed: 3)
    var b = SplitMix64(seed: 3)
    let w = byName.weights(fanOut: 200, fanIn: 100, using: &a)
    #expect(w == expected.weights(fanOut: 200, fanIn: 100, using: &b))
    // gain/√fanIn, never the --gain number (7) and never ReLU's √2 for a leaky slope.
    expectClose(w.joined().standardDeviation, try calculateGain(activation) / 10, .relative(0.03))
  }

  @Test("pytorchLinear: weights and biases within ±1/√fanIn, as nn.Linear")
  func pytorchLinearBounds() {
    var rng = SplitMix64(seed: 3)
    let layer = Layer(inputs: 25, outputs: 1000, activation: .identity, initializer: .pytorchLinear, using: &rng)
    let bound = 1 / 25.0.squareRoot()
    let w = layer.weightMatrix.flatMap { $0 }
    let b = layer.biasVector!
    #expect(w.allSatisfy { abs($0) <= bound } && b.allSatisfy { abs($0) <= bound })
    #expect(w.max()! > 0.999 * bound && b.max()! > 0.99 * bound && b.min()! < -0.99 * bound)
  }

  @Test("truncated normal: within [a, b], reaching both cut-offs, with the truncated moments")
  func truncatedNormal() {
    let (mean, std, a, b) = (0.5, 2.0, -1.0, 4.0)
    var rng = SplitMix64(seed: 11)
    let m = Moments(
      WeightInitializer.truncatedNormal(mean: mean, std: std, a: a, b: b).weights(fanOut: 200, fanIn: 100, using: &rng))
    #expect(m.min >= a && m.max <= b)
    // The density at the cut-offs is about φ(±1)/(σZ) ≈ 0.15 per unit, so the most extreme of
    // 20,000 draws lies within ~1/(20,000·0.15) ≈ 3e-4 of each cut-off; allow 0.01.
    #expect(m.min < a + 0.01 && m.max > b - 0.01)
    // Moments of N(μ, σ²) truncated to [a, b], with α = (a − μ)/σ, β = (b − μ)/σ,
    // Z = Φ(β) − Φ(α): mean μ + σ(φ(α) − φ(β))/Z, variance σ²[1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²].
    let (alpha, beta) = ((a - mean) / std, (b - mean) / std)
    func pdf(_ x: Double) -> Double { Math.exp(-x * x / 2) / (2 * Double.pi).squareRoot() }
    func cdf(_ x: Double) -> Double { 0.5 * (1 + Math.erf(x / 2.0.squareRoot())) }
    let z = cdf(beta) - cdf(alpha)
    let shift = (pdf(alpha) - pdf(beta)) / z
    let expectedMean = mean + std * shift
    let expectedStd = std * (1 + (alpha * pdf(alpha) - beta * pdf(beta)) / z - shift * shift).squareRoot()
    let n = Double(m.count)
    expectClose(m.mean, expectedMean, .absolute(5 * expectedStd / n.squareRoot()))
    expectClose(m.std, expectedStd, .absolute(5 * expectedStd / (2 * n).squareRoot()))
  }

  @Test("PyTorch's trunc_normal_ defaults cut N(0, 1) at ±2")
  func truncatedNormalDefaults() {
    var rng = SplitMix64(seed: 12)
    let m = Moments(WeightInitializer.truncatedNormal().weights(fanOut: 200, fanIn: 100, using: &rng))
    #expect(m.min >= -2 && m.max <= 2 && m.min < -1.99 && m.max > 1.99)
  }

  @Test(
    "orthogonal: W·Wᵀ = gain²·I (wide), Wᵀ·W = gain²·I (tall), to 1e-12", arguments: [(3, 7), (7, 3), (16, 16), (1, 5)])
  func orthogonal(_ shape: (Int, Int)) {
    let (fanOut, fanIn) = shape
    let gain = 5.0 / 3
    var rng = SplitMix64(seed: 5)
    let w = WeightInitializer.orthogonal(gain: gain).weights(fanOut: fanOut, fanIn: fanIn, using: &rng)
    // The Gram matrix of the shorter side: rows if wide, columns if tall.
    let vectors = fanOut <= fanIn ? w : (0..<fanIn).map { j in w.map { $0[j] } }
    for i in vectors.indices {
      for j in vectors.indices {
        let dot = zip(vectors[i], vectors[j]).reduce(0) { $0 + $1.0 * $1.1 }
        expectClose(dot, i == j ? gain * gain : 0, .absolute(1e-12), "Gram[\(i)][\(j)]")
      }
    }
  }

  @Test("orthogonal is Haar-distributed: the sign correction leaves no preferred direction")
  func orthogonalIsUniform() {
    // For a uniformly random orthogonal n×n matrix every entry has mean 0 and variance 1/n.
    // Without the sign correction, QR by Householder gives a diagonal biased away from 0.
    // Over 3,000 matrices 3×3: SE of the mean = √(1/3)/√3000 ≈ 0.011; accept 5 SE.
    var rng = SplitMix64(seed: 9)
    var diagonal: [Double] = []
    for _ in 0..<3000 {
      let q = WeightInitializer.orthogonal().weights(fanOut: 3, fanIn: 3, using: &rng)
      diagonal += [q[0][0], q[1][1], q[2][2]]
    }
    let mean = diagonal.reduce(0, +) / Double(diagonal.count)
    let meanSquare = diagonal.reduce(0) { $0 + $1 * $1 } / Double(diagonal.count)
    expectClose(mean, 0, .absolute(5 * (1.0 / 3).squareRoot() / 9000.0.squareRoot()))
    expectClose(meanSquare, 1.0 / 3, .absolute(0.02))
  }

  @Test(
    "sparse: exactly ⌈sparsity·fanOut⌉ zeros in every column, N(0, std²) elsewhere",
    arguments: [0.0, 0.1, 0.25, 0.9, 1.0])
  func sparse(_ sparsity: Double) {
    var rng = SplitMix64(seed: 13)
    let (fanOut, fanIn) = (250, 100)
    let w: [[Double]] = WeightInitializer.sparse(sparsity: sparsity, std: 0.5)
      .weights(fanOut: fanOut, fanIn: fanIn, using: &rng)
    let zeros = Int((sparsity * Double(fanOut)).rounded(.up))
    for column in 0..<fanIn {
      #expect(w.filter { $0[column] == 0 }.count == zeros, "column \(column)")
    }
    let rest = w.flatMap { $0 }.filter { $0 != 0 }
    if rest.count >= 2000 {
      let std = (rest.reduce(0) { $0 + $1 * $1 } / Double(rest.count)).squareRoot()
      expectClose(std, 0.5, .absolute(5 * 0.5 / (2 * Double(rest.count)).squareRoot()))
    }
  }

  @Test("constants, zeros, ones and eye are exact")
  func deterministicStrategies() {
    var rng = SplitMix64(seed: 1)
    let cases: [(WeightInitializer, fanOut: Int, fanIn: Int, expected: [[Double]])] = [
      (.zeros, 2, 3, [[0, 0, 0], [0, 0, 0]]),
      (.ones, 1, 2, [[1, 1]]),
      (.constant(0.25), 2, 1, [[0.25], [0.25]]),
      (.eye, 3, 3, [[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
    ]
    for (initializer, fanOut, fanIn, expected) in cases {
      let weights: [[Double]] = initializer.weights(fanOut: fanOut, fanIn: fanIn, using: &rng)
      #expect(weights == expected, "\(initializer)")
    }
  }

  struct Halves: CustomWeightInitializer {
    func weights(fanOut: Int, fanIn: Int, using rng: inout some RandomNumberGenerator) -> [[Double]] {
      (0..<fanOut).map { _ in (0..<fanIn).map { _ in rng.uniform() < 0.5 ? -0.5 : 0.5 } }
    }
  }

  @Test("a strategy of your own plugs in with .custom")
  func custom() {
    var rng = SplitMix64(seed: 2)
    let layer = Layer(inputs: 4, outputs: 3, initializer: .custom(Halves()), using: &rng)
    #expect(layer.weightMatrix.flatMap { $0 }.allSatisfy { abs($0) == 0.5 })
    #expect(WeightInitializer.custom(Halves()).description == "custom(Halves)")
  }

  @Test(
    "names parse in our and PyTorch's spelling",
    arguments: WeightInitializer.names + [
      "xavier_normal", "xavier_uniform", "kaiming_normal", "kaiming_uniform", "trunc_normal", "he_normal",
      "glorot_uniform", "lecun_normal", "pytorch_linear",
    ])
  func names(_ name: String) {
    #expect(WeightInitializer(name: name) != nil)
  }

  @Test("name parsing: spellings, the gain, unknown names")
  func nameParsing() {
    #expect(WeightInitializer(name: "xavier_normal", gain: 2)?.description == "xavierNormal(gain: 2)")
    #expect(WeightInitializer(name: "glorotUniform")?.description == "xavierUniform(gain: 1)")
    #expect(
      WeightInitializer(name: "he_normal", nonlinearity: .tanh)?.description
        == "kaimingNormal(mode: fan_in, nonlinearity: tanh)")
    #expect(WeightInitializer(name: "normal", gain: 0.5)?.description == "normal(mean: 0, std: 0.5)")
    #expect(WeightInitializer(name: "xavier") == nil)
    #expect(WeightInitializer.xavierUniform().pytorchName == "nn.init.xavier_uniform_")
  }

  @Test("Kaiming modes read PyTorch's names and Swift's, as every name is read: init?(name:); anything else is nil")
  func kaimingModes() {
    #expect(KaimingMode(name: "fan_in") == .fanIn && KaimingMode(name: "fanIn") == .fanIn)
    #expect(KaimingMode(name: "fan_out") == .fanOut && KaimingMode(name: "fanOut") == .fanOut)
    #expect(KaimingMode(name: "fan_avg") == nil)
  }
}

@Suite("Bad initializer settings stop with a message that names them")
struct InitializerPreconditionTests {
  @Test func negativeStd() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = WeightInitializer.normal(std: -1).weights(fanOut: 2, fanIn: 2, using: &rng)
    }
    #expect(result?.printed("WeightInitializer.normal: std must be finite and ≥ 0 (got -1.0)") == true)
  }

  @Test func sparsityOutOfRange() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = WeightInitializer.sparse(sparsity: 1.5).weights(fanOut: 2, fanIn: 2, using: &rng)
    }
    #expect(result?.printed("WeightInitializer.sparse: sparsity must be in [0, 1] (got 1.5)") == true)
  }

  @Test func eyeOnANonSquareLayer() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = Layer(inputs: 3, outputs: 2, initializer: .eye, using: &rng)
    }
    #expect(result?.printed("WeightInitializer.eye: the layer must be square (got fanOut = 2, fanIn = 3)") == true)
  }

  @Test func nonFiniteGain() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = WeightInitializer.xavierNormal(gain: .infinity).weights(fanOut: 2, fanIn: 2, using: &rng)
    }
    #expect(result?.printed("WeightInitializer.xavierNormal: gain must be finite (got inf)") == true)
  }

  @Test func zeroFanIn() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = WeightInitializer.lecunNormal.weights(fanOut: 2, fanIn: 0, using: &rng)
    }
    #expect(result?.printed("lecunNormal: fanIn must be at least 1 (got 0)") == true)
  }

  @Test func zeroFanOut() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = WeightInitializer.micrograd.weights(fanOut: 0, fanIn: 2, using: &rng)
    }
    #expect(result?.printed("micrograd: fanOut must be at least 1 (got 0)") == true)
  }

  @Test func truncatedNormalNegativeStd() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = WeightInitializer.truncatedNormal(std: -0.5).weights(fanOut: 2, fanIn: 2, using: &rng)
    }
    #expect(result?.printed("WeightInitializer.truncatedNormal: std must be finite and ≥ 0 (got -0.5)") == true)
  }

  @Test func orthogonalNonFiniteGain() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = WeightInitializer.orthogonal(gain: .nan).weights(fanOut: 2, fanIn: 2, using: &rng)
    }
    #expect(result?.printed("WeightInitializer.orthogonal: gain must be finite (got nan)") == true)
  }

  @Test func biasNormalNegativeStd() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = BiasInitializer.normal(std: -1).biases(fanOut: 2, fanIn: 2, using: &rng)
    }
    #expect(result?.printed("BiasInitializer.normal: std must be finite and ≥ 0 (got -1.0)") == true)
  }

  @Test func biasWithoutNeurons() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = BiasInitializer.zeros.biases(fanOut: 0, fanIn: 2, using: &rng)
    }
    #expect(result?.printed("BiasInitializer.biases: fanOut must be at least 1 (got 0)") == true)
  }

  @Test func kaimingWithoutAPyTorchGain() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = WeightInitializer.kaimingNormal(nonlinearity: .gelu).weights(fanOut: 2, fanIn: 2, using: &rng)
    }
    #expect(result?.printed("WeightInitializer.kaiming: calculateGain: PyTorch has no gain for 'gelu'") == true)
  }

  @Test func kaimingWithANonFiniteSlope() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = WeightInitializer.kaimingUniform(nonlinearity: .leakyReLU(negativeSlope: .nan)).weights(
        fanOut: 2, fanIn: 2, using: &rng)
    }
    #expect(result?.printed("leaky_relu's negative slope must be a finite number (got nan)") == true)
  }
}
