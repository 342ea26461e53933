/// Powers, exponentials, logarithms, roots and absolute value.
///
/// Domain errors follow IEEE 754 like PyTorch: `Value(-1).log()` is NaN, `Value(0).log()`
/// is −∞, and nothing traps. `Value.checkFinite()` names the op that produced them.
extension Value {
  /// xⁿ for a constant exponent n. d/dx = n·xⁿ⁻¹ (micrograd's `__pow__`, int or float n).
  ///
  /// Values and gradients follow PyTorch's `torch.pow(x, n)` in float64 bit for bit
  /// (checked against it over 195 edge cases in `edges.json`):
  /// - n = 0: the value is 1 and the gradient 0 for *every* x, including 0, ±∞ and NaN
  ///   (so 0⁰ = 1 with gradient 0, not NaN).
  /// - n = 1: the gradient is 1 for every x.
  /// - 0 to a negative power: ±∞ with the sign C's `pow` gives (`(-0)^-1 = -inf`), gradient ±∞.
  /// - a negative base to a fractional power: NaN, value and gradient (no real root).
  /// - n = ±½ is computed as (1 over) `sqrt`, and n = 2, 3, −1, −2 by multiplication,
  ///   as PyTorch does; so `Value(-0.0).pow(0.5)` is −0 with gradient −∞ (IEEE `sqrt`).
  /// The rule is PyTorch's `pow_backward`: n·pow(x, n − 1), with the same special cases
  /// for the power n − 1.
  public func pow(_ n: Double) -> Value {
    Value(Math.power(data, n), .pow, self, constant: n) { out, x, n in
      if n == 0 { return }
      x.grad += n * Math.power(x.data, n - 1) * out.grad
    }
  }

  /// xⁿ for an integer constant n: `x.pow(k)` with `let k = 3`.
  @_disfavoredOverload
  public func pow(_ n: Int) -> Value { pow(Double(n)) }

  /// eˣ. d/dx = eˣ, which is the output itself.
  public func exp() -> Value {
    Value(Math.exp(data), .exp, self) { out, x in
      x.grad += out.data * out.grad
    }
  }

  /// The natural logarithm. d/dx = 1/x.
  public func log() -> Value {
    Value(Math.log(data), .log, self) { out, x in
      x.grad += out.grad / x.data
    }
  }

  /// √x. d/dx = 1/(2√x).
  public func sqrt() -> Value {
    Value(data.squareRoot(), .sqrt, self) { out, x in
      x.grad += out.grad / (2 * out.data)
    }
  }

  /// |x|. d/dx = sign(x), taken as 0 at x = 0 (as PyTorch does).
  public func abs() -> Value {
    Value(Swift.abs(data), .abs, self) { out, x in
      x.grad += x.data.signum * out.grad
    }
  }
}

/// Exponentiation binds tighter than multiplication, as in Python: `2 * x ** 3` is
/// `2 * (x ** 3)`. (It groups to the right like Python's, which matters only for numbers:
/// the exponent of a `Value` is a constant.)
///
/// One difference from Python cannot be avoided: Swift's prefix minus always binds tighter
/// than any infix operator, so `-x ** 2` is `(-x) ** 2` = x², where Python's `-x**2` is −x².
/// Write `-(x ** 2)` for the latter.
precedencegroup ExponentiationPrecedence {
  associativity: right
  higherThan: MultiplicationPrecedence
}

/// xⁿ: micrograd's `x**n`. See `Value.pow(_:)`.
infix operator ** : ExponentiationPrecedence

extension Value {
  /// x ** n = `x.pow(n)` for a constant n, as in micrograd (`b**3`).
  public static func ** (x: Value, n: Double) -> Value { x.pow(n) }

  /// x ** n for an integer constant n (`x ** k` with `let k = 3`).
  @_disfavoredOverload
  public static func ** (x: Value, n: Int) -> Value { x.pow(Double(n)) }
}

/// xⁿ as a free function, `pow(x, 3)`, like the C library's `pow` for numbers. See `Value.pow(_:)`.
@_disfavoredOverload
public func pow(_ x: Value, _ n: Double) -> Value { x.pow(n) }

extension Double {
  /// −1, 0 or 1 (0 for ±0 and NaN).
  @usableFromInline var signum: Double { self > 0 ? 1 : (self < 0 ? -1 : 0) }
}
