import MicrogradEngine

/// Summary statistics of a list of numbers — a layer's outputs, its gradients — written out so a
/// learner can read them: `outputs.standardDeviation` is PyTorch's `outputs.std(unbiased=False)`.
///
/// Every function treats the collection as a whole population (divide by n, not n − 1):
/// for the hundreds or thousands of numbers in a layer the difference is negligible, and
/// the formulas stay the textbook ones. An empty collection gives `nan` (there is no mean
/// of nothing); fractions of an empty collection are 0.
extension Collection where Element == Double {
  /// The arithmetic mean, (1/n) Σ xᵢ.
  @inlinable public var mean: Double {
    guard !isEmpty else { return .nan }
    var total = 0.0
    for x in self { total += x }
    return total / Double(count)
  }

  /// The population variance, (1/n) Σ (xᵢ − mean)², computed in two passes
  /// (subtracting the mean first avoids the cancellation of E[x²] − E[x]²).
  @inlinable public var variance: Double {
    guard !isEmpty else { return .nan }
    let m = mean
    var total = 0.0
    for x in self { total += (x - m) * (x - m) }
    return total / Double(count)
  }

  /// The population standard deviation, √variance (PyTorch's `std(unbiased=False)`).
  ///
  /// Numbers beyond 10¹⁵⁴ have squares that overflow a `Double` although their std does not: then
  /// they are divided by a power of two near the largest (exactly) first, so an exploding layer is
  /// reported as exploded where its numbers overflow, not where their squares do.
  @inlinable public var standardDeviation: Double {
    let v = variance
    guard v == .infinity, let largest = lazy.map(Swift.abs).max(), largest.isFinite else { return v.squareRoot() }
    let scale = Double(sign: .plus, exponent: largest.exponent, significand: 1)
    return scale * map { $0 / scale }.variance.squareRoot()
  }

  /// The mean absolute value, (1/n) Σ |xᵢ|: the "mean |grad|" of the gain-sweep tables.
  @inlinable package var meanAbsoluteValue: Double {
    guard !isEmpty else { return .nan }
    var total = 0.0
    for x in self { total += Swift.abs(x) }
    return total / Double(count)
  }

  /// The share (0…1) of elements with |x| > `threshold`: for tanh outputs, the units
  /// sitting on the flat part of the curve, where the local gradient 1 − t² is tiny
  /// (0.0591 at |t| = 0.97, the default threshold of Karpathy's lecture; 0.0199 at 0.99).
  @inlinable public func saturatedFraction(threshold: Double = 0.97) -> Double {
    guard !isEmpty else { return 0 }
    var hits = 0
    for x in self where Swift.abs(x) > threshold { hits += 1 }
    return Double(hits) / Double(count)
  }

  /// The smallest and largest element, or nil for an empty collection (NaNs are skipped).
  /// log₁₀(std(self) / std(data)), with these numbers the updates one optimizer step made to the
  /// parameters `data`: Karpathy's update:data ratio ("makemore part 3"; about −3 is healthy, much
  /// higher means the parameters thrash, much lower that they barely learn).
  public func updateToDataRatio(data: [Double]) -> Double {
    Math.log(standardDeviation / data.standardDeviation) / Math.log(10)
  }

  @inlinable public var extent: (min: Double, max: Double)? {
    var lo = Double.infinity, hi = -Double.infinity
    for x in self where !x.isNaN {
      lo = Swift.min(lo, x)
      hi = Swift.max(hi, x)
    }
    return lo <= hi ? (lo, hi) : nil
  }
}
