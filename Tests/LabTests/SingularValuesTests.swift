import Foundation
import TestSupport
import Testing

@testable import MicrogradLab

@testable import Micrograd

/// `SingularValues` (one-sided Jacobi) against Fixtures/svd.json: NumPy's `np.linalg.svd` and
/// the exact singular values of each float64 matrix (mpmath at 40 digits, rounded once), from
/// `Tests/Reference/generate_svd.py`.
///
/// What "accurate" can mean here. Every float64 algorithm that rotates or reflects a dense
/// matrix (ours, and LAPACK's `dgesdd` behind NumPy) perturbs it by a few ε·σ₁, so a singular
/// value σ is found to about ε·σ₁/σ *relative* accuracy and no better, unless the matrix is
/// graded (then Jacobi does better; see the last tests). Hence one rule for every value:
/// |σ − σ_exact| ≤ max(10⁻¹⁰·σ_exact, 10⁻¹⁴·σ₁). It demands 10⁻¹⁰ relative accuracy from every
/// σ ≥ 10⁻⁴·σ₁ and 10⁻¹⁴·σ₁ absolute accuracy below that, which is all float64 can promise for
/// the tiny ones: NumPy's own values are off by 1.5·10⁻⁸ relative at σ = 3.4·10⁻¹⁰·σ₁ in the
/// logspace-1e-12 case, and its σ ~ 10⁻¹⁷·σ₁ of the rounded low-rank products are noise of that
/// size. We hold our values to the exact ones, and to NumPy's with the same rule. (Measured on
/// this fixture: at most 9·10⁻¹⁴ relative for σ ≥ 10⁻⁴·σ₁, at most 1.3·10⁻¹⁶·σ₁ below; at
/// σ = 3.4·10⁻¹⁰·σ₁, 1.8·10⁻⁸ relative, like NumPy's.)
@Suite("Singular values")
struct SingularValuesTests {
  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var rows: Int
    var cols: Int
    var matrix: [[Double]]?
    var formula: String?
    var numpy: [Double]
    var exact: [Double]
    var rank: Int
    var condition: Double
    var testDescription: String { "\(name) (\(rows)×\(cols))" }

    /// The entries: stored, or rebuilt from the formula ((37i + 91j + 5) mod 23) − 11, 0-based.
    var entries: [[Double]] {
      if let matrix { return matrix }
      return (0..<rows).map { i in
        (0..<cols).map { j -> Double in
          let k: Int = (i * 37 + j * 91 + 5) % 23
          return Double(k - 11)
        }
      }
    }
  }
  struct Fixture: Decodable {
    var cases: [Case]
    var formula_cases: [Case]
  }

  static let fixture = try? loadFixture("svd.json", from: .module, as: Fixture.self)
  static let cases: [Case] = (fixture?.cases ?? []) + (fixture?.formula_cases ?? [])

  /// |σ − σ_ref| ≤ max(10⁻¹⁰·σ_ref, 10⁻¹⁴·σ₁): relative where float64 can promise it.
  static func expectAgree(_ ours: [Double], _ reference: [Double], _ what: String) {
    #expect(ours.count == reference.count, "\(what): \(ours.count) values, expected \(reference.count)")
    let top = reference.first ?? 0
    for (i, (a, b)) in zip(ours, reference).enumerated() {
      #expect(
        Swift.abs(a - b) <= Swift.max(1e-10 * b, 1e-14 * top),
        "\(what) σ[\(i)] = \(a), reference \(b) (difference \(Swift.abs(a - b)), σ₁ = \(top))")
    }
  }

  @Test("the fixture holds the 18 matrices")
  func fixtureLoads() throws {
    let fixture = try loadFixture("svd.json", from: .module, as: Fixture.self)
    #expect(fixture.cases.count == 16 && fixture.formula_cases.count == 2)
  }

  @Test("descending, as many as min(rows, cols), equal to the exact ones and to NumPy's", arguments: cases)
  func matchesExactAndNumPy(_ c: Case) {
    let s = SingularValues(of: c.entries)
    #expect(s.values.count == Swift.min(c.rows, c.cols))
    #expect(zip(s.values, s.values.dropFirst()).allSatisfy { $0 >= $1 }, "not descending")
    Self.expectAgree(s.values, c.exact, "exact")
    Self.expectAgree(s.values, c.numpy, "numpy")
    #expect(s.sweeps < SingularValues.maximumSweeps, "did not converge")
  }

  @Test("rank with NumPy's threshold and the condition number", arguments: cases)
  func rankAndCondition(_ c: Case) {
    let s = SingularValues(of: c.entries)
    // The rounded low-rank products are full rank with σ ~ 1e-17·σ₁: below the threshold.
    let expectedRank = c.name.hasPrefix("rank") ? Int(c.name.dropFirst(4).prefix(1))! : c.rank
    #expect(s.rank() == expectedRank)
    if c.condition.isInfinite {
      #expect(s.conditionNumber > 1e14, "an exactly singular matrix: σₖ is rounding noise or 0")
    } else if c.condition < 1e9 {
      expectClose(s.conditionNumber, c.condition, .relative(1e-6))
    }
  }

  @Test("a matrix and its transpose have the same singular values")
  func transpose() throws {
    let c = try #require(Self.cases.first { $0.name == "gaussian-3x5" })
    let transposed = (0..<c.cols).map { j in c.entries.map { $0[j] } }
    expectClose(SingularValues(of: transposed).values, SingularValues(of: c.entries).values, .relative(1e-14))
  }

  @Test("the lecture's 2 × 2 example: √45 and √5")
  func byHand() {
    // AᵀA = [[25, 20], [20, 25]] has eigenvalues 45 and 5.
    let s = SingularValues(of: [[3, 0], [4, 5]])
    expectClose(s.values, [(45.0).squareRoot(), (5.0).squareRoot()], .relative(1e-15))
    expectClose(s.conditionNumber, 3, .relative(1e-15))
  }

  /// Graded matrices: D·H with H = Hadamard/2 (exactly orthogonal, entries ±½) and D diagonal has
  /// singular values exactly |dᵢ|. A normwise method would get the small ones only to ε·σ₁
  /// absolute; Jacobi's relative test gets each to a few ε relative (Demmel & Veselić 1992).
  @Test("graded rows and columns: tiny singular values to high relative accuracy")
  func graded() {
    let h: [[Double]] = [[1, 1, 1, 1], [1, -1, 1, -1], [1, 1, -1, -1], [1, -1, -1, 1]].map { $0.map { $0 / 2 } }
    let d = [1.0, 1e-6, 1e-12, 1e-18]
    let rowGraded: [[Double]] = (0..<4).map { (i: Int) -> [Double] in h[i].map { (x: Double) in d[i] * x } }
    let columnGraded: [[Double]] = (0..<4).map { (i: Int) -> [Double] in
      (0..<4).map { (j: Int) -> Double in h[i][j] * d[j] }
    }
    expectClose(SingularValues(of: rowGraded).values, d, .relative(1e-14), "D·H")
    expectClose(SingularValues(of: columnGraded).values, d, .relative(1e-14), "H·D")
  }

  @Test("huge and tiny entries are scaled, not overflowed or flushed")
  func extremeScales() {
    expectClose(
      SingularValues(of: [[3e200, 0], [4e200, 5e200]]).values,
      [(45.0).squareRoot() * 1e200, (5.0).squareRoot() * 1e200], .relative(1e-14))
    expectClose(
      SingularValues(of: [[3e-200, 0], [4e-200, 5e-200]]).values,
      [(45.0).squareRoot() * 1e-200, (5.0).squareRoot() * 1e-200], .relative(1e-14))
  }

  @Test("bad matrices stop with a message")
  func preconditions() async {
    let empty = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SingularValues(of: [])
    }
    #expect(empty?.printed("SingularValues: the matrix must not be empty (got 0 rows)") == true)
    let ragged = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SingularValues(of: [[1, 2], [3]])
    }
    #expect(ragged?.printed("SingularValues: every row must have 2 entries (row 1 has 1)") == true)
  }

  @Test(
    "an overflowed matrix is a result: every σ NaN, not defined, condition NaN, rank 0",
    arguments: [Double.infinity, -.infinity, .nan])
  func nonFinite(_ entry: Double) {
    let s = SingularValues(of: [[1, entry, 0], [2, 3, 4]])
    #expect(s.values.count == 2 && s.values.allSatisfy(\.isNaN))
    #expect(!s.isDefined && s.conditionNumber.isNaN && s.rank() == 0)
    #expect(SingularValues(of: [[1, 0], [0, 2]]).isDefined)
  }
}
