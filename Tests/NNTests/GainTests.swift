import TestSupport
import Testing
@testable import MicrogradEngine
@testable import MicrogradNN

@Suite("calculateGain: PyTorch's values to the last bit")
struct GainTests {
  /// PyTorch's `calculate_gain`, measured with torch (the bit patterns are Python's float.hex()).
  @Test(
    "the values of torch.nn.init.calculate_gain",
    arguments: [
      ("linear", nil, 1.0), ("conv2d", nil, 1), ("conv_transpose3d", nil, 1), ("sigmoid", nil, 1),
      ("tanh", nil, 0x1.aaaaaaaaaaaabp+0),  // 1.6666666666666667
      ("relu", nil, 0x1.6a09e667f3bcdp+0),  // 1.4142135623730951
      ("leaky_relu", nil, 1.4141428569978354), ("leaky_relu", 0.2, 1.3867504905630728),
      ("selu", nil, 0.75),
    ] as [(String, Double?, Double)])
  func pytorchValues(_ name: String, _ param: Double?, _ gain: Double) throws {
    #expect(try calculateGain(name, param: param) == gain)
  }

  @Test("an Activation's gain uses its PyTorch name and leaky ReLU's slope")
  func activations() throws {
    #expect(try calculateGain(.tanh) == 5.0 / 3)
    #expect(try calculateGain(.identity) == 1)
    #expect(try calculateGain(.relu) == 2.0.squareRoot())
    #expect(try calculateGain(.leakyReLU(negativeSlope: 0.2)) == 1.3867504905630728)
    #expect(try calculateGain(.selu) == 0.75)
  }

  @Test(
    "activations PyTorch has no gain for: an error that points to the computed gains",
    arguments: [Activation.gelu, .silu, .elu(alpha: 1), .softsign, .softplus])
  func unsupported(_ activation: Activation) {
    #expect(throws: GainError.unsupported(nonlinearity: activation.pytorchName)) { try calculateGain(activation) }
    let message = GainError.unsupported(nonlinearity: activation.pytorchName).description
    #expect(message.contains("PyTorch has no gain for '\(activation.pytorchName)'"))
    #expect(message.contains("ComputedGains(for:)"))
  }

  @Test("a slope that is not a finite number is an error naming it")
  func invalidSlope() {
    #expect(throws: GainError.invalidParameter(nonlinearity: "leaky_relu", param: .infinity)) {
      try calculateGain("leaky_relu", param: .infinity)
    }
  }
}
