// Part 4 of the normalization notebook: one residual network's measurement beside its derived law.
import ExampleSupport
import Micrograd

/// One residual network of part 4: what was measured, and what the mean-field law derives for it.
struct ResidualRun {
  /// "relu, √2".
  var branch: String
  /// "plain", "1/√depth", "ReZero".
  var scale: String
  /// The measurement.
  var result: NormalizationProbe.Result
  /// The derived E[x²] of the stream after blocks 0 (the input) … depth.
  var stream: [Double]
  /// The derived E[g²] at blocks 0 … depth, relative to the last.
  var gradient: [Double]

  /// The measured E[x²] of the stream after blocks 0 (the input) … depth, like `stream`.
  var measuredStream: [Double] { [sq(result.inputStd)] + result.outputSecondMoment }

  /// What a stream q(0) … q(L) gains per block over its second half: (q(L) − q(L/2)) / (L − L/2).
  static func gainPerBlock(_ q: [Double]) -> Double {
    let (last, middle) = (q.count - 1, (q.count - 1) / 2)
    return (q[last] - q[middle]) / Double(last - middle)
  }

  /// q(L)/q(L − 1): the factor of the last block.
  static func lastFactor(_ q: [Double]) -> Double { q[q.count - 1] / q[q.count - 2] }
}

/// x².
func sq(_ x: Double) -> Double { x * x }

/// Refuses sizes that cannot fit in this machine's memory, before any work: the largest part is
/// part 1's or 3's runs at the width and batch, or part 2's BatchNorm runs at twice the width and a
/// batch of 128 (`MemoryEstimate.normalization`).
func refuseSizesThatCannotFit(_ options: CommandLineOptions, depth: Int, width: Int, batch: Int) {
  options.requireMemory(width: width, settings: "depth \(depth), batch \(batch), part 2 at twice the width") {
    .normalization(depth: depth, width: $0, batch: batch)
  }
}
