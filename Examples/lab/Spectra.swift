// What the lab reads from a spectrum probe's run.
import Micrograd

extension SingularValues {
  /// σₖ, the smallest stretch (k = min(rows, columns): a 2 × 5 matrix has two singular values).
  var smallest: Double { values[values.count - 1] }
}

extension SpectrumProbe.Result {
  /// Every squared singular value of every input, for a histogram.
  var squaredSingularValues: [Double] {
    spectra.flatMap { $0.singularValues.values.map { $0 * $0 } }
  }
}
