import MicrogradEngine

/// A random `rows × columns` matrix with orthonormal rows (if rows ≤ columns) or orthonormal
/// columns (if rows ≥ columns), times `gain`, distributed uniformly (Haar measure).
///
/// PyTorch's `orthogonal_` recipe: fill a matrix with N(0, 1), make it tall (transpose if it
/// is wide), take its QR decomposition, multiply each column of Q by the sign of R's diagonal
/// entry (without this the distribution is not uniform: Mezzadri 2007, §5), transpose back,
/// scale by the gain.
func orthogonalMatrix(
  rows: Int, columns: Int, gain: Double, using rng: inout some RandomNumberGenerator
) -> [[Double]] {
  let m = max(rows, columns)  // the tall shape m × n, m ≥ n
  let n = min(rows, columns)
  var a: [[Double]] = (0..<m).map { _ in (0..<n).map { _ in rng.gaussian() } }
  let q = householderQ(&a)
  return (0..<rows).map { (i: Int) -> [Double] in
    (0..<columns).map { (j: Int) -> Double in gain * (rows >= columns ? q[i][j] : q[j][i]) }
  }
}

/// The thin Q (m × n, orthonormal columns) of A = QR by Householder reflections, with Q's
/// columns sign-corrected so that R's diagonal is positive. `a` (m × n, m ≥ n) is overwritten.
///
/// Householder (1958): for each column k, the reflection H = I − 2·v·vᵀ/(vᵀv) with
/// v = x + sign(x₀)·‖x‖·e₀ maps the column's lower part x onto the axis e₀; then
/// R = H_{n−1}⋯H₀·A and Q = H₀⋯H_{n−1} (first n columns). (Golub & Van Loan, "Matrix
/// Computations", §5.2.)
private func householderQ(_ a: inout [[Double]]) -> [[Double]] {
  let m = a.count, n = a[0].count
  var reflectors: [[Double]] = []  // v for each k, over rows k..<m
  var rDiagonalSigns: [Double] = []
  for k in 0..<n {
    var v = (k..<m).map { a[$0][k] }
    let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
    let alpha = v[0] >= 0 ? -norm : norm  // R[k][k] = alpha: choose the sign that avoids cancellation
    v[0] -= alpha
    let vv = v.reduce(0) { $0 + $1 * $1 }
    if vv > 0 {
      for j in k..<n {  // a ← H·a on rows k..<m
        var dot = 0.0
        for i in k..<m { dot += v[i - k] * a[i][j] }
        let f = 2 * dot / vv
        for i in k..<m { a[i][j] -= f * v[i - k] }
      }
    }
    reflectors.append(vv > 0 ? v : [])
    rDiagonalSigns.append(alpha < 0 ? -1 : 1)
  }
  // Q = H₀⋯H_{n−1} applied to the first n columns of the identity, from the last reflector.
  var q = (0..<m).map { i in (0..<n).map { j in i == j ? 1.0 : 0.0 } }
  for k in stride(from: n - 1, through: 0, by: -1) where !reflectors[k].isEmpty {
    let v = reflectors[k]
    let vv = v.reduce(0) { $0 + $1 * $1 }
    for j in 0..<n {
      var dot = 0.0
      for i in k..<m { dot += v[i - k] * q[i][j] }
      let f = 2 * dot / vv
      for i in k..<m { q[i][j] -= f * v[i - k] }
    }
  }
  // The sign correction: column j of Q times sign(R[j][j]), so R's diagonal becomes positive.
  for i in 0..<m {
    for j in 0..<n { q[i][j] *= rDiagonalSigns[j] }
  }
  return q
}
