import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// Pictures made of text for a terminal of 100 columns: sparklines, and columns padded to a width.

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
