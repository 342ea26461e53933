import Micrograd

/// How much memory a probe's run takes at its peak, estimated before it runs, so that a
/// configuration that cannot fit is refused up front instead of failing after a minute of work.
///
/// A probe's graph is made of pieces whose sizes do not depend on the numbers, only on the shape:
/// every input of every sample is a leaf node; every unit of every sample of every layer (an
/// *element*) is one node or a few, with slots in the layer's packed arrays; every sample of
/// every layer is a row (an array that holds its units); some layers keep nodes per unit
/// (BatchNorm's statistics, γ and β); every layer has a few objects; and every weight takes 8 bytes
/// as a constant (`requiresGrad: false`) or a node as a parameter. Each probe's estimate
/// (`GainSweepProbe.Configuration.estimatedMemory` and the others) adds these up with its own
/// costs per piece (`GraphCosts`):
///
///     graph = perInput·W·B + L·(perElement·W·B + perRow·B + perUnit·W + perLayer)
///
/// for L layers of W units over B samples. The costs were fitted to the peak resident memory of
/// release builds (`Tests/Reference/measure_memory.py`, which writes `Docs/data/memory.csv`), over
/// widths 1 to 1000, depths 1 to 1000 and batches 2 to 1000, and rounded up: every estimate is
/// at least the measured peak and at most 25% above it at every measured point
/// (`MemoryEstimateTests`). The estimates count what a run adds to a process; the process itself
/// (the Swift runtime, the code) is the caller's to add.
package struct MemoryEstimate: Sendable, Comparable, CustomStringConvertible {
  /// The estimated peak, in bytes.
  package var bytes: Double

  /// An estimate of `bytes` bytes.
  package init(bytes: Double) { self.bytes = bytes }

  /// No memory at all.
  package static let zero = MemoryEstimate(bytes: 0)

  /// What each piece of a probe's graph costs, in bytes (see `MemoryEstimate`).
  package struct GraphCosts: Sendable, Hashable {
    /// Each input feature of each sample: a leaf node and its slot in the rows.
    package var perInput: Double
    /// Each unit of each sample of each layer: its nodes and their slots in the layer's arrays.
    package var perElement: Double
    /// Each sample of each layer: the arrays that hold one sample's units.
    package var perRow: Double
    /// Each unit of each layer, whatever the batch (BatchNorm's statistics, γ and β).
    package var perUnit: Double
    /// Each layer: its objects and array headers.
    package var perLayer: Double

    /// Both sets of pieces at once.
    package static func + (a: GraphCosts, b: GraphCosts) -> GraphCosts {
      GraphCosts(
        perInput: a.perInput + b.perInput, perElement: a.perElement + b.perElement, perRow: a.perRow + b.perRow,
        perUnit: a.perUnit + b.perUnit, perLayer: a.perLayer + b.perLayer)
    }

    /// Costs of the five pieces, in bytes.
    package init(perInput: Double, perElement: Double, perRow: Double, perUnit: Double = 0, perLayer: Double) {
      (self.perInput, self.perElement, self.perRow, self.perUnit, self.perLayer) =
        (perInput, perElement, perRow, perUnit, perLayer)
    }
  }

  /// The graph of `depth` layers of `width` units over `batch` samples:
  /// perInput·W·B + L·(perElement·W·B + perRow·B + perUnit·W + perLayer).
  package init(graph costs: GraphCosts, depth: Int, width: Int, batch: Int) {
    let (l, w, b) = (Double(depth), Double(width), Double(batch))
    bytes =
      costs.perInput * w * b + l * (costs.perElement * w * b + costs.perRow * b + costs.perUnit * w + costs.perLayer)
  }

  /// `depth` square layers of `width` constant weights (8 bytes each) with `graph` run through them:
  ///
  ///     8·L·W² + max(12·W², graph)
  ///
  /// A layer is drawn as rows and then packed into one array, about 12 bytes a weight for a
  /// moment (measured at width 1000); the graph, built afterwards, reuses that memory.
  package init(constantLayers depth: Int, width: Int, graph: MemoryEstimate) {
    let w = Double(width)
    bytes =
      MemoryEstimate.bytesPerConstantWeight * Double(depth) * w * w
      + Swift.max(MemoryEstimate.bytesPerWeightDrawn * w * w, graph.bytes)
  }

  /// A constant weight: one `Double` in its layer's packed array.
  package static let bytesPerConstantWeight = 8.0

  /// A weight of the layer being drawn, for a moment: its row, then its place in the packed array.
  package static let bytesPerWeightDrawn = 12.0

  /// Both at once.
  package static func + (a: MemoryEstimate, b: MemoryEstimate) -> MemoryEstimate {
    MemoryEstimate(bytes: a.bytes + b.bytes)
  }

  /// `n` copies of this run at once (configurations run concurrently).
  package static func * (estimate: MemoryEstimate, n: Int) -> MemoryEstimate {
    MemoryEstimate(bytes: estimate.bytes * Double(n))
  }

  package static func < (a: MemoryEstimate, b: MemoryEstimate) -> Bool { a.bytes < b.bytes }

  /// "2.3 GB", "850 MB", "1.2 TB", "1.38e+09 TB".
  package var description: String {
    guard bytes.isFinite else { return "more bytes than can be counted" }
    // Past a thousand terabytes, three digits and a power of ten: "1.38e+09 TB".
    if bytes >= 1e15 { return "\((bytes / 1e12).formatted(significant: 3)) TB" }
    let units: [(Double, String)] = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
    for (size, name) in units where bytes >= size {
      let value = bytes / size
      return "\(value.formatted(decimals: value < 10 ? 1 : 0)) \(name)"
    }
    return "\(Int(bytes)) bytes"
  }
}
