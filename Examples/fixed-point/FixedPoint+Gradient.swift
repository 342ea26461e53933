// What fixed-point reads from a fixed point of the length map.
import Micrograd

extension FixedPoint {
  /// √χ₁: the factor by which the mean |gradient| (or its RMS) grows per layer going
  /// backward. Over L layers the input's gradient is about √χ₁^L times the output's.
  var gradientFactorPerLayer: Double { chi1.squareRoot() }
}
