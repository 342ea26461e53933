#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(ucrt)
  import ucrt
#endif

/// The scalar math the engine is built from: the C library's functions under one
/// namespace (so `Value.tanh()` can call the scalar `tanh` without a name clash), and the
/// activation functions with their derivatives, written once and shared by `Value`'s
/// ops, `Activation` and the mean-field theory. (tanh and relu keep micrograd's own lines
/// in `Value+Activations.swift`.)
///
/// Nothing here allocates or records a graph: these are plain `Double -> Double` functions.
package enum Math {
  /// eˣ.
  @inlinable package static func exp(_ x: Double) -> Double { c_exp(x) }
  /// eˣ − 1, accurate near 0.
  @inlinable package static func expm1(_ x: Double) -> Double { c_expm1(x) }
  /// The natural logarithm; NaN for x < 0, −∞ at 0 (IEEE, like PyTorch).
  @inlinable package static func log(_ x: Double) -> Double { c_log(x) }
  /// log(1 + x), accurate near 0.
  @inlinable package static func log1p(_ x: Double) -> Double { c_log1p(x) }
  /// xʸ (C `pow`).
  @inlinable package static func pow(_ x: Double, _ y: Double) -> Double { c_pow(x, y) }
  /// xⁿ the way PyTorch computes `torch.pow(x, n)` for a scalar n in float64: 1 for n = 0
  /// (whatever x is), x for n = 1, `sqrt` for n = ½, 1/`sqrt` for n = −½, products for
  /// n = 2, 3, −1, −2, and C's `pow` otherwise. The special cases differ from C's `pow`
  /// only at signed zeros, infinities and in the last bit (x·x·x is not always pow(x, 3)).
  @inlinable package static func power(_ x: Double, _ n: Double) -> Double {
    switch n {
    case 0: 1
    case 1: x
    case 2: x * x
    case 3: x * x * x
    case 0.5: x.squareRoot()
    case -0.5: 1 / x.squareRoot()
    case -1: 1 / x
    case -2: 1 / (x * x)
    default: pow(x, n)
    }
  }

  /// The hyperbolic tangent from the C library (not an exp formula, which overflows).
  @inlinable package static func tanh(_ x: Double) -> Double { c_tanh(x) }
  /// The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt.
  @inlinable package static func erf(_ x: Double) -> Double { c_erf(x) }
  /// The complementary error function erfc(x) = 1 − erf(x), accurate where erf(x) ≈ ±1.
  @inlinable package static func erfc(_ x: Double) -> Double { c_erfc(x) }

  /// The logistic sigmoid σ(x) = 1 / (1 + e⁻ˣ), in a form that never overflows:
  /// for x < 0 it is computed as eˣ / (1 + eˣ).
  @inlinable package static func sigmoid(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + exp(-x)) }
    let e = exp(x)
    return e / (1 + e)
  }

  /// softplus(x) = log(1 + eˣ), computed as max(x, 0) + log1p(e^(−|x|)) so that it is
  /// finite and exact for x = ±1000 (the naive form overflows to ∞ at x ≈ 710).
  @inlinable package static func softplus(_ x: Double) -> Double {
    Swift.max(x, 0) + log1p(exp(-Swift.abs(x)))
  }

  /// The SELU constants α and λ of Klambauer et al. 2017, "Self-Normalizing Neural
  /// Networks" (eqs. 14–15), as PyTorch uses them.
  package static let seluAlpha = 1.6732632423543772848170429916717
  /// See `seluAlpha`.
  package static let seluLambda = 1.0507009873554804934193349852946

  /// 1/√(2π), the peak of the standard normal density.
  package static let inverseSqrtTwoPi = 0.3989422804014326779399460599343818684758586311649
  /// 1/√2.
  package static let inverseSqrtTwo = 0.7071067811865475244008443621048490392848359376884
  /// 1/√2 − `inverseSqrtTwo`: the rounding error of the constant (mpmath).
  package static let inverseSqrtTwoError = -4.833646656726457e-17

  /// The standard normal CDF Φ(x) = ½·erfc(−x/√2), which is ½(1 + erf(x/√2)) without the
  /// cancellation of 1 + erf for x ≪ 0 (where Φ(−10) ≈ 7.6e-24 would come out 0).
  ///
  /// In the far tail the rounding of z = −x/√2 itself matters: erfc falls like e^(−z²), so an
  /// error δ in z becomes a relative error 2zδ (150 ulps at x = −30). δ is known exactly (an
  /// FMA gives the product's rounding error, and 1/√2's own is a constant), so the result is
  /// corrected by the factor 1 − 2zδ (d ln erfc(z)/dz ≈ −2z for z > 1).
  @inlinable package static func normalCDF(_ x: Double) -> Double {
    let z = -x * inverseSqrtTwo
    guard z > 1 else { return 0.5 * erfc(z) }  // where erfc is not steep, δ does not matter
    let tail = erfc(z)
    guard tail > 0 else { return 0 }  // beyond x ≈ −38.5 Φ underflows: 0, not 0·∞ from the correction
    let delta = (-z).addingProduct(-x, inverseSqrtTwo) + -x * inverseSqrtTwoError  // exact z − rounded z
    return 0.5 * tail * (1 - 2 * z * delta)
  }

  /// GELU, exact (erf) form: x·Φ(x) = ½·x·(1 + erf(x/√2)) (Hendrycks & Gimpel 2016).
  @inlinable package static func gelu(_ x: Double) -> Double {
    x * normalCDF(x)
  }

  /// d/dx GELU(x) = Φ(x) + x·φ(x), with φ the standard normal density.
  @inlinable package static func geluDerivative(_ x: Double) -> Double {
    normalCDF(x) + x * inverseSqrtTwoPi * exp(-0.5 * x * x)
  }

  /// Leaky ReLU: x for x > 0, slope·x otherwise.
  @inlinable package static func leakyReLU(_ x: Double, negativeSlope: Double) -> Double {
    x > 0 ? x : negativeSlope * x
  }

  /// d/dx leaky ReLU: 1 for x > 0, the slope otherwise (at 0 too, as PyTorch).
  @inlinable package static func leakyReLUDerivative(_ x: Double, negativeSlope: Double) -> Double {
    x > 0 ? 1 : negativeSlope
  }

  /// ELU (Clevert et al. 2015): x for x > 0, α·(eˣ − 1) otherwise.
  @inlinable package static func elu(_ x: Double, alpha: Double) -> Double {
    x > 0 ? x : alpha * expm1(x)
  }

  /// d/dx ELU: 1 for x > 0, α·eˣ otherwise. (Not ELU(x) + α: that subtracts two numbers
  /// close to α when eˣ is tiny and loses every digit by x ≈ −36.)
  @inlinable package static func eluDerivative(_ x: Double, alpha: Double) -> Double {
    x > 0 ? 1 : alpha * exp(x)
  }

  /// SELU (Klambauer et al. 2017): λ·x for x > 0, λ·α·(eˣ − 1) otherwise.
  @inlinable package static func selu(_ x: Double) -> Double {
    x > 0 ? seluLambda * x : seluLambda * seluAlpha * expm1(x)
  }

  /// d/dx SELU: λ for x > 0, λ·α·eˣ otherwise.
  @inlinable package static func seluDerivative(_ x: Double) -> Double {
    x > 0 ? seluLambda : seluLambda * seluAlpha * exp(x)
  }

  /// SiLU (swish): x·σ(x).
  @inlinable package static func silu(_ x: Double) -> Double { x * sigmoid(x) }

  /// d/dx SiLU = σ(x)·(1 + x·(1 − σ(x))), with 1 − σ(x) computed as σ(−x) (no cancellation
  /// for large x, where 1 − σ(x) is tiny).
  @inlinable package static func siluDerivative(_ x: Double) -> Double {
    sigmoid(x) * (1 + x * sigmoid(-x))
  }

  /// Softsign: x / (1 + |x|).
  @inlinable package static func softsign(_ x: Double) -> Double { x / (1 + Swift.abs(x)) }

  /// d/dx softsign = 1 / (1 + |x|)².
  @inlinable package static func softsignDerivative(_ x: Double) -> Double {
    let d = 1 + Swift.abs(x)
    return 1 / (d * d)
  }
}

@usableFromInline func c_exp(_ x: Double) -> Double { exp(x) }
@usableFromInline func c_expm1(_ x: Double) -> Double { expm1(x) }
@usableFromInline func c_log(_ x: Double) -> Double { log(x) }
@usableFromInline func c_log1p(_ x: Double) -> Double { log1p(x) }
@usableFromInline func c_pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@usableFromInline func c_tanh(_ x: Double) -> Double { tanh(x) }
@usableFromInline func c_erf(_ x: Double) -> Double { erf(x) }
@usableFromInline func c_erfc(_ x: Double) -> Double { erfc(x) }
