import MicrogradEngine
import MicrogradSupport

/// Standardization: shift and scale every feature to mean 0 and standard deviation 1.
///
/// Networks train best when their inputs are centred and of unit scale: the weight
/// initializers assume inputs of variance about 1. Fit the statistics on the training
/// set, then apply the *same* transform to any other data.
///
/// ```swift
/// let standardize = Standardization(fitting: train)
/// let trainS = standardize(train), testS = standardize(test)
/// ```
public struct Standardization: Sendable, Equatable {
  /// The mean of each feature in the fitted data.
  var means: [Double]
  /// The standard deviation of each feature in the fitted data (population, divide by n),
  /// replaced by 1 for a constant feature so that it is only centred.
  var standardDeviations: [Double]

  /// The statistics of `data`'s features.
  ///
  /// - Precondition: `data` is not empty.
  public init(fitting data: Dataset) {
    require(data.count > 0, "Standardization: the data set must not be empty")
    let columns = (0..<data.featureCount).map { j in data.inputs.map { $0[j] } }
    means = columns.map(\.mean)
    standardDeviations = columns.map { column in
      let std = column.standardDeviation
      return std > 0 ? std : 1
    }
  }

  /// One input, standardized: (xⱼ − meanⱼ) / stdⱼ.
  func callAsFunction(_ x: [Double]) -> [Double] {
    require(x.count == means.count, "Standardization: expected \(means.count) features (got \(x.count))")
    return x.indices.map { (x[$0] - means[$0]) / standardDeviations[$0] }
  }

  /// Every input of `data`, standardized; labels unchanged.
  public func callAsFunction(_ data: Dataset) -> Dataset {
    Dataset(inputs: data.inputs.map { self($0) }, labels: data.labels)
  }
}

extension Dataset {
  /// This data set with every feature at mean 0 and standard deviation 1.
  package func standardized() -> Dataset {
    Standardization(fitting: self)(self)
  }
}
