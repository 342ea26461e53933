import TestSupport
import MicrogradEngine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(ucrt)
  import ucrt
#endif

#if canImport(_Differentiation)
  import _Differentiation

  /// The cases: each op once (and again for each kind of constant it takes), its formula written the way
  /// `Math.swift` writes it, with the C library's functions. `Swift.abs`, `max` and `min` have no derivative
  /// for the compiler, so they are written as the branches they stand for (`x < 0 ? -x : x`).
  extension CompilerOracleTests {
    /// The x of every unary case in `edges.json` (±1000, ±745, ±710, …, −0, .leastNonzeroMagnitude, 1e-300, …), and +0.
    static let grid: [Double] = {
      var xs = (EdgeCaseTests.fixture?.unary ?? []).map(\.x) + [0, 0.3, -1.7]
      xs.sort()
      return xs.enumerated().filter { $0.offset == 0 || xs[$0.offset - 1].bitPattern != $0.element.bitPattern }
        .map(\.element)
    }()
    /// Pairs for the binary ops: every pair of these, tiny, huge, signed zeros and ordinary.
    static let pairGrid: [Double] = [
      -1000, -2.5, -1, -1e-10, -0.0, 0, .leastNonzeroMagnitude, 1e-300, 1e-170, 0.3, 1, 2, 1e170, 1e300,
    ]
    static let pairs: [Point] = pairGrid.flatMap { a in pairGrid.map { b in Point(x: [a, b]) } }
    static func unary(_ constants: [Double] = []) -> [Point] { grid.map { Point(x: [$0], constants: constants) } }
    static func withConstants(_ cs: [Double]) -> [Point] { cs.flatMap { c in unary([c]) } }

    /// At a kink the engine uses PyTorch's one-sided derivative; the formula's branch decides the compiler's.
    static func kink(_ why: String) -> Difference {
      Difference(reason: "the kink at 0: \(why)") { $0.x[0] == 0 }
    }

    static let cases: [Case] = unaryCases + binaryCases + constantCases + naryCases

    static let unaryCases: [Case] = [
      Case(name: "-x", engine: { v, _ in -v[0] }, formula: { x, _ in -x[0] }, points: unary()),
      Case(name: "exp", engine: { v, _ in v[0].exp() }, formula: { x, _ in exp(x[0]) }, points: unary()),
      Case(name: "log", engine: { v, _ in v[0].log() }, formula: { x, _ in log(x[0]) }, points: unary()),
      Case(name: "sqrt", engine: { v, _ in v[0].sqrt() }, formula: { x, _ in x[0].squareRoot() }, points: unary()),
      Case(
        name: "abs", engine: { v, _ in v[0].abs() }, formula: { x, _ in x[0] < 0 ? -x[0] : x[0] }, points: unary(),
        differences: [kink("the engine's slope is sign(0) = 0 (PyTorch); the formula's branch at 0 is x, slope 1")]),
      Case(name: "tanh", engine: { v, _ in v[0].tanh() }, formula: { x, _ in tanh(x[0]) }, points: unary()),
      Case(name: "relu", engine: { v, _ in v[0].relu() }, formula: { x, _ in x[0] > 0 ? x[0] : 0 }, points: unary()),
      Case(
        name: "sigmoid", engine: { v, _ in v[0].sigmoid() }, formula: { x, _ in sigmoid(x[0]) }, points: unary(),
        differences: [
          Difference(
            reason:
              "the engine's s·(1 − s) uses the rounded s (micrograd's and PyTorch's rule): for x > 1, 1 − s cancels and the error is absolute, a few ulps of 1 (0 for 4e-18 at x = 40)",
            applies: { $0.x[0] > 1 }, bound: { _ in .absolute(4 * Double.ulpOfOne) })
        ]),
      Case(
        name: "leakyReLU", engine: { v, c in v[0].leakyReLU(c[0]) }, formula: { x, c in x[0] > 0 ? x[0] : c[0] * x[0] },
        points: withConstants([0.01, 0.2])),
      Case(
        name: "elu", engine: { v, c in v[0].elu(alpha: c[0]) },
        formula: { x, c in x[0] > 0 ? x[0] : c[0] * expm1(x[0]) }, points: withConstants([1, 0.5])),
      Case(
        name: "selu", engine: { v, _ in v[0].selu() },
        formula: { x, _ in x[0] > 0 ? Math.seluLambda * x[0] : Math.seluLambda * Math.seluAlpha * expm1(x[0]) },
        points: unary()),
      Case(
        name: "gelu", engine: { v, _ in v[0].gelu() },
        formula: { x, _ in x[0] * (0.5 * erfc(-x[0] * Math.inverseSqrtTwo)) }, points: unary(),
        differences: [
          Difference(
            reason:
              "erfc's derivative −2/√π·e^(−u²) squares the rounded u = −x/√2: up to x² ulps off in the tail, where the engine's φ(x) uses x·x",
            applies: { $0.x[0] < -1 }, bound: { .ulps(4 + $0.x[0] * $0.x[0]) })
        ]),
      Case(
        name: "silu", engine: { v, _ in v[0].silu() }, formula: { x, _ in x[0] * sigmoid(x[0]) }, points: unary()),
      Case(
        name: "softsign", engine: { v, _ in v[0].softsign() },
        formula: { x, _ in x[0] / (1 + (x[0] < 0 ? -x[0] : x[0])) }, points: unary(),
        differences: [
          Difference(
            reason:
              "the quotient rule's 1/d − x·sign(x)/d² (d = 1 + |x|) cancels for large |x|, about 2|x| ulps; the engine's 1/d² does not",
            applies: { Swift.abs($0.x[0]) > 1 }, bound: { .ulps(4 + 2 * Swift.abs($0.x[0])) })
        ]),
      Case(
        name: "softplus", engine: { v, _ in v[0].softplus() },
        formula: { x, _ in (x[0] > 0 ? x[0] : 0) + log1p(exp(-(x[0] < 0 ? -x[0] : x[0]))) }, points: unary(),
        differences: [
          kink(
            "softplus is smooth there, but its stable form max(x, 0) + log1p(e^−|x|) has two kinks; the branches taken give 0 − ½, the engine σ(0) = ½"
          )
        ]),
      Case(
        name: "logSigmoid", engine: { v, _ in v[0].logSigmoid() },
        formula: { x, _ in (x[0] < 0 ? x[0] : 0) - log1p(exp(-(x[0] < 0 ? -x[0] : x[0]))) }, points: unary()),
    ]

    /// Where b·b overflows or underflows but the true −a/b² is a normal number: the compiler's rule for `/` is
    /// −a/(b·b), which gives ±∞ or 0 there; the engine's is −(a/b)/b, which stays finite.
    static let squareOverflows = Difference(
      reason: "b·b overflows or underflows in the compiler's −a/(b·b); the engine divides twice"
    ) { p in
      let (a, b) = p.constants.isEmpty ? (p.x[0], p.x[1]) : (p.constants[0], p.x[0])
      let exponent = log2(Swift.abs(a)) - 2 * log2(Swift.abs(b))
      return !(b * b).isNormal && a != 0 && a.isFinite && b != 0 && exponent > -1020 && exponent < 1020
    }

    static let binaryCases: [Case] = [
      Case(name: "a + b", engine: { v, _ in v[0] + v[1] }, formula: { x, _ in x[0] + x[1] }, points: pairs),
      Case(name: "a - b", engine: { v, _ in v[0] - v[1] }, formula: { x, _ in x[0] - x[1] }, points: pairs),
      Case(name: "a * b", engine: { v, _ in v[0] * v[1] }, formula: { x, _ in x[0] * x[1] }, points: pairs),
      Case(
        name: "a / b", engine: { v, _ in v[0] / v[1] }, formula: { x, _ in x[0] / x[1] }, points: pairs,
        differences: [squareOverflows, zeroOverZero]),
    ]

    /// a = 0 and b·b underflows to 0: the compiler's ∂/∂b = −0/0 is NaN, the engine's −(0/b)/b is 0.
    static let zeroOverZero = Difference(reason: "a = 0 and b·b underflows: the compiler's −0/(b·b) is 0/0") { p in
      p.x.count == 2 && p.x[0] == 0 && p.x[1] != 0 && p.x[1] * p.x[1] == 0
    }

    /// A number beside a value is a constant of the op, not a node: `x + c`, `c - x`, `c / x`, ….
    static let constantPoints = withConstants([2.5, -1.5, 1e-300])
    static let constantCases: [Case] = [
      Case(name: "x + c", engine: { v, c in v[0] + c[0] }, formula: { x, c in x[0] + c[0] }, points: constantPoints),
      Case(name: "x - c", engine: { v, c in v[0] - c[0] }, formula: { x, c in x[0] - c[0] }, points: constantPoints),
      Case(name: "c - x", engine: { v, c in c[0] - v[0] }, formula: { x, c in c[0] - x[0] }, points: constantPoints),
      Case(name: "x * c", engine: { v, c in v[0] * c[0] }, formula: { x, c in x[0] * c[0] }, points: constantPoints),
      Case(name: "x / c", engine: { v, c in v[0] / c[0] }, formula: { x, c in x[0] / c[0] }, points: constantPoints),
      Case(
        name: "c / x", engine: { v, c in c[0] / v[0] }, formula: { x, c in c[0] / x[0] }, points: constantPoints,
        differences: [squareOverflows]),
      Case(
        name: "x ** n", engine: { v, c in v[0] ** c[0] }, formula: { x, c in pow(x[0], c[0]) },
        points: (EdgeCaseTests.fixture?.pow ?? []).map { Point(x: [$0.base], constants: [$0.exponent]) },
        differences: [
          Difference(reason: "n = 0: the engine's rule is skipped (gradient 0, PyTorch's); the formula's 0·xⁿ⁻¹ is NaN")
          {
            p in p.constants[0] == 0 && !pow(p.x[0], -1).isFinite
          },
          Difference(
            reason:
              "n − 1 = ±½ at −∞, and −½ at −0: the engine's x^(n−1) is PyTorch's √x (NaN at −∞, −∞ at −0); C's pow gives ∞, 0, +∞"
          ) { p in
            let (x, n) = (p.x[0], p.constants[0])
            return (Swift.abs(n - 1) == 0.5 && x == -.infinity) || (n == 0.5 && x == 0 && x.sign == .minus)
          },
        ]),
    ]

    /// Vectors with ordinary, tiny, huge and zero entries, for the ops over many values.
    static let vectors: [Point] = [
      [0.3, -1.2, 2.0, 0.7, -0.4, 1.5, -2.2], [1e300, 1e-300, -0.0, .leastNonzeroMagnitude, 1000, -1000, 1],
      [1e170, 1e170, 1e-170, -1e-170, 0, 2, 3], [-745, 710, 1e-10, -1e-10, 0.5, -0.5, 40],
    ].map { Point(x: $0) }

    static let naryCases: [Case] = [
      Case(
        name: "sum", engine: { v, _ in Value.sum([v[0], v[1], v[1], v[2]]) },
        formula: { x, _ in x[0] + x[1] + x[1] + x[2] }, points: vectors),
      Case(
        name: "dot", engine: { v, _ in Value.dot([v[0], v[1], v[2]], [v[3], v[4], v[5]]) },
        formula: { x, _ in x[0] * x[3] + x[1] * x[4] + x[2] * x[5] }, points: vectors),
      Case(
        name: "affine", engine: { v, _ in Value.affine([v[0], v[1], v[2], v[6]], [v[3], v[4], v[5]]) },
        formula: { x, _ in x[6] + x[0] * x[3] + x[1] * x[4] + x[2] * x[5] }, points: vectors),
      Case(
        name: "logSoftmax", engine: { v, c in Value.logSoftmax(v)[Int(c[0])] }, formula: logSoftmax,
        points: (EdgeCaseTests.fixture?.log_softmax ?? []).flatMap { c in
          c.z.indices.map { k in Point(x: c.z, constants: [Double(k)]) }
        }),
    ]

    /// Entry k of log softmax(z) = (z_k − m) − log Σⱼ e^(zⱼ − m), m = max z (a constant: its derivative cancels).
    @differentiable(reverse,wrt: z)
    static func logSoftmax(_ z: [Double], _ c: [Double]) -> Double {
      let n = withoutDerivative(at: z.count)
      var m = -Double.infinity
      for j in 0..<n where withoutDerivative(at: z[j]) > m { m = withoutDerivative(at: z[j]) }
      if m == -.infinity { m = 0 }
      var sum = 0.0
      for j in 0..<n { sum = sum + exp(z[j] - m) }
      let k = Int(c[0])
      return (z[k] - m) - log(sum)
    }

    /// The logistic function as `Math.sigmoid` computes it (no overflow for any x).
    @differentiable(reverse)
    static func sigmoid(_ x: Double) -> Double {
      x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }
  }
#endif
