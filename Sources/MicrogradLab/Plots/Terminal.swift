import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// Pictures made of text: histograms, sparklines and tables for a terminal of 100 columns.

extension Histogram {
  /// The histogram as horizontal bars, one line per bin: the bin's range, a bar of `█`
  /// scaled so that the fullest bin is `width` characters long, and the count.
  ///
  /// ```
  /// [-1.00, -0.90)  ████████████████████████  412
  /// [-0.90, -0.80)  ███                        51
  /// ```
  public func bars(width: Int = 50, decimals: Int = 2) -> String {
    let largest = counts.max() ?? 0
    let labels = counts.indices.map { i in
      let close = i == counts.count - 1 ? "]" : ")"
      return "[\(formatted(edges[i], decimals: decimals)), \(formatted(edges[i + 1], decimals: decimals))\(close)"
    }
    let labelWidth = labels.map(\.count).max() ?? 0
    let countWidth = counts.map { String($0).count }.max() ?? 1
    var lines: [String] = []
    for i in counts.indices {
      // Eighths of a block give a smooth end to each bar.
      let eighths = largest == 0 ? 0 : Int((Double(counts[i]) / Double(largest) * Double(width) * 8).rounded())
      var bar = String(repeating: "█", count: eighths / 8)
      if eighths % 8 > 0 { bar.append(partialBlocks[eighths % 8]) }
      lines.append(
        labels[i].padded(toWidth: labelWidth) + "  " + bar.padded(after: width) + "  "
          + (String(counts[i])).padded(toWidth: countWidth))
    }
    return lines.joined(separator: "\n")
  }
}

/// Left-partial blocks: index k is k eighths of a cell.
private let partialBlocks: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

/// The eight bar heights a sparkline uses, lowest first.
private let sparkBlocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

/// A one-line chart: each number becomes one of ▁▂▃▄▅▆▇█, scaled between the smallest
/// and largest finite value (all equal values draw as ▄; NaN and ±inf as a space). With
/// `log10`, the scale is logarithmic and values ≤ 0 draw as a space, which suits gradients
/// spanning many powers of ten.
///
/// ```swift
/// print(Sparkline([1, 2, 3, 4, 5, 6, 7, 8]))   // ▁▂▃▄▅▆▇█
/// ```
public struct Sparkline: Sendable, CustomStringConvertible {
  /// The numbers, one character each.
  var values: [Double]
  /// Whether the scale is logarithmic.
  var log10: Bool

  /// A sparkline of `values`.
  public init(_ values: [Double], log10: Bool = false) {
    self.values = values
    self.log10 = log10
  }

  /// The characters.
  public var description: String {
    let mapped = values.map { x -> Double in
      guard log10 else { return x }
      return x > 0 ? Math.log(x) / Math.log(10) : .nan
    }
    let finite = mapped.filter(\.isFinite)
    guard let lo = finite.min(), let hi = finite.max() else {
      return String(repeating: " ", count: values.count)
    }
    return String(
      mapped.map { x -> Character in
        guard x.isFinite else { return " " }
        if hi == lo { return sparkBlocks[3] }
        let level = Int(((x - lo) / (hi - lo) * 7).rounded())
        return sparkBlocks[Swift.max(0, Swift.min(7, level))]
      })
  }
}

extension String {
  /// This text with spaces in front to make it `width` characters long (a right-aligned column).
  public func padded(toWidth width: Int) -> String {
    String(repeating: " ", count: Swift.max(0, width - count)) + self
  }

  /// This text with spaces after it to make it `width` characters long (a left-aligned column).
  public func padded(after width: Int) -> String {
    self + String(repeating: " ", count: Swift.max(0, width - count))
  }
}
