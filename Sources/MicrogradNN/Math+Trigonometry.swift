import MicrogradEngine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(ucrt)
  import ucrt
#endif

/// The C library's cosine and sine, for the data sets' angles and the cosine schedule (the
/// engine's ops need neither).
extension Math {
  /// Cosine.
  @inlinable package static func cos(_ x: Double) -> Double { c_cos(x) }
  /// Sine.
  @inlinable package static func sin(_ x: Double) -> Double { c_sin(x) }
}

@usableFromInline func c_cos(_ x: Double) -> Double { cos(x) }
@usableFromInline func c_sin(_ x: Double) -> Double { sin(x) }
