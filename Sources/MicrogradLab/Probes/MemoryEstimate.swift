import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// How much memory a probe's graph takes, estimated before it is built, so a configuration
/// that cannot fit is refused up front instead of failing after a minute of work.
///
/// A deep stack of square layers holds, for every unit of every layer and every sample, one
/// graph node (about 96 bytes with its gradient and record of inputs) and a handful of 8-byte
/// entries in the layer's packed arrays (inputs, pre-activations, gradients, the node
/// pointers, the probe's own record): `bytesPerElement` in all. Each layer also stores its
/// weights, 8 bytes each:
///
///     bytes ≈ 16 MB + depth · (bytesPerElement · width · batch + 8 · width²)
///
/// The constants were measured as the peak resident memory of release builds (`/usr/bin/time`,
/// `benchmark probe W L B` and `lab`): the formula is within 6% of the measured peak from
/// width 64 to 1000 and batch 64 to 1000.
public struct MemoryEstimate: Sendable, Comparable, CustomStringConvertible {
  /// The estimated peak, in bytes.
  public var bytes: Double

  /// An estimate of `bytes` bytes.
  public init(bytes: Double) { self.bytes = bytes }

  /// The estimate for `depth` square layers of `width` units over `batch` samples.
  public init(depth: Int, width: Int, batch: Int, bytesPerElement: Double) {
    let (l, w, b) = (Double(depth), Double(width), Double(batch))
    bytes = 16e6 + l * (bytesPerElement * w * b + 8 * w * w)
  }

  /// Bytes per unit, sample and layer of a plain layer with its activation (measured: 142).
  public static let plainLayerBytesPerElement = 144.0

  /// `n` copies of this run at once (configurations run concurrently).
  public static func * (estimate: MemoryEstimate, n: Int) -> MemoryEstimate {
    MemoryEstimate(bytes: estimate.bytes * Double(n))
  }

  public static func < (a: MemoryEstimate, b: MemoryEstimate) -> Bool { a.bytes < b.bytes }

  /// "2.3 GB", "850 MB", "1.2 TB".
  public var description: String {
    let units: [(Double, String)] = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
    for (size, name) in units where bytes >= size {
      let value = bytes / size
      return "\(formatted(value, decimals: value < 10 ? 1 : 0)) \(name)"
    }
    return "\(Int(bytes)) bytes"
  }
}

extension GainSweepProbe.Configuration {
  /// The peak memory of `GainSweepProbe(self).run()`, before it runs (see `MemoryEstimate`).
  public var estimatedMemory: MemoryEstimate {
    MemoryEstimate(
      depth: depth, width: width, batch: batch, bytesPerElement: MemoryEstimate.plainLayerBytesPerElement)
  }
}

extension NormalizationProbe.Configuration {
  /// The peak memory of `NormalizationProbe(self).run()`, before it runs (see `MemoryEstimate`).
  ///
  /// Its blocks are modules (`Linear`, then the activation as a layer of its own), so even
  /// without normalization an element costs more than in `GainSweepProbe`'s fused layers:
  /// ≈ 350 bytes (measured: `width-sweep` at width 1000, depth 100, batch 100, two at a time,
  /// 8.6 GB). A normalization layer adds nodes for every unit and sample (centering, scaling, γ
  /// and β), a residual connection one more sum: measured at width 128, depth 100, batch 128,
  /// BatchNorm ≈ 540 bytes per element, LayerNorm ≈ 630, a plain residual ≈ 330.
  public var estimatedMemory: MemoryEstimate {
    var perElement = 350.0
    switch normalization {
    case .none: break
    case .batch: perElement = 560
    case .layer: perElement = 660
    }
    if residual != nil { perElement += 200 }
    return MemoryEstimate(depth: depth, width: width, batch: batch, bytesPerElement: perElement)
  }
}
