import TestSupport
import Testing
@testable import MicrogradEngine
@testable import MicrogradNN

@Suite("Activation")
struct ActivationTests {
  @Test(
    "applying an activation to a Value gives the same number as its scalar function", arguments: Activation.allCases)
  func valueMatchesScalar(_ activation: Activation) {
    for x in [-2.5, -0.3, 0.4, 1.9] {
      #expect(activation(Value(x)).data == activation.function(x))
    }
  }

  @Test("the scalar derivative matches the Value op's backward rule", arguments: Activation.allCases)
  func derivativeMatchesBackward(_ activation: Activation) {
    for x in [-2.5, -0.3, 0.4, 1.9] {
      let v = Value(x)
      let y = activation(v) * 1.0
      y.backward()
      expectClose(v.grad, activation.derivative(x), .exact, "\(activation) at \(x)")
    }
  }

  @Test("names round-trip, PyTorch names parse too", arguments: Activation.allCases)
  func names(_ activation: Activation) {
    #expect(Activation(name: activation.name) == activation)
    #expect(Activation(name: activation.pytorchName) == activation)
  }

  @Test("parameters after a colon; unknown names and bad parameters are rejected")
  func parsing() {
    #expect(Activation(name: "leaky_relu:0.2") == .leakyReLU(negativeSlope: 0.2))
    #expect(Activation(name: "elu:0.5") == .elu(alpha: 0.5))
    #expect(Activation(name: "linear") == .identity)
    #expect(Activation(name: "swish") == .silu)
    #expect(Activation(name: "tanhh") == nil)
    #expect(Activation(name: "tanh:2") == nil)
    #expect(Activation(name: "elu:nan") == nil)
  }

  @Test(
    "a parameter is a finite decimal number after the colon: empty, hexadecimal and infinite ones are refused",
    arguments: ["leakyReLU:", "elu:", "leakyReLU:0x10", "leakyReLU:inf", "leakyReLU:0.2:3", ":0.2"])
  func refusedParameters(name: String) {
    #expect(Activation(name: name) == nil)
  }

  @Test("a leading + and an exponent are decimal notation too")
  func acceptedParameters() {
    #expect(Activation(name: "leakyReLU:+0.2") == .leakyReLU(negativeSlope: 0.2))
    #expect(Activation(name: "elu:1e-1") == .elu(alpha: 0.1))
  }
}

@Suite("Seeded randomness")
struct RandomTests {
  @Test("SplitMix64 matches the reference implementation's first outputs for seed 0")
  func splitMixReference() {
    // Vigna's splitmix64.c with x = 0.
    var rng = SplitMix64(seed: 0)
    #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
    #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
    #expect(rng.next() == 0x06C4_5D18_8009_454F)
  }

  @Test("uniform() is in [0, 1) with mean 1/2 and variance 1/12 over 100,000 draws")
  func uniformMoments() {
    var rng = SplitMix64(seed: 7)
    let n = 100_000
    let xs = (0..<n).map { _ in rng.uniform() }
    #expect(xs.allSatisfy { $0 >= 0 && $0 < 1 })
    let mean = xs.reduce(0, +) / Double(n)
    let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
    // Standard errors: sqrt(1/12/n) ≈ 0.0009 for the mean; use 5 of them.
    expectClose(mean, 0.5, .absolute(5 * 0.00091))
    expectClose(variance, 1.0 / 12, .absolute(0.001))
  }

  @Test("gaussian() has mean 0, std 1 and the normal's tail mass over 200,000 draws")
  func gaussianMoments() {
    var rng = SplitMix64(seed: 11)
    let n = 200_000
    let xs = (0..<n).map { _ in rng.gaussian() }
    let mean = xs.reduce(0, +) / Double(n)
    let std = (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)).squareRoot()
    expectClose(mean, 0, .absolute(5 / Double(n).squareRoot()))
    expectClose(std, 1, .absolute(5 * (0.5 / Double(n)).squareRoot()))
    // P(|z| > 2) = 0.0455003; binomial standard error ≈ 0.00047.
    let tail = Double(xs.filter { Swift.abs($0) > 2 }.count) / Double(n)
    expectClose(tail, 0.0455003, .absolute(5 * 0.00047))
  }

  @Test("the same seed gives bit-identical samples")
  func determinism() {
    var a = SplitMix64(seed: 2024), b = SplitMix64(seed: 2024)
    for _ in 0..<1000 { #expect(a.gaussian(mean: 1, std: 3).bitPattern == b.gaussian(mean: 1, std: 3).bitPattern) }
  }

  @Test(
    "the portable logarithm agrees with the C library's to a few ulps",
    arguments: [1e-300, 1e-9, 0.001, 0.1, 0.5, 0.75, 0.999999, 1.0])
  func portableLogarithm(_ x: Double) {
    expectClose(portableLog(x), Math.log(x), .relative(4e-16))
  }
}
