import MicrogradEngine

extension SingularValues {
  /// The most sweeps the iteration makes. Jacobi converges quadratically once the columns are
  /// nearly orthogonal; dense matrices of a few hundred columns take about 10 sweeps.
  package static let maximumSweeps = 60

  /// Rotates pairs of `columns` (each of length m) until every pair is orthogonal to
  /// √m·ε relative to the two norms; returns the number of sweeps made.
  ///
  /// One rotation, for α = ‖aₚ‖², β = ‖a_q‖², γ = aₚ·a_q:
  ///
  ///     ζ = (β − α)/(2γ),  t = sign(ζ)/(|ζ| + √(1 + ζ²)),  c = 1/√(1 + t²),  s = c·t
  ///     aₚ ← c·aₚ − s·a_q,  a_q ← s·aₚ + c·a_q
  ///
  /// makes the new dot product cs(α − β) + (c² − s²)γ zero; t is the smaller root of
  /// t² + 2ζt − 1 = 0, so the rotation angle is at most π/4: the usual choice (Golub & Van Loan,
  /// §8.5), under which cyclic Jacobi converges.
  static func orthogonalizeColumns(_ columns: inout [[Double]]) -> Int {
    let n = columns.count
    guard n > 1 else { return 1 }
    let m = columns[0].count
    let threshold = Double(m).squareRoot() * Double.ulpOfOne
    for sweep in 1...maximumSweeps {
      var rotated = false
      for p in 0..<(n - 1) {
        for q in (p + 1)..<n {
          let (alpha, beta, gamma) = products(columns[p], columns[q])
          guard alpha > 0, beta > 0, Swift.abs(gamma) > threshold * alpha.squareRoot() * beta.squareRoot() else {
            continue
          }
          rotated = true
          let zeta = (beta - alpha) / (2 * gamma)
          // √(1 + ζ²) without overflowing for a huge ζ.
          let root =
            Swift.abs(zeta) > 1
            ? Swift.abs(zeta) * (1 + 1 / (zeta * zeta)).squareRoot() : (1 + zeta * zeta).squareRoot()
          let t = (zeta >= 0 ? 1 : -1) / (Swift.abs(zeta) + root)
          let c = 1 / (1 + t * t).squareRoot()
          let s = c * t
          rotate(&columns, p, q, c: c, s: s)
        }
      }
      if !rotated { return sweep }
    }
    return maximumSweeps
  }

  /// ‖x‖², ‖y‖² and x·y in one pass.
  @inline(__always)
  private static func products(_ x: [Double], _ y: [Double]) -> (Double, Double, Double) {
    var xx = 0.0, yy = 0.0, xy = 0.0
    x.withUnsafeBufferPointer { x in
      y.withUnsafeBufferPointer { y in
        for i in 0..<x.count {
          xx += x[i] * x[i]
          yy += y[i] * y[i]
          xy += x[i] * y[i]
        }
      }
    }
    return (xx, yy, xy)
  }

  /// Columns p and q ← (c·aₚ − s·a_q, s·aₚ + c·a_q).
  @inline(__always)
  private static func rotate(_ columns: inout [[Double]], _ p: Int, _ q: Int, c: Double, s: Double) {
    var a = columns[p], b = columns[q]
    columns[p] = []
    columns[q] = []
    a.withUnsafeMutableBufferPointer { a in
      b.withUnsafeMutableBufferPointer { b in
        for i in 0..<a.count {
          let x = a[i], y = b[i]
          a[i] = c * x - s * y
          b[i] = s * x + c * y
        }
      }
    }
    columns[p] = a
    columns[q] = b
  }

  /// ‖x‖, scaled by the largest entry so that neither tiny nor huge entries lose precision.
  static func norm(_ x: [Double]) -> Double {
    let largest = x.lazy.map(Swift.abs).max() ?? 0
    guard largest > 0 else { return 0 }
    var sum = 0.0
    for v in x {
      let r = v / largest
      sum += r * r
    }
    return largest * sum.squareRoot()
  }
}
