import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// The singular values of a small dense matrix, by one-sided Jacobi rotations (Hestenes 1958),
/// with no dependency: what the spectrum probe uses to look at a network's Jacobian.
///
/// A matrix A maps the unit sphere onto an ellipsoid; its singular values σ₁ ≥ σ₂ ≥ … ≥ 0 are the
/// lengths of the ellipsoid's half-axes: how much A stretches its most and least favoured
/// directions. σ₁/σₙ (the condition number) says how unevenly it treats them; σᵢ = 1 for all i
/// means A is an isometry (an orthogonal matrix).
///
/// ```swift
/// let s = SingularValues(of: [[3, 0], [4, 5]])
/// s.values             // [6.708…, 2.236…]: √45 and √5
/// s.conditionNumber    // 3
/// ```
///
/// **The method.** Rotate pairs of columns of A until every pair is orthogonal:
/// then A·V = U·Σ with V the product of the rotations, and the column norms are the singular
/// values. For columns aₚ, a_q with α = ‖aₚ‖², β = ‖a_q‖², γ = aₚ·a_q, the rotation by
/// t = tan θ = sign(ζ)/(|ζ| + √(1 + ζ²)), ζ = (β − α)/(2γ), makes them orthogonal (Golub &
/// Van Loan, "Matrix Computations", §8.6.4). A sweep visits every pair once; the iteration stops
/// after a sweep in which every pair already satisfied |γ| ≤ √m·ε·√(αβ), a test *relative to the
/// column norms* (LAPACK's `dgesvj` uses the same threshold).
///
/// **Accuracy.** Every σ is accurate to a few ε·σ₁ (normwise, like LAPACK's `dgesdd`, which
/// NumPy calls). Because the test is relative, tiny singular values are found to high *relative*
/// accuracy when A = B·D with B well conditioned and D diagonal, however graded D is: the error
/// is O(κ(B)·ε) relative (Demmel & Veselić 1992, "Jacobi's method is more accurate than QR").
/// The matrix is first scaled by a power of two (exact), so entries of any size work.
public struct SingularValues: Sendable, Hashable {
  /// σ₁ ≥ σ₂ ≥ … ≥ σₖ ≥ 0, k = min(rows, columns).
  public let values: [Double]
  /// How many sweeps over all column pairs the iteration took (the last one made no rotation).
  public let sweeps: Int
  /// max(rows, columns), for the default rank threshold.
  private let longerSide: Int

  /// The singular values of `matrix`, given as rows (`matrix[i][j]` is row i, column j).
  ///
  /// A matrix with an entry that is not finite (a Jacobian that overflowed) has no singular
  /// values a `Double` can hold: every σ is then NaN, `isDefined` is false, and the
  /// condition number is NaN too — a result to report, not a crash.
  ///
  /// - Precondition: at least one row and one column, every row the same length.
  public init(of matrix: [[Double]]) {
    require(
      !matrix.isEmpty && !matrix[0].isEmpty, "SingularValues: the matrix must not be empty (got \(matrix.count) rows)")
    let columns = matrix[0].count
    for (i, row) in matrix.enumerated() {
      require(
        row.count == columns, "SingularValues: every row must have \(columns) entries (row \(i) has \(row.count))")
    }
    longerSide = Swift.max(matrix.count, columns)
    guard matrix.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
      self.values = Array(repeating: .nan, count: Swift.min(matrix.count, columns))
      self.sweeps = 0
      return
    }
    // Work on the columns of a tall matrix: Aᵀ has the same singular values as A.
    let tall = matrix.count >= columns
    var work: [[Double]] = tall ? (0..<columns).map { j in matrix.map { $0[j] } } : matrix
    let largest = work.lazy.flatMap { $0 }.map(Swift.abs).max() ?? 0
    guard largest > 0 else {
      self.values = Array(repeating: 0, count: work.count)
      self.sweeps = 0
      return
    }
    // A power of two near the largest entry: dividing by it is exact and keeps every sum of
    // squares far from overflow and underflow.
    let scale = Double(sign: .plus, exponent: largest.exponent, significand: 1)
    for j in work.indices {
      for i in work[j].indices { work[j][i] /= scale }
    }
    self.sweeps = SingularValues.orthogonalizeColumns(&work)
    self.values = work.map { scale * SingularValues.norm($0) }.sorted(by: >)
  }

  /// Whether the matrix was finite, so that the values are its singular values (false: all NaN).
  var isDefined: Bool { !values[0].isNaN }

  /// σ₁, the largest stretch.
  public var largest: Double { values[0] }

  /// σₖ, the smallest stretch (k = min(rows, columns): a 2 × 5 matrix has two singular values).
  var smallest: Double { values[values.count - 1] }

  /// σ₁/σₖ: ∞ when σₖ = 0 (the zero matrix included), NaN when the values are not defined.
  public var conditionNumber: Double { !isDefined ? .nan : smallest > 0 ? largest / smallest : .infinity }

  /// The number of singular values above `tolerance`; by default NumPy's `matrix_rank`
  /// threshold σ₁ · max(rows, columns) · ε, below which a value cannot be told from rounding.
  /// 0 when the values are not defined (`isDefined` false).
  public func rank(tolerance: Double? = nil) -> Int {
    let threshold = tolerance ?? largest * Double(longerSide) * Double.ulpOfOne
    return values.filter { $0 > threshold }.count
  }
}
