/// The nonlinearities of the initialization story, each one node with its own
/// backward rule. Where the derivative can be written with the output, the rule uses
/// `out.data` (tanh, sigmoid, exp): exactly micrograd's style.
///
/// At a kink (x = 0 for relu, leaky relu, elu, selu, abs) the derivative used is the
/// one from the left-closed side that PyTorch uses: relu'(0) = 0.
extension Value {
  /// tanh(x), from the C library. d/dx = 1 − tanh²(x).
  ///
  /// When |x| is large, tanh saturates at ±1 and the factor `1 - t*t` goes to 0:
  /// gradient stops flowing through this unit.
  public func tanh() -> Value {
    Value(Math.tanh(data), .tanh, self) { out, x in
      let t = out.data
      // micrograd's line, spaced exactly as the design card writes it:
      // swift-format-ignore
      x.grad += (1 - t*t) * out.grad
    }
  }

  /// max(0, x). d/dx = 1 where x > 0, else 0.
  public func relu() -> Value {
    Value(data > 0 ? data : 0, .relu, self) { out, x in
      x.grad += (out.data > 0 ? 1 : 0) * out.grad
    }
  }

  /// The logistic sigmoid σ(x) = 1/(1 + e⁻ˣ), stable for any x. d/dx = σ(1 − σ).
  public func sigmoid() -> Value {
    Value(Math.sigmoid(data), .sigmoid, self) { out, x in
      let s = out.data
      x.grad += s * (1 - s) * out.grad
    }
  }

  /// x for x > 0, else slope·x (PyTorch `leaky_relu`, default slope 0.01).
  public func leakyReLU(_ negativeSlope: Double = 0.01) -> Value {
    Value(Math.leakyReLU(data, negativeSlope: negativeSlope), .leakyReLU, self, constant: negativeSlope) {
      out, x, slope in
      x.grad += Math.leakyReLUDerivative(x.data, negativeSlope: slope) * out.grad
    }
  }

  /// x for x > 0, else α·(eˣ − 1) (Clevert et al. 2015). d/dx = 1, or α·eˣ for x ≤ 0.
  public func elu(alpha: Double = 1) -> Value {
    Value(Math.elu(data, alpha: alpha), .elu, self, constant: alpha) { out, x, alpha in
      x.grad += Math.eluDerivative(x.data, alpha: alpha) * out.grad
    }
  }

  /// λ·x for x > 0, else λ·α·(eˣ − 1), with the SNN paper's α ≈ 1.6733 and λ ≈ 1.0507
  /// (Klambauer et al. 2017). d/dx = λ, or λ·α·eˣ for x ≤ 0.
  public func selu() -> Value {
    Value(Math.selu(data), .selu, self) { out, x in
      x.grad += Math.seluDerivative(x.data) * out.grad
    }
  }

  /// GELU in its exact form x·Φ(x) = ½x(1 + erf(x/√2)) (PyTorch's default `gelu`), with Φ
  /// from erfc so the negative tail keeps its digits.
  /// d/dx = Φ(x) + x·φ(x).
  public func gelu() -> Value {
    Value(Math.gelu(data), .gelu, self) { out, x in
      x.grad += Math.geluDerivative(x.data) * out.grad
    }
  }

  /// SiLU (swish) x·σ(x). d/dx = σ(x)·(1 + x·(1 − σ(x))).
  public func silu() -> Value {
    Value(Math.silu(data), .silu, self) { out, x in
      x.grad += Math.siluDerivative(x.data) * out.grad
    }
  }

  /// softsign x/(1 + |x|). d/dx = 1/(1 + |x|)².
  public func softsign() -> Value {
    Value(Math.softsign(data), .softsign, self) { out, x in
      x.grad += Math.softsignDerivative(x.data) * out.grad
    }
  }

  /// ln σ(x) = min(x, 0) − ln(1 + e^(−|x|)), stable for any x: −1000 at x = −1000, where the naive
  /// `sigmoid().log()` gives −∞ and a NaN gradient. d/dx = 1 − σ(x) = σ(−x).
  /// (PyTorch's `F.logsigmoid`.)
  public func logSigmoid() -> Value {
    Value(Swift.min(data, 0) - Math.log1p(Math.exp(-Swift.abs(data))), .logSigmoid, self) { out, x in
      x.grad += Math.sigmoid(-x.data) * out.grad
    }
  }

  /// softplus log(1 + eˣ), stable for any x (finite at ±1000). d/dx = σ(x).
  public func softplus() -> Value {
    Value(Math.softplus(data), .softplus, self) { out, x in
      x.grad += Math.sigmoid(x.data) * out.grad
    }
  }
}
