import MicrogradEngine
import MicrogradSupport
/// Checking `backward()` against finite differences.
///
/// For each input xᵢ, the numerical derivative is the central difference
/// (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h, whose error is O(h²) for smooth f. The check compares
/// it with the gradient `backward()` computes and reports the relative error
/// |analytic − numeric| / max(1, |analytic|, |numeric|): relative for large derivatives,
/// absolute for small ones, so rounding noise near zero does not look like a bug.
/// (cs231n, "Gradient checks"; Nocedal & Wright, *Numerical Optimization*, §8.1.)
public struct GradientCheck: Sendable, CustomStringConvertible {
  /// The point the function was differentiated at.
  var point: [Double]
  /// f at that point.
  var value: Double
  /// The gradient from `backward()`, one entry per input.
  var analytic: [Double]
  /// The gradient from central differences, one entry per input.
  var numeric: [Double]

  /// |analytic − numeric| / max(1, |analytic|, |numeric|) per input.
  var relativeErrors: [Double] {
    zip(analytic, numeric).map { a, n in Swift.abs(a - n) / Swift.max(1, Swift.abs(a), Swift.abs(n)) }
  }

  /// The worst relative error and the index of the input that has it.
  var worst: (input: Int, error: Double) {
    var result = (input: 0, error: 0.0)
    for (i, e) in relativeErrors.enumerated() where !(e <= result.error) { result = (i, e) }
    return result
  }

  /// Whether every input agrees within `tolerance`.
  public func passes(tolerance: Double = 1e-6) -> Bool { worst.error <= tolerance }

  /// One line per input: analytic, numeric and relative error.
  public var description: String {
    var lines = ["gradient check at f = \(value)"]
    for i in analytic.indices {
      lines.append(
        "  x\(i) = \(point[i]): backward \(analytic[i])  numeric \(numeric[i])  error \(formatted(relativeErrors[i], significant: 2))"
      )
    }
    return lines.joined(separator: "\n")
  }
}

/// Compares `backward()` with central finite differences for a function of several values.
///
/// ```swift
/// let check = checkGradient(at: [0.5, -1.2]) { x in (x[0] * x[1]).tanh() }
/// #expect(check.passes(tolerance: 1e-7))
/// ```
///
/// - Parameters:
///   - point: where to differentiate.
///   - step: the finite-difference step h (default 1e-6, near the optimum ∛ε for
///     central differences of O(1) functions).
///   - f: builds the function from leaf values; it is called 2n + 1 times.
///
/// - Precondition: `step` is a finite number > 0, and every coordinate of `point` is finite.
public func checkGradient(at point: [Double], step: Double = 1e-6, _ f: ([Value]) -> Value) -> GradientCheck {
  require(step.isFinite && step > 0, "checkGradient: step must be a finite number > 0 (got \(step))")
  require(point.allSatisfy(\.isFinite), "checkGradient: the point must be finite (got \(point))")
  let inputs = point.map { Value($0) }
  let output = f(inputs)
  output.backward()
  var numeric: [Double] = []
  for i in point.indices {
    var plus = point, minus = point
    plus[i] += step
    minus[i] -= step
    let fPlus = f(plus.map { Value($0) }).data
    let fMinus = f(minus.map { Value($0) }).data
    numeric.append((fPlus - fMinus) / (2 * step))
  }
  return GradientCheck(point: point, value: output.data, analytic: inputs.map(\.grad), numeric: numeric)
}
