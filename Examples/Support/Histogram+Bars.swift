import Micrograd

extension Histogram {
  /// The histogram as horizontal bars, one line per bin: the bin's range, a bar of `█`
  /// scaled so that the fullest bin is `width` characters long, and the count.
  ///
  /// ```
  /// [-1.00, -0.90)  ████████████████████████  412
  /// [-0.90, -0.80)  ███                        51
  /// ```
  package func bars(width: Int = 50, decimals: Int = 2) -> String {
    let largest = counts.max() ?? 0
    let labels = counts.indices.map { i in
      let close = i == counts.count - 1 ? "]" : ")"
      return "[\(edges[i].formatted(decimals: decimals)), \(edges[i + 1].formatted(decimals: decimals))\(close)"
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
