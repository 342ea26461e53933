import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// Counts of numbers falling into bins: the picture of a layer's activations or gradients.
///
/// Bins are half-open, [edgeᵢ, edgeᵢ₊₁), except the last, which includes its right edge
/// (NumPy's and PyTorch's convention), so the largest value of the data lands in the last bin.
/// Values outside the edges, infinities and NaNs are not counted in any bin; `outside` says how many.
///
/// ```swift
/// let h = Histogram([0.1, 0.2, 0.9], bins: 2, range: 0...1)
/// h.counts      // [2, 1]
/// h.densities   // [1.333…, 0.666…]: counts / (total · bin width), integrates to 1
/// ```
public struct Histogram: Sendable, Hashable {
  /// The bin boundaries, strictly increasing: `edges.count == counts.count + 1`.
  public let edges: [Double]
  /// How many values fell into each bin.
  public let counts: [Int]
  /// How many values lay outside `edges.first!...edges.last!` or were NaN.
  public let outside: Int

  /// A histogram with explicit bin edges (at least two, finite, strictly increasing).
  init(_ values: some Sequence<Double>, edges: [Double]) {
    require(edges.count >= 2, "Histogram: edges must have at least 2 elements (got \(edges.count))")
    require(edges.allSatisfy(\.isFinite), "Histogram: edges must be finite numbers (got \(edges))")
    for i in 1..<edges.count {
      require(
        edges[i - 1] < edges[i],
        "Histogram: edges must be strictly increasing (edges[\(i - 1)] = \(edges[i - 1]), edges[\(i)] = \(edges[i]))")
    }
    var counts = Array(repeating: 0, count: edges.count - 1)
    var outside = 0
    for x in values {
      if let bin = Histogram.bin(of: x, edges: edges) { counts[bin] += 1 } else { outside += 1 }
    }
    self.edges = edges
    self.counts = counts
    self.outside = outside
  }

  /// A histogram with `bins` equal bins spanning `range`, or the extent of the data's finite
  /// values when `range` is nil (a constant data set gets the range value ± 0.5; infinities
  /// and NaNs are counted in `outside`).
  ///
  /// - Precondition: `bins` ≥ 1; `range`, if given, has finite bounds.
  public init(_ values: [Double], bins: Int, range: ClosedRange<Double>? = nil) {
    require(bins >= 1, "Histogram: bins must be at least 1 (got \(bins))")
    var lo: Double, hi: Double
    if let range {
      require(
        range.lowerBound.isFinite && range.upperBound.isFinite,
        "Histogram: range must have finite bounds (got \(range))")
      (lo, hi) = (range.lowerBound, range.upperBound)
    } else if let extent = values.filter(\.isFinite).extent {
      (lo, hi) = extent
    } else {
      (lo, hi) = (0, 1)
    }
    if lo == hi { (lo, hi) = (lo - 0.5, hi + 0.5) }
    var edges: [Double]
    if (hi - lo).isFinite {
      let width = (hi - lo) / Double(bins)
      edges = (0..<bins).map { lo + Double($0) * width }
    } else {
      // hi − lo overflows for bounds near ±1.8e308 (the extent of an exploding layer's finite values): step by
      // half a bin twice, each sum between lo and hi, so every edge is finite.
      let halfWidth = (hi / 2 - lo / 2) / Double(bins)
      edges = (0..<bins).map { lo + Double($0) * halfWidth + Double($0) * halfWidth }
    }
    edges.append(hi)  // exactly the upper bound, without rounding error
    self.init(values, edges: edges)
  }

  /// The index of the bin that holds `x`, or nil when `x` is outside every bin.
  static func bin(of x: Double, edges: [Double]) -> Int? {
    guard x >= edges[0] && x <= edges[edges.count - 1] else { return nil }  // also rejects NaN
    // Binary search for the last edge ≤ x.
    var lo = 0, hi = edges.count - 1
    while hi - lo > 1 {
      let mid = (lo + hi) / 2
      if edges[mid] <= x { lo = mid } else { hi = mid }
    }
    return lo
  }

  /// The number of values counted in some bin.
  public var total: Int { counts.reduce(0, +) }

  /// Each bin's count divided by (total · bin width): a probability density, so the area
  /// under the bars is 1 and histograms of different sizes can be overlaid. All zeros when
  /// no value was counted.
  var densities: [Double] {
    let n = Double(total)
    guard n > 0 else { return counts.map { _ in 0 } }
    return (0..<counts.count).map {
      let width = edges[$0 + 1] - edges[$0]
      // n · width overflows for bins near 1e307 wide (an exploding layer's), and the width itself for one bin
      // spanning ±1.8e308: divide one at a time, by half the width twice.
      if (n * width).isFinite { return Double(counts[$0]) / (n * width) }
      return Double(counts[$0]) / n / (edges[$0 + 1] / 2 - edges[$0] / 2) / 2
    }
  }

  /// The outline of the histogram as a step line: (x, y) corners going left to right,
  /// starting and ending at y = 0, with y the density. Drawn as a polyline it gives the
  /// unfilled "step" histograms used to overlay several layers.
  var stepOutline: [(x: Double, y: Double)] {
    let d = densities
    var points: [(x: Double, y: Double)] = [(edges[0], 0)]
    for i in d.indices {
      points.append((edges[i], d[i]))
      points.append((edges[i + 1], d[i]))
    }
    points.append((edges[edges.count - 1], 0))
    return points
  }
}
