// The few number helpers three-ways needs: numbers as text (through the lab's `Table.Cell`, so prose and
// tables show the same digits), how far apart two gradients are, and a slope on log-log axes.
import Micrograd

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// `x` with `significant` digits, as the tables show it ("0.707", "4.2e-11").
func g(_ x: Double, _ significant: Int = 3) -> String { Table.Cell.number(x, significant: significant).shown }

/// `x` with `decimals` digits after the point ("0.7071").
func d(_ x: Double, _ decimals: Int) -> String { Table.Cell.number(x, decimals: decimals).shown }

/// A duration: "830 ns", "45.2 µs", "3.1 ms", "1.24 s".
func duration(_ seconds: Double) -> String {
  switch seconds {
  case ..<1e-6: g(seconds * 1e9) + " ns"
  case ..<1e-3: g(seconds * 1e6) + " µs"
  case ..<1: g(seconds * 1e3) + " ms"
  default: g(seconds) + " s"
  }
}

/// A size in bytes: "512 B", "12.3 KiB", "4.1 MiB", "1.2 GiB".
func size(_ bytes: Double) -> String {
  switch Swift.abs(bytes) {
  case ..<1024: g(bytes) + " B"
  case ..<1_048_576: g(bytes / 1024) + " KiB"
  case ..<1_073_741_824: g(bytes / 1_048_576) + " MiB"
  default: g(bytes / 1_073_741_824) + " GiB"
  }
}

/// The largest |a − b| over the entries, relative to the largest |a|: 0 when the two are identical, about
/// 1e-16 when they differ in the last bit, NaN when either has a NaN.
func largestDifference(_ a: [Double], _ b: [Double]) -> Double {
  precondition(a.count == b.count, "two gradients of different lengths")
  var worst = 0.0
  for (x, y) in zip(a, b) where x != y {
    let difference = Swift.abs(x - y)
    if difference.isNaN { return .nan }
    worst = Swift.max(worst, difference)
  }
  let scale = a.map { Swift.abs($0) }.max() ?? 0
  return scale > 0 ? worst / scale : worst
}

/// A table cell for `largestDifference`: "identical", or the difference with its digits of agreement
/// ("2.2e-16, 15.7 digits"), as text.
func agreementCell(_ difference: Double) -> Table.Cell {
  if difference == 0 { return "identical" }
  guard difference.isFinite else { return .text("\(difference)") }
  return .text(g(difference, 2) + ", " + d(-log10(difference), 1) + " digits")
}

/// The slope of log y against log x by least squares: the exponent k of y ∝ xᵏ. Nil for fewer than three
/// points (one point is no trend, two always make a line).
func exponent(_ xs: [Double], _ ys: [Double]) -> Double? {
  guard xs.count >= 3, xs.count == ys.count else { return nil }
  let (lx, ly) = (xs.map { log($0) }, ys.map { log($0) })
  let (mx, my) = (lx.reduce(0, +) / Double(lx.count), ly.reduce(0, +) / Double(ly.count))
  let sxx = lx.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
  guard sxx > 0 else { return nil }
  return zip(lx, ly).map { ($0 - mx) * ($1 - my) }.reduce(0, +) / sxx
}

/// The step of central differences, h = ∛ε ≈ 6.1e-6: it balances the truncation error (h²) against rounding
/// (ε/h) for a function and third derivative of size about 1, and is chosen before looking at any answer.
let step = cbrt(Double.ulpOfOne)

/// Central differences (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h for every coordinate: 2n calls of f, truncation
/// error O(h²), rounding error O(ε/h).
func centralDifferences(of f: ([Double]) -> Double, at x: [Double], step h: Double) -> [Double] {
  x.indices.map { i in
    var (plus, minus) = (x, x)
    plus[i] += h
    minus[i] -= h
    return (f(plus) - f(minus)) / (2 * h)
  }
}
