import MicrogradEngine
import MicrogradNN
import MicrogradSupport

extension JacobianPrediction {
  /// E[m²] for m = (1/N)·tr(JᵀJ) of a linear network of `depth` Gaussian layers of `width` N
  /// (weights N(0, 1/N)), exactly: how far one finite network may be from the mean-field
  /// average E[m] = 1.
  ///
  /// For A = J·Jᵀ before a layer W, Wick's theorem on the rows of W gives
  ///
  ///     E[(tr WAWᵀ)²]   = (tr A)² + (2/N)·tr(A²)
  ///     E[tr((WAWᵀ)²)]  = (1 + 1/N)·tr(A²) + (tr A)²/N,
  ///
  /// so X = E[(tr A)²] and Y = E[tr(A²)] go X ← X + 2Y/N, Y ← (1 + 1/N)·Y + X/N from X = N², Y = N,
  /// and E[m²] = X/N². If m is roughly log-normal (mean 1), its median is 1/√E[m²].
  public static func linearGaussianSecondMoment(width: Int, depth: Int) -> Double {
    require(width >= 1 && depth >= 0, "JacobianPrediction: need width ≥ 1 and depth ≥ 0 (got \(width), \(depth))")
    let n = Double(width)
    var (x, y) = (n * n, n)
    for _ in 0..<depth { (x, y) = (x + 2 * y / n, (1 + 1 / n) * y + x / n) }
    return x / (n * n)
  }
}
