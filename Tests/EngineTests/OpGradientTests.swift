import TestSupport
import Testing
@testable import MicrogradEngine
@testable import MicrogradLab

/// Every op's backward rule against central finite differences, over a grid of inputs
/// chosen away from kinks (x = 0 for relu, abs, leaky relu, elu, selu, softsign).
@Suite("Each op's gradient matches finite differences")
struct OpGradientTests {
  /// A named function of one value.
  struct UnaryCase: Sendable, CustomTestStringConvertible {
    let name: String
    let f: @Sendable (Value) -> Value
    let grid: [Double]
    var testDescription: String { name }
  }

  static let everywhere = [-3.0, -1.7, -0.6, -0.05, 0.05, 0.3, 1.1, 2.4, 4.0]
  static let positive = [0.05, 0.3, 0.9, 1.7, 4.0, 12.5]

  static let unaryCases: [UnaryCase] = [
    .init(name: "negate", f: { -$0 }, grid: everywhere),
    .init(name: "x + 2.5", f: { $0 + 2.5 }, grid: everywhere),
    .init(name: "2.5 - x", f: { 2.5 - $0 }, grid: everywhere),
    .init(name: "x - 2.5", f: { $0 - 2.5 }, grid: everywhere),
    .init(name: "x * -1.5", f: { $0 * -1.5 }, grid: everywhere),
    .init(name: "x / 1.5", f: { $0 / 1.5 }, grid: everywhere),
    .init(name: "1.5 / x", f: { 1.5 / $0 }, grid: everywhere),
    .init(name: "pow 2", f: { $0.pow(2) }, grid: everywhere),
    .init(name: "pow 3", f: { $0.pow(3) }, grid: everywhere),
    .init(name: "pow -1", f: { $0.pow(-1) }, grid: positive),
    .init(name: "pow 0.5", f: { $0.pow(0.5) }, grid: positive),
    .init(name: "pow 2.5", f: { $0.pow(2.5) }, grid: positive),
    .init(name: "exp", f: { $0.exp() }, grid: everywhere),
    .init(name: "log", f: { $0.log() }, grid: positive),
    .init(name: "sqrt", f: { $0.sqrt() }, grid: positive),
    .init(name: "abs", f: { $0.abs() }, grid: everywhere),
    .init(name: "tanh", f: { $0.tanh() }, grid: everywhere),
    .init(name: "relu", f: { $0.relu() }, grid: everywhere),
    .init(name: "sigmoid", f: { $0.sigmoid() }, grid: everywhere),
    .init(name: "leakyReLU(0.01)", f: { $0.leakyReLU() }, grid: everywhere),
    .init(name: "leakyReLU(0.2)", f: { $0.leakyReLU(0.2) }, grid: everywhere),
    .init(name: "elu(alpha: 1)", f: { $0.elu() }, grid: everywhere),
    .init(name: "elu(alpha: 0.5)", f: { $0.elu(alpha: 0.5) }, grid: everywhere),
    .init(name: "selu", f: { $0.selu() }, grid: everywhere),
    .init(name: "gelu", f: { $0.gelu() }, grid: everywhere),
    .init(name: "silu", f: { $0.silu() }, grid: everywhere),
    .init(name: "softsign", f: { $0.softsign() }, grid: everywhere),
    .init(name: "softplus", f: { $0.softplus() }, grid: everywhere),
  ]

  @Test("unary op", arguments: unaryCases)
  func unary(_ op: UnaryCase) {
    for x in op.grid {
      let check = checkGradient(at: [x]) { v in op.f(v[0]) }
      #expect(check.passes(tolerance: 1e-7), "\(op.name) at x = \(x): \(check)")
    }
  }

  struct BinaryCase: Sendable, CustomTestStringConvertible {
    let name: String
    let f: @Sendable (Value, Value) -> Value
    var testDescription: String { name }
  }

  static let binaryCases: [BinaryCase] = [
    .init(name: "a + b", f: { $0 + $1 }),
    .init(name: "a - b", f: { $0 - $1 }),
    .init(name: "a * b", f: { $0 * $1 }),
    .init(name: "a / b", f: { $0 / $1 }),
  ]
  static let pairs: [(Double, Double)] = [(-2.5, 0.7), (0.3, -1.9), (1.2, 3.4), (-0.4, -0.8), (5.0, 0.25)]

  @Test("binary op", arguments: binaryCases)
  func binary(_ op: BinaryCase) {
    for (a, b) in Self.pairs {
      let check = checkGradient(at: [a, b]) { v in op.f(v[0], v[1]) }
      #expect(check.passes(tolerance: 1e-7), "\(op.name) at (\(a), \(b)): \(check)")
    }
  }

  @Test("sum, dot and affine of several values, with repeats")
  func naryOps() {
    let point = [0.3, -1.2, 2.0, 0.7, -0.4, 1.5, -2.2]
    let sum = checkGradient(at: point) { v in Value.sum([v[0], v[1], v[1], v[2] * v[3]]).tanh() }
    #expect(sum.passes(tolerance: 1e-7), "\(sum)")
    let dot = checkGradient(at: point) { v in Value.dot([v[0], v[1], v[2]], [v[3], v[4], v[0]]) }
    #expect(dot.passes(tolerance: 1e-7), "\(dot)")
    let affine = checkGradient(at: point) { v in Value.affine([v[0], v[1], v[2], v[6]], [v[3], v[4], v[5]]).tanh() }
    #expect(affine.passes(tolerance: 1e-7), "\(affine)")
  }

  @Test("the checker itself notices a wrong gradient")
  func checkerCatchesMistakes() {
    // f(x) = 3x, but computed through a leaf copy of 3x, so backward() sees no path to x.
    let check = checkGradient(at: [0.7]) { v in
      let y = v[0] * 3
      return Value(y.data) + y * 0
    }
    #expect(!check.passes(tolerance: 1e-3))
    #expect(check.worst.input == 0)
  }
}
