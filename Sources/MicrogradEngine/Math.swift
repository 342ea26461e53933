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
/// ops, `Activation` and the mean-field theory.
///
/// Nothing here allocates or records a graph: these are plain `Double -> Double` functions.
public enum Math {
  /// eˣ.
  @inlinable public static func exp(_ x: Double) -> Double { c_exp(x) }
  /// eˣ − 1, accurate near 0.
  @inlinable public static func expm1(_ x: Double) -> Double { c_expm1(x) }
  /// The natural logarithm; NaN for x < 0, −∞ at 0 (IEEE, like PyTorch).
  @inlinable public static func log(_ x: Double) -> Double { c_log(x) }
  /// log(1 + x), accurate near 0.
  @inlinable public static func log1p(_ x: Double) -> Double { c_log1p(x) }
  /// xʸ (C `pow`).
  @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { c_pow(x, y) }
  /// The hyperbolic tangent from the C library (not an exp formula, which overflows).
  @inlinable public static func tanh(_ x: Double) -> Double { c_tanh(x) }
  /// The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt.
  @inlinable public static func erf(_ x: Double) -> Double { c_erf(x) }
  /// The complementary error function 1 − erf(x), accurate for large x.
  @inlinable public static func erfc(_ x: Double) -> Double { c_erfc(x) }
  /// Cosine.
  @inlinable public static func cos(_ x: Double) -> Double { c_cos(x) }
  /// Sine.
  @inlinable public static func sin(_ x: Double) -> Double { c_sin(x) }

  /// The logistic sigmoid σ(x) = 1 / (1 + e⁻ˣ), in a form that never overflows:
  /// for x < 0 it is computed as eˣ / (1 + eˣ).
  @inlinable public static func sigmoid(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + exp(-x)) }
    let e = exp(x)
    return e / (1 + e)
  }

  /// softplus(x) = log(1 + eˣ), computed as max(x, 0) + log1p(e^(−|x|)) so that it is
  /// finite and exact for x = ±1000 (the naive form overflows to ∞ at x ≈ 710).
  @inlinable public static func softplus(_ x: Double) -> Double {
    Swift.max(x, 0) + log1p(exp(-Swift.abs(x)))
  }

  /// The SELU constants α and λ of Klambauer et al. 2017, "Self-Normalizing Neural
  /// Networks" (eqs. 14–15), as PyTorch uses them.
  public static let seluAlpha = 1.6732632423543772848170429916717
  /// See `seluAlpha`.
  public static let seluLambda = 1.0507009873554804934193349852946

  /// 1/√(2π), the peak of the standard normal density.
  public static let inverseSqrtTwoPi = 0.3989422804014326779399460599343818684758586311649
  /// 1/√2.
  public static let inverseSqrtTwo = 0.7071067811865475244008443621048490392848359376884

  /// GELU, exact (erf) form: x·Φ(x) = ½·x·(1 + erf(x/√2)) (Hendrycks & Gimpel 2016).
  @inlinable public static func gelu(_ x: Double) -> Double {
    0.5 * x * (1 + erf(x * inverseSqrtTwo))
  }

  /// d/dx GELU(x) = Φ(x) + x·φ(x), with φ the standard normal density.
  @inlinable public static func geluDerivative(_ x: Double) -> Double {
    0.5 * (1 + erf(x * inverseSqrtTwo)) + x * inverseSqrtTwoPi * exp(-0.5 * x * x)
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
@usableFromInline func c_cos(_ x: Double) -> Double { cos(x) }
@usableFromInline func c_sin(_ x: Double) -> Double { sin(x) }
