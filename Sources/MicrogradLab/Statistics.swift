import MicrogradEngine
import MicrogradNN

/// Summary statistics of a list of numbers: the numbers Karpathy prints for every layer
/// in "makemore part 3" (mean, std, saturated %), written out so a learner can read them.
///
/// Every function treats the collection as a whole population (divide by n, not n − 1):
/// for the hundreds or thousands of numbers in a layer the difference is negligible, and
/// the formulas stay the textbook ones. An empty collection gives `nan` (there is no mean
/// of nothing); fractions of an empty collection are 0.
extension Collection where Element == Double {
  /// The arithmetic mean, (1/n) Σ xᵢ.
  public var mean: Double {
    guard !isEmpty else { return .nan }
    var total = 0.0
    for x in self { total += x }
    return total / Double(count)
  }

  /// The population variance, (1/n) Σ (xᵢ − mean)², computed in two passes
  /// (subtracting the mean first avoids the cancellation of E[x²] − E[x]²).
  public var variance: Double {
    guard !isEmpty else { return .nan }
    let m = mean
    var total = 0.0
    for x in self { total += (x - m) * (x - m) }
    return total / Double(count)
  }

  /// The population standard deviation, √variance (PyTorch's `std(unbiased=False)`).
  public var standardDeviation: Double { variance.squareRoot() }

  /// The mean absolute value, (1/n) Σ |xᵢ|: the "mean |grad|" of the gain-sweep tables.
  public var meanAbsoluteValue: Double {
    guard !isEmpty else { return .nan }
    var total = 0.0
    for x in self { total += Swift.abs(x) }
    return total / Double(count)
  }

  /// The root mean square, √((1/n) Σ xᵢ²).
  public var rootMeanSquare: Double {
    guard !isEmpty else { return .nan }
    var total = 0.0
    for x in self { total += x * x }
    return (total / Double(count)).squareRoot()
  }

  /// The share (0…1) of elements for which `predicate` holds.
  public func fraction(where predicate: (Double) -> Bool) -> Double {
    guard !isEmpty else { return 0 }
    var hits = 0
    for x in self where predicate(x) { hits += 1 }
    return Double(hits) / Double(count)
  }

  /// The share (0…1) of elements with |x| > `threshold`: for tanh outputs, the units
  /// sitting on the flat part of the curve, where the local gradient 1 − t² is tiny
  /// (0.0591 at |t| = 0.97, the default threshold of Karpathy's lecture; 0.0199 at 0.99).
  public func saturatedFraction(threshold: Double = 0.97) -> Double {
    fraction { Swift.abs($0) > threshold }
  }

  /// The smallest and largest element, or nil for an empty collection (NaNs are skipped).
  public var extent: (min: Double, max: Double)? {
    var lo = Double.infinity, hi = -Double.infinity
    for x in self where !x.isNaN {
      lo = Swift.min(lo, x)
      hi = Swift.max(hi, x)
    }
    return lo <= hi ? (lo, hi) : nil
  }
}

/// The ratio std(a)/std(b), with 0/0 reported as 0 (a layer with no signal and no gradient).
///
/// Karpathy's grad:data ratio of a weight matrix is `ratio(of: grads, to: weights)`.
public func standardDeviationRatio(of a: [Double], to b: [Double]) -> Double {
  let top = a.standardDeviation, bottom = b.standardDeviation
  if top == 0 && bottom == 0 { return 0 }
  return top / bottom
}

/// The update:data ratio of one step of gradient descent, log₁₀(std(lr·grad)/std(data)):
/// how big a step is compared with the parameters it changes. Around −3 is healthy
/// (Karpathy, makemore part 3); much higher means the parameters thrash, much lower that
/// they barely learn.
public func updateToDataRatio(learningRate: Double, gradients: [Double], data: [Double]) -> Double {
  let update = Swift.abs(learningRate) * gradients.standardDeviation
  return Math.log(update / data.standardDeviation) / Math.log(10)
}
