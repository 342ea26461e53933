import ExampleSupport
import Foundation
import Micrograd

/// Draws Docs/Performance.md's figure: the CPU seconds of the depth experiment (depth 100,
/// batch 100) against the width, log-log, for our engine, the C loop and PyTorch, from the rows
/// that `reference/pytorch_width.py --json` writes; each engine's exponent k of time ∝ width^k is
/// fitted over its three widest widths, where the width² multiply-adds dominate.
///
///     .build/release/benchmark figure /tmp/widths.json Docs/figures/performance-widths.svg
func widthsFigure(json path: String, svg target: String) {
  guard let data = FileManager.default.contents(atPath: path),
    let rows = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]]
  else {
    printError("benchmark figure: cannot read a JSON list of rows from '\(path)'")
    exit(1)
  }
  var chart = Chart(
    title: "CPU seconds of the depth experiment (depth 100, batch 100) by width", xLabel: "width",
    yLabel: "CPU seconds", xScale: .log10, yScale: .log10)
  let widths = rows.compactMap { ($0["width"] as? NSNumber)?.doubleValue }
  if let lo = widths.min(), let hi = widths.max(), lo > 0 { chart.xRange = lo / 1.2...hi * 1.2 }
  let engines = [
    ("ours", "ours_cpu_seconds", "#1f77b4"), ("C loop", "floor_cpu_seconds", "#2ca02c"),
    ("PyTorch (float64, 1 thread)", "pytorch_seconds", "#d62728"),
  ]
  for (name, key, color) in engines {
    let points: [(width: Double, seconds: Double)] = rows.compactMap { row in
      guard let width = (row["width"] as? NSNumber)?.doubleValue, let seconds = (row[key] as? NSNumber)?.doubleValue,
        seconds > 0
      else { return nil }
      return (width, seconds)
    }
    guard points.count >= 2 else { continue }
    let wide = Array(points.suffix(3))
    let line = leastSquaresLine(wide.map { log($0.width) }, wide.map { log($0.seconds) })
    let k = line.b.formatted(decimals: 2)
    chart.addLine(name, xs: points.map(\.width), ys: points.map(\.seconds), color: color)
    let ends = [wide[0].width, wide[wide.count - 1].width]
    chart.addLine(
      "\(name): time ∝ width^\(k)", xs: ends, ys: ends.map { exp(line.a + line.b * log($0)) }, color: color,
      dashed: true)
    print("\(name): exponent \(k) over widths \(wide.map { Int($0.width) })")
  }
  write(chart, to: target, tool: "benchmark")
  print("wrote \(target)")
}
