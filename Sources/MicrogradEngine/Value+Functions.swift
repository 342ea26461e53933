/// Powers, exponentials, logarithms, roots and absolute value.
///
/// Domain errors follow IEEE 754 like PyTorch: `Value(-1).log()` is NaN, `Value(0).log()`
/// is −∞, and nothing traps. `Value.checkFinite()` names the op that produced them.
extension Value {
  /// xⁿ for a constant exponent n. d/dx = n·xⁿ⁻¹.
  public func pow(_ n: Double) -> Value {
    Value(Math.pow(data, n), .pow, self) { out, x in
      x.grad += n * Math.pow(x.data, n - 1) * out.grad
    }
  }

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

extension Double {
  /// −1, 0 or 1 (0 for ±0 and NaN).
  @usableFromInline var signum: Double { self > 0 ? 1 : (self < 0 ? -1 : 0) }
}
