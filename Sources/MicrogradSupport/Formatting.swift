/// Number formatting without Foundation, for labels, tables and plots.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(ucrt)
  import ucrt
#endif

/// `x` with exactly `decimals` digits after the point ("24.7041", "-0.5000", "nan", "inf").
/// Values of 1e15 or more are written in Swift's shortest form instead.
package func formatted(_ x: Double, decimals: Int) -> String {
  guard x.isFinite else { return x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf") }
  let scale = pow(10, Double(decimals))
  guard Swift.abs(x) * scale < 9e15 else { return String(x) }
  let scaled = (Swift.abs(x) * scale).rounded()
  let negative = x < 0 && scaled != 0
  var digits = String(UInt64(scaled))
  if decimals > 0 {
    if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
    digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
  }
  return (negative ? "-" : "") + digits
}

/// `x` with `significant` significant digits, in plain or scientific notation as C's `%g`
/// would choose ("0.652", "7.8e+03", "2.6e-32").
package func formatted(_ x: Double, significant: Int) -> String {
  guard x.isFinite else { return x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf") }
  if x == 0 { return "0" }
  let p = max(1, significant)
  var exponent = Int((log(Swift.abs(x)) / log(10)).rounded(.down))
  // Rounding can carry into the next power of ten (9.996 -> 10.0).
  let mantissa = Swift.abs(x) / pow(10, Double(exponent))
  if (mantissa * pow(10, Double(p - 1))).rounded() >= pow(10, Double(p)) { exponent += 1 }
  if mantissa < 1 { exponent -= 1 }
  if exponent < -4 || exponent >= p {
    let m = x / pow(10, Double(exponent))
    var text = trimmed(formatted(m, decimals: p - 1))
    if text == "10" || text == "-10" { text = x < 0 ? "-1" : "1"; exponent += 1 }
    let sign = exponent < 0 ? "-" : "+"
    let e = Swift.abs(exponent)
    return "\(text)e\(sign)\(e < 10 ? "0" : "")\(e)"
  }
  return trimmed(formatted(x, decimals: max(0, p - 1 - exponent)))
}

/// Drops trailing zeros after a decimal point ("0.6500" -> "0.65", "2.000" -> "2").
private func trimmed(_ text: String) -> String {
  guard text.contains(".") else { return text }
  var t = Substring(text)
  while t.last == "0" { t = t.dropLast() }
  if t.last == "." { t = t.dropLast() }
  return String(t)
}
