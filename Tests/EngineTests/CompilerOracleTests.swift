import TestSupport
import Testing
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

  /// A second oracle for every op: Swift's compiler differentiates the same formula, written with the
  /// standard math functions (`gradient(at:of:)`, the `_Differentiation` module), and the engine's
  /// `backward()` must give the same gradient within a few ulps: at the edges `edges.json` documents
  /// (pow at 0, ±1000, subnormals, the tails of ELU, SELU and GELU) and in between. Where the two must
  /// differ, the case names the points and says why.
  @Suite("Each op's gradient matches Swift's compiler autodiff (a second oracle)")
  struct CompilerOracleTests {
    /// A point: the variables (differentiated) and the constants of the op (an exponent, a slope, weights).
    struct Point: Sendable, CustomStringConvertible {
      var x: [Double]
      var constants: [Double] = []
      var description: String { constants.isEmpty ? "\(x)" : "\(x) with constants \(constants)" }
    }

    /// Points where the engine and the compiler give different gradients, and why: either they must differ
    /// there (`bound` nil), or they may, by at most `bound` (a formula that loses digits the engine keeps).
    struct Difference: Sendable {
      var reason: String
      var applies: @Sendable (Point) -> Bool
      var bound: (@Sendable (Point) -> Tolerance)? = nil
    }

    /// One op of the engine beside the same formula for the compiler.
    struct Case: Sendable, CustomTestStringConvertible {
      var name: String
      var engine: @Sendable ([Value], [Double]) -> Value
      var formula: @differentiable(reverse) @Sendable ([Double], @noDerivative [Double]) -> Double
      var points: [Point]
      var tolerance: Tolerance = .ulps(4)
      var differences: [Difference] = []
      var testDescription: String { name }

      /// The op the engine records for this case (its output's `op`).
      var op: Op { engine(points[0].x.map { Value($0) }, points[0].constants).op }
    }

    /// d/dx of the engine's op and of the compiler's formula at `point`, one entry per variable.
    static func gradients(_ c: Case, at point: Point) -> (engine: [Double], compiler: [Double]) {
      let inputs = point.x.map { Value($0) }
      c.engine(inputs, point.constants).backward()
      let constants = point.constants
      var compiler = gradient(at: point.x) { x in c.formula(x, constants) }.base
      if compiler.isEmpty { compiler = Array(repeating: 0, count: point.x.count) }  // the zero tangent
      return (inputs.map(\.grad), compiler)
    }

    @Test("every op with a derivative has a case here (a new op without one fails)")
    func coverage() {
      let covered = Set(Self.cases.map(\.op))
      let differentiable = Set(Op.allCases).subtracting([.leaf])
      #expect(
        differentiable.subtracting(covered).isEmpty, "no compiler oracle for \(differentiable.subtracting(covered))")
    }

    /// Whether a and b agree within `tolerance`; an infinity or a NaN only agrees with itself.
    static func agree(_ a: [Double], _ b: [Double], _ tolerance: Tolerance) -> Bool {
      zip(a, b).allSatisfy { a, b in
        a == b || (a.isNaN && b.isNaN) || (a.isFinite && b.isFinite && tolerance.accepts(a, b))
      }
    }

    @Test(
      "the engine's gradient is the compiler's within a few ulps, except where a case says why not", arguments: cases)
    func agrees(_ c: Case) {
      for point in c.points {
        let (engine, compiler) = Self.gradients(c, at: point)
        let found = "engine \(engine), compiler \(compiler)"
        if let difference = c.differences.first(where: { $0.applies(point) }) {
          if let bound = difference.bound {
            #expect(
              Self.agree(engine, compiler, bound(point)), "\(c.name) at \(point): \(found), beyond \(bound(point))")
          } else {
            #expect(
              !Self.agree(engine, compiler, c.tolerance),
              "\(c.name) at \(point): expected to differ (\(difference.reason)): \(found)")
          }
        } else {
          #expect(Self.agree(engine, compiler, c.tolerance), "\(c.name) at \(point): \(found) (\(c.tolerance))")
        }
      }
    }

    @Test(
      "every difference a case names is needed: at some point the two are not within the usual few ulps",
      arguments: cases)
    func differencesAreNeeded(_ c: Case) {
      for difference in c.differences {
        let needed = c.points.contains { point in
          guard difference.applies(point) else { return false }
          let (engine, compiler) = Self.gradients(c, at: point)
          return !Self.agree(engine, compiler, c.tolerance)
        }
        #expect(needed, "\(c.name): “\(difference.reason)” is never needed")
      }
    }
  }
#else
  @Suite("Each op's gradient matches Swift's compiler autodiff (a second oracle)")
  struct CompilerOracleTests {
    // This toolchain has no `_Differentiation` module (the Swift.org toolchains have it): the oracle needs the compiler's
    // `gradient(at:of:)`. Every other test still runs; a Swift.org toolchain runs this one too.
    @Test("skipped", .disabled("this toolchain has no _Differentiation module, so there is no compiler gradient"))
    func skipped() {}
  }
#endif
