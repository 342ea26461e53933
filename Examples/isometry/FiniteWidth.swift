// The isometry notebook's finite-width experiment: one linear Gaussian network against the average.
import ExampleSupport
import Micrograd

/// m = (1/N)·tr(JᵀJ) of linear Gaussian networks of one width, one per seed, and the theory.
struct FiniteWidthRow {
  var width: Int
  var depth: Int
  /// m of each network, smallest first.
  var means: [Double]
  /// E[m²], exactly (`JacobianPrediction.linearGaussianSecondMoment`); E[m] = 1.
  var secondMoment: Double

  init(width: Int, depth: Int, seeds: [UInt64]) {
    (self.width, self.depth) = (width, depth)
    means = seeds.map { seed in
      SpectrumProbe(
        .init(
          activation: .identity, initializer: .xavierNormal(gain: 1), depth: depth, width: width, samples: 1, seed: seed
        )
      ).run().meanSquare
    }.sorted()
    secondMoment = JacobianPrediction.linearGaussianSecondMoment(width: width, depth: depth)
  }

  var median: Double { (means[(means.count - 1) / 2] + means[means.count / 2]) / 2 }
  /// The median of a log-normal m with mean 1: 1/√E[m²].
  var typical: Double { 1 / secondMoment.squareRoot() }

  static let columns = [
    "width N", "L/N", "mean of m", "median", "smallest", "largest", "median (theory)", "std of m (theory)",
  ]
  var cells: [Table.Cell] {
    [
      .integer(width), .number(Double(depth) / Double(width), significant: 2), .number(means.mean), .number(median),
      .number(means.first!), .number(means.last!), .number(typical), .number((secondMoment - 1).squareRoot()),
    ]
  }
}
