/// The least-squares line y = a + b·x, with the standard errors of a and b (from the residuals:
/// s·√(1/n + x̄²/Sxx) and s/√Sxx, s² = Σ residual² / (n − 2)). Both errors are infinite when the
/// data cannot measure them: fewer than three points, or every x the same.
package func leastSquaresLine(_ xs: [Double], _ ys: [Double]) -> (a: Double, b: Double, aError: Double, bError: Double)
{
  let n = Double(xs.count)
  let (mx, my) = (xs.reduce(0, +) / n, ys.reduce(0, +) / n)
  let sxy = zip(xs, ys).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
  let sxx = xs.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
  let b = sxx > 0 ? sxy / sxx : 0
  let a = my - b * mx
  let residuals = zip(xs, ys).map { x, y in (y - a - b * x) * (y - a - b * x) }.reduce(0, +)
  let s = n > 2 ? (residuals / (n - 2)).squareRoot() : .infinity
  guard sxx > 0 else { return (a, b, .infinity, .infinity) }
  return (a, b, s * (1 / n + mx * mx / sxx).squareRoot(), s / sxx.squareRoot())
}
