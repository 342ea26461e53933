import Foundation
import TestSupport
import Testing

@testable import MicrogradLab

@testable import Micrograd

/// Gaussian expectations: closed forms and values computed independently with mpmath.
@Suite struct GaussianExpectationTests {
  @Test(arguments: [0.25, 1.0, 2.0, 25.0 / 9, 100.0])
  func reluMomentsAreClosedForms(q: Double) {
    // ReLU(√q z) = √q·ReLU(z): E[φ] = √(q/2π), E[φ²] = q/2, E[φ′²] = P(z > 0) = 1/2.
    expectClose(Activation.relu.gaussianMean(q: q), (q / (2 * Double.pi)).squareRoot(), .relative(1e-13))
    expectClose(Activation.relu.gaussianSquare(q: q), q / 2, .relative(1e-13))
    expectClose(Activation.relu.gaussianDerivativeSquare(q: q), 0.5, .relative(1e-13))
  }

  @Test(arguments: [0.5, 1.0, 4.0])
  func identityAndLeakyReLU(q: Double) {
    expectClose(Activation.identity.gaussianSquare(q: q), q, .relative(1e-13))
    expectClose(Activation.identity.gaussianDerivativeSquare(q: q), 1, .relative(1e-13))
    // Leaky ReLU with slope a: E[φ²] = q(1 + a²)/2, E[φ′²] = (1 + a²)/2.
    let a = 0.2
    expectClose(Activation.leakyReLU(negativeSlope: a).gaussianSquare(q: q), q * (1 + a * a) / 2, .relative(1e-13))
    expectClose(
      Activation.leakyReLU(negativeSlope: a).gaussianDerivativeSquare(q: q), (1 + a * a) / 2, .relative(1e-13))
  }

  @Test func seluHasItsFixedPointAtMeanZeroVarianceOne() {
    // Klambauer et al. 2017 chose α and λ so that h ~ N(0, 1) gives SELU(h) mean 0, variance 1.
    expectClose(Activation.selu.gaussianMean(q: 1), 0, .absolute(1e-12))
    expectClose(Activation.selu.gaussianSquare(q: 1), 1, .relative(1e-12))
  }

  @Test func zeroVarianceIsThePointValue() {
    #expect(Activation.sigmoid.gaussianMean(q: 0) == 0.5)
  }

  @Test func polynomialMoments() {
    // E[z⁴] = 3, E[z⁶] = 15: the quadrature is exact to rounding for polynomials × ϕ.
    expectClose(Gaussian.expectation(q: 1) { x in x * x * x * x }, 3, .relative(1e-13))
    expectClose(Gaussian.expectation(q: 4) { x in x * x * x * x * x * x }, 15 * 64, .relative(1e-13))
  }

  /// One row of Fixtures/gaussian_expectations.json.
  struct FixtureCase: Decodable {
    var activation: String
    var q: Double
    var mean: Double
    var second: Double
    var derivSecond: Double
  }

  static func fixtureCases() throws -> [FixtureCase] {
    struct File: Decodable { var cases: [FixtureCase] }
    return try loadFixture("gaussian_expectations.json", from: .module, as: File.self).cases
  }

  /// The fixture is generated with mpmath at 50 digits (an independent tool); we ask
  /// for 1e-10, relative to the size of the moment (absolute for means that are ≈ 0).
  @Test
  func matchesHighPrecisionFixture() throws {
    let cases = try Self.fixtureCases()
    #expect(!cases.isEmpty)
    for c in cases {
      let activation = try #require(Activation(name: c.activation), "unknown activation \(c.activation)")
      let tolerance = Tolerance(relative: 1e-10, absolute: 1e-12)
      expectClose(activation.gaussianMean(q: c.q), c.mean, tolerance, "\(c.activation) mean at q = \(c.q)")
      expectClose(activation.gaussianSquare(q: c.q), c.second, tolerance, "\(c.activation) E[φ²] at q = \(c.q)")
      expectClose(
        activation.gaussianDerivativeSquare(q: c.q), c.derivSecond, tolerance, "\(c.activation) E[φ′²] at q = \(c.q)")
    }
  }

  /// Until the shared fixture lands: a few values computed with mpmath 1.3 at 30 digits,
  /// quad(lambda z: f(sqrt(q)*z)*exp(-z*z/2)/sqrt(2*pi), [-inf, 0, inf]).
  @Test func matchesMpmathSpotValues() {
    expectClose(Activation.tanh.gaussianSquare(q: 1), 0.394294490397841174416459772444, .relative(1e-12))
    expectClose(Activation.tanh.gaussianDerivativeSquare(q: 1), 0.464402902448268241972021461116, .relative(1e-12))
    expectClose(Activation.sigmoid.gaussianSquare(q: 1), 0.293379035858092962737649171282, .relative(1e-12))
    expectClose(Activation.sigmoid.gaussianDerivativeSquare(q: 1), 0.044836241350194371792582658295, .relative(1e-12))
    expectClose(Activation.softsign.gaussianSquare(q: 1), 0.183014021266547499088224835052, .relative(1e-12))
  }
}

/// The length map, its verdicts, χ₁ and the computed gains.
@Suite struct MeanFieldTests {
  @Test func verdicts() {
    let collapse = MeanField(activation: .tanh, gain: 0.5).verdict()
    #expect({ if case .collapses = collapse { true } else { false } }(), "\(collapse)")

    let explode = MeanField(activation: .selu, gain: 2).verdict()
    #expect({ if case .explodes = explode { true } else { false } }(), "\(explode)")

    // tanh at gain 1: q = 0 is a marginal fixed point, approached like 1/(2l): still
    // shrinking after 1000 layers.
    let drift = MeanField(activation: .tanh, gain: 1).verdict()
    guard case .drifts(let q, let change, _) = drift else {
      Issue.record("expected a drift, got \(drift)")
      return
    }
    #expect(q > 0 && q < 1e-3 && change < 0)
  }

  @Test func homogeneousPerLayerFactor() throws {
    expectClose(try #require(MeanField(activation: .relu, gain: 1.5).perLayerFactor), 1.5 * 1.5 / 2, .relative(1e-13))
    #expect(MeanField(activation: .tanh, gain: 1).perLayerFactor == nil)
    // Every q is a fixed point of ReLU at gain √2.
    let relu = MeanField(activation: .relu, gain: 2.0.squareRoot())
    expectClose(relu.lengthMap(3.7), 3.7, .relative(1e-13))
    expectClose(relu.chi1(q: 3.7), 1, .relative(1e-13))
  }

  @Test func tanhAtPyTorchGainSettlesNearThePointSixFive() throws {
    // The forum's observation "out: 0.6518" (PyTorch at width 1000: 0.652 … 0.651).
    let field = MeanField(activation: .tanh, gain: 5.0 / 3)
    let point = try #require(field.fixedPoint())
    expectClose(point.postActivationStd, 0.651, .absolute(0.001))
    expectClose(field.lengthMap(point.q), point.q, .relative(1e-12))
    #expect(point.chi1 > 1.2 && point.chi1 < 1.22)
    // The chaotic phase: two inputs settle at a correlation c* < 1, approached with depth scale ξ_c.
    let correlation = field.correlationFixedPoint(at: point)
    #expect(correlation.c > 0 && correlation.c < 1)
    expectClose(field.correlationMap(correlation.c, q: point.q), correlation.c, .relative(1e-10))
    #expect(correlation.chiC < 1 && correlation.depthScale != nil)
    #expect(point.gradientDepthScale < 0)  // gradients grow toward the input
  }

  @Test(
    "odd activations: φ(−x) = −φ(x), and their Gaussian mean is 0 (the integral agrees)", arguments: Activation.allCases
  )
  func oddActivationsHaveMeanZero(_ activation: Activation) {
    let xs = [0.3, 1.7, 4.0]
    let odd = xs.allSatisfy { activation.function(-$0) == -activation.function($0) }
    #expect(activation.isOdd == odd, "\(activation)")
    if activation.isOdd {
      #expect(activation.gaussianMean(q: 1.3) == 0)
      let integral = Gaussian.expectation(q: 1.3, kinks: activation.kinks) { activation.function($0) }
      #expect(abs(integral) < 1e-15, "\(activation): \(integral)")
    }
  }

  /// A network for the profile test: activation, gain, bias std, input variance, layers.
  struct ProfileCase: Sendable, CustomTestStringConvertible {
    var activation: Activation, gain: Double, biasStd: Double = 0, inputVariance: Double = 1, layers = 60
    var testDescription: String { "\(activation) gain \(gain) σb \(biasStd) E[x²] \(inputVariance), \(layers) layers" }
  }

  @Test(
    "the profile is the length map iterated layer by layer, then std and √(2/π·E[g²]), to the last bit",
    arguments: [
      ProfileCase(activation: .tanh, gain: 5.0 / 3), ProfileCase(activation: .tanh, gain: 0.9),
      ProfileCase(activation: .relu, gain: 2.0.squareRoot()), ProfileCase(activation: .selu, gain: 1),
      ProfileCase(activation: .tanh, gain: 1.3, biasStd: 0.3, inputVariance: 2.5),
      ProfileCase(activation: .sigmoid, gain: 1, biasStd: 0.1, inputVariance: 0.5),
      ProfileCase(activation: .tanh, gain: 5.0 / 3, layers: 1), ProfileCase(activation: .identity, gain: 1, layers: 5),
    ])
  func profileIsTheLayerByLayerRecursion(_ c: ProfileCase) {
    let field = MeanField(activation: c.activation, gain: c.gain, biasStd: c.biasStd)
    let layers = c.layers
    var qs: [Double] = [field.weightVariance * c.inputVariance + field.biasVariance]
    for _ in 1..<layers { qs.append(field.lengthMap(qs[qs.count - 1])) }
    var moments = [Double](repeating: 1, count: layers + 1)
    for l in stride(from: layers, through: 1, by: -1) { moments[l - 1] = field.chi1(q: qs[l - 1]) * moments[l] }
    let profile = field.profile(inputVariance: c.inputVariance, layers: layers)
    #expect(field.lengths(inputVariance: c.inputVariance, layers: layers) == qs)
    #expect(field.gradientSecondMoments(inputVariance: c.inputVariance, layers: layers) == moments)
    #expect(profile.outputStd == qs.map(field.postActivationStd))
    let gradient: [Double] = (0..<layers).map { (2 / Double.pi * moments[$0]).squareRoot() } + [1]
    #expect(profile.gradientMeanAbs == gradient)
  }

  @Test func lengthMapSlopeMatchesFiniteDifference() {
    for (activation, q) in [(Activation.tanh, 1.2), (.selu, 0.7), (.sigmoid, 2.0), (.softsign, 0.5)] {
      let field = MeanField(activation: activation, gain: 1.3)
      let h = 1e-5 * q
      let difference = (field.lengthMap(q + h) - field.lengthMap(q - h)) / (2 * h)
      expectClose(field.lengthMapSlope(at: q), difference, .finiteDifference, "\(activation)")
    }
  }

  @Test func computedGains() throws {
    let relu = ComputedGains(for: .relu)
    expectClose(relu.variancePreserving.gain, 2.0.squareRoot(), .relative(1e-13))
    expectClose(relu.gradientPreserving.gain, 2.0.squareRoot(), .relative(1e-13))
    expectClose(try #require(relu.critical.value), 2.0.squareRoot(), .relative(1e-13))

    let selu = ComputedGains(for: .selu)
    expectClose(selu.variancePreserving.gain, 1, .relative(1e-12))  // LeCun / the SNN paper

    let tanh = ComputedGains(for: .tanh)
    expectClose(try #require(tanh.pytorch).gain, 5.0 / 3, .exact)
    guard case .onlyInTheLimit(let g, _) = tanh.critical else {
      Issue.record("tanh has no critical gain at σb = 0 except the limit g → 1, got \(tanh.critical)")
      return
    }
    expectClose(g, 1, .relative(1e-12))

    // ELU (α = 1) is like tanh near 0 (φ′(0⁻) = φ′(0⁺) = 1): χ₁ → 1 only as the gain → 1.
    guard case .onlyInTheLimit(let ge, _) = ComputedGains(for: .elu()).critical else {
      Issue.record("elu's critical gain should be the limit g → 1, got \(ComputedGains(for: .elu()).critical)")
      return
    }
    expectClose(ge, 1, .relative(1e-12))

    // Sigmoid (φ(0) = ½ ≠ 0) always has a non-trivial fixed point, and χ₁ crosses 1.
    let sigmoid = ComputedGains(for: .sigmoid)
    guard case .gain(let gs, let point) = sigmoid.critical else {
      Issue.record("expected a critical gain for sigmoid, got \(sigmoid.critical)")
      return
    }
    expectClose(point.chi1, 1, .relative(1e-9))
    expectClose(MeanField(activation: .sigmoid, gain: gs).lengthMap(point.q), point.q, .relative(1e-10))
  }
}

@Suite("The correlation map: c* and ξ_c in the chaotic phase")
struct CorrelationTests {
  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    var activation: String
    var gain: Double
    var q: Double
    var chi1: Double
    var c: Double
    var chiC: Double
    var testDescription: String { "\(activation) at gain \(gain)" }
  }
  struct File: Decodable { var cases: [Case] }

  /// An odd activation (c* = 0) and one that is not (c* > 0); the fixture has more.
  static let cases = ((try? loadFixture("correlation.json", from: .module, as: File.self).cases) ?? []).filter {
    ($0.activation == "tanh" && $0.gain > 1.6 && $0.gain < 1.7) || $0.activation == "selu"
  }

  @Test("the fixture has the chaotic-phase cases")
  func fixture() throws {
    #expect(try loadFixture("correlation.json", from: .module, as: File.self).cases.count >= 5)
  }

  /// SciPy's nested integrals (Tests/Reference/generate_correlation.py), good to ~1e-9. For an odd
  /// φ without bias c* is 0 (the map is odd), so c is compared absolutely.
  @Test("c* and χ_c match SciPy to 1e-8", arguments: cases)
  func matchesSciPy(_ c: Case) throws {
    let activation = try #require(Activation(name: c.activation))
    let field = MeanField(activation: activation, gain: c.gain)
    let point = try #require(field.fixedPoint())
    expectClose(point.q, c.q, .relative(1e-9))
    expectClose(point.chi1, c.chi1, .relative(1e-9))
    let correlation = field.correlationFixedPoint(at: point)
    expectClose(correlation.c, c.c, Tolerance(relative: 1e-8, absolute: 1e-10))
    expectClose(correlation.chiC, c.chiC, .relative(1e-8))
  }

  @Test("in the ordered phase c* = 1 and χ_c = χ₁")
  func ordered() throws {
    let field = MeanField(activation: .sigmoid, gain: 1)
    let point = try #require(field.fixedPoint())
    #expect(point.chi1 < 1)
    let correlation = field.correlationFixedPoint(at: point)
    #expect(correlation.c == 1 && correlation.chiC == point.chi1)
    expectClose(try #require(correlation.depthScale), -1 / Math.log(point.chi1))
  }
}
