// The tables, figures and sentences of three-ways, built from what the run measured: a sentence that
// compares or calls a trend is chosen by the numbers (one point is no trend).
import Micrograd

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// One gradient taken three ways: the tape's, the compiler's (nil without `_Differentiation`), and central
/// differences.
struct ThreeGradients {
  var tape: [Double], compiled: [Double]?, differences: [Double]
}

func threeWays(tape: [Double], compiled: [Double]?, differences: [Double]) -> ThreeGradients {
  ThreeGradients(tape: tape, compiled: compiled, differences: differences)
}

/// A cell for a relative error: its digits of agreement ("15.7"), "all" when exact.
func digitsCell(_ error: Double) -> Table.Cell {
  if error == 0 { return "all" }
  guard error.isFinite else { return .number(0, shown: "0") }
  return .number(Swift.max(0, -log10(error)), decimals: 1)
}

/// Each variable's derivative three ways, to 15 digits (the last columns say how far apart they are), and
/// how far the compiler and the differences are from the tape.
func threeWaysTable(_ title: String, names: [String], _ t: ThreeGradients) -> Table {
  var table = Table(
    title,
    columns: ["variable", "our tape", "compiler", "finite differences", "compiler vs tape", "differences vs tape"])
  for (i, name) in names.enumerated() {
    func exact(_ x: Double) -> Table.Cell { .number(x, significant: 15) }
    let compiled: Table.Cell = t.compiled.map { exact($0[i]) } ?? "–"
    let versus: Table.Cell = t.compiled.map { agreementCell(largestDifference([t.tape[i]], [$0[i]])) } ?? "–"
    table.append([
      .text(name), exact(t.tape[i]), compiled, exact(t.differences[i]), versus,
      agreementCell(largestDifference([t.tape[i]], [t.differences[i]])),
    ])
  }
  return table
}

/// How well each pair of ways agrees over a whole gradient.
func agreementTable(_ title: String, _ t: ThreeGradients) -> Table {
  var table = Table(
    title, columns: ["pair", "largest difference, relative to the largest gradient", "digits", "entries identical"])
  var pairs: [(String, [Double], [Double])] = []
  if let compiled = t.compiled { pairs.append(("compiler vs tape", compiled, t.tape)) }
  pairs.append(("finite differences vs tape", t.differences, t.tape))
  if let compiled = t.compiled { pairs.append(("finite differences vs compiler", t.differences, compiled)) }
  for (name, x, y) in pairs {
    let difference = largestDifference(y, x)
    table.append([
      .text(name), agreementCell(difference), digitsCell(difference), .integer(zip(x, y).filter { $0 == $1 }.count),
    ])
  }
  return table
}

/// What the step table shows, in words.
func stepProse(best: (Double, Double), steps: [Double], errors: [Double], chosen: Double) -> String {
  let lost = zip(steps, errors).first { $0.0 < best.0 && $0.1 >= 1e-4 }
  let none = zip(steps, errors).first { $0.1 >= 0.5 }
  return """
    Measured against the tape, the error of central differences is smallest at h = \(g(best.0, 1)): \
    \(g(best.1, 2)), \(d(-log10(best.1), 1)) digits. At h = ∛ε = \(g(step)), chosen before looking, it is \
    \(g(chosen, 2)) (\(d(-log10(chosen), 1)) digits). \
    \(lost.map { "Below the best step the digits go again: at h = \(g($0.0, 1)) only \(d(-log10($0.1), 1)) are left" } ?? "No smaller step lost more than half the digits")\
    \(none.map { ", and at h = \(g($0.0, 1)) none (error \(g($0.1, 2)))." } ?? ".") The tape and the compiler \
    have no step: their only error is rounding, as in the forward pass.
    """
}

/// The sweep as a table: milliseconds per gradient and KiB held, "–" where a way did not run.
func costTable(_ rows: [SweepRow]) -> Table {
  var columns = ["width", "depth", "parameters"]
  for way in Way.allCases {
    columns.append("\(way.rawValue) ms")
    if way != .differences { columns.append("\(way.rawValue) KiB") }
  }
  var table = Table(
    "CPU ms per gradient, and KiB held from the forward pass to the backward pass (tape: the graph; compiled: the pullback)",
    columns: columns)
  for row in rows {
    var cells: [Table.Cell] = [.integer(row.width), .integer(row.depth), .integer(row.parameters)]
    for way in Way.allCases {
      cells.append(row.seconds[way].map { .number($0 * 1e3, significant: 3) } ?? "–")
      if way != .differences { cells.append(row.bytes[way].map { .number(Double($0) / 1024, significant: 3) } ?? "–") }
    }
    table.append(cells)
  }
  return table
}

/// CPU seconds per gradient against parameters, log-log: a dot per size each way ran, and a dashed line for
/// the power law fitted to its larger sizes (`trend`).
func costChart(_ rows: [SweepRow]) -> Chart {
  var chart = Chart(
    title: "Cost of one loss gradient by network size (release build, one run)", xLabel: "parameters",
    yLabel: "CPU seconds per gradient", xScale: .log10, yScale: .log10)
  for (k, way) in Way.allCases.enumerated() {
    let measured = rows.filter { $0.seconds[way] != nil }
    guard !measured.isEmpty else { continue }
    let (xs, ys) = (measured.map { Double($0.parameters) }, measured.map { $0.seconds[way]! })
    chart.addPoints(way.label, xs: xs, ys: ys, color: Chart.palette[k])
    if let fit = fittedLine(rows, way) {
      chart.addLine("", xs: fit.xs, ys: fit.ys, color: Chart.palette[k], dashed: true)
    }
  }
  return chart
}

/// The sizes a way's trend is fitted to: the larger half of those it ran at, at least three.
func fittedRows(_ rows: [SweepRow], _ way: Way) -> ArraySlice<SweepRow> {
  let measured = rows.filter { $0.seconds[way] != nil }
  return measured.suffix(Swift.max(3, (measured.count + 1) / 2))
}

/// The least-squares power law through `fittedRows`, at its two ends; nil when too few sizes ran.
func fittedLine(_ rows: [SweepRow], _ way: Way) -> (xs: [Double], ys: [Double], k: Double)? {
  let fitted = fittedRows(rows, way)
  let (lx, ly) = (fitted.map { log(Double($0.parameters)) }, fitted.map { log($0.seconds[way]!) })
  guard let k = exponent(fitted.map { Double($0.parameters) }, fitted.map { $0.seconds[way]! }) else { return nil }
  let (mx, my) = (lx.reduce(0, +) / Double(lx.count), ly.reduce(0, +) / Double(ly.count))
  let ends = [lx.first!, lx.last!]
  return (ends.map { exp($0) }, ends.map { exp(my + k * ($0 - mx)) }, k)
}

/// "grows like P^1.02 over its 8 largest sizes", or why no trend can be given. The fit leaves out the smaller
/// half of the sizes (at least three stay), where a fixed cost per call hides the growth.
func trend(_ rows: [SweepRow], _ way: Way) -> String {
  let fitted = fittedRows(rows, way)
  guard let k = fittedLine(rows, way)?.k else {
    return "ran at \(fitted.count) size\(fitted.count == 1 ? "" : "s"), too few to call a trend"
  }
  return
    "grows like P^\(d(k, 2)) over its \(fitted.count) largest sizes (\(fitted.first!.parameters)–\(fitted.last!.parameters) parameters)"
}

/// What the sweep shows, in words.
func costProse(_ rows: [SweepRow], budget: Double) -> String {
  var lines = Way.allCases.filter { way in rows.contains { $0.seconds[way] != nil } }.map { way in
    "- \(way.name): \(trend(rows, way))."
  }
  for way in Way.allCases {
    let skipped = rows.filter { $0.skipped[way] != nil }
    guard let first = skipped.first else { continue }
    lines.append(
      "- not run: \(way.name) at \(skipped.count) size\(skipped.count == 1 ? "" : "s") from \(first.parameters) parameters on (\(first.skipped[way]!))."
    )
  }
  return "With P parameters, the time per gradient:\n\n" + lines.joined(separator: "\n")
}

/// The tape's time over `way`'s at each size both ran, with the parameter counts.
func ratios(_ rows: [SweepRow], _ way: Way) -> [(parameters: Int, ratio: Double)] {
  rows.compactMap { row in
    guard let t = row.seconds[.tape], let o = row.seconds[way] else { return nil }
    return (row.parameters, t / o)
  }
}

/// "1.84× faster than the tape" or "2.31× the tape's time" (three digits: 1.04 must not read as 1).
func times(_ ratio: Double) -> String {
  ratio >= 1 ? "\(g(ratio, 3))× faster than the tape" : "\(g(1 / ratio, 3))× the tape's time"
}

/// Where `way` beats the tape, width by width (the compiler's cost is per layer and per array, the tape's per
/// node), in words.
func crossover(_ rows: [SweepRow], _ way: Way) -> String {
  let r = ratios(rows, way)
  guard let last = r.last else { return "\(way.name) did not run" }
  let byWidth = Set(rows.map(\.width)).sorted().map { w in
    (
      width: w,
      ratios: rows.compactMap { row -> Double? in
        guard row.width == w, let t = row.seconds[.tape], let o = row.seconds[way] else { return nil }
        return t / o
      }
    )
  }.filter { !$0.ratios.isEmpty }
  func range(_ xs: [Double]) -> String {
    let (low, high) = (xs.min()!, xs.max()!)
    if low >= 1 { return "\(g(low, 3))× to \(times(high))" }
    if high <= 1 { return "\(g(1 / high, 3))× to \(times(low))" }
    return "from \(times(low)) to \(times(high))"
  }
  var parts: [String] = []
  if byWidth.allSatisfy({ $0.ratios.allSatisfy { $0 > 1 } }) {
    parts.append("faster than the tape at every size both ran, \(range(r.map(\.ratio)))")
  } else if byWidth.allSatisfy({ $0.ratios.allSatisfy { $0 < 1 } }) {
    parts.append("slower than the tape at every size both ran, \(range(r.map(\.ratio)))")
  } else {
    for w in byWidth {
      let verdict =
        w.ratios.allSatisfy { $0 > 1 }
        ? "faster at every depth"
        : w.ratios.allSatisfy { $0 < 1 } ? "slower at every depth" : "faster at some depths, slower at others"
      parts.append("at width \(w.width) \(verdict) (\(range(w.ratios)))")
    }
    if let k = byWidth.indices.first(where: { i in byWidth[i...].allSatisfy { $0.ratios.allSatisfy { $0 > 1 } } }) {
      parts.insert("ahead of the tape at every depth from width \(byWidth[k].width) on", at: 0)
    } else {
      parts.insert("no width from which it is ahead at every depth", at: 0)
    }
  }
  let name = way.name.prefix(1).uppercased() + way.name.dropFirst()
  return "\(name): " + parts.joined(separator: "; ")
    + "; at the largest size it ran, \(last.parameters) parameters, \(times(last.ratio))"
}

/// The conclusions of the run.
func conclusions(
  _ rows: [SweepRow], mlp: ThreeGradients, best: (Double, Double), steps: [Double], stepErrors: [Double]
) -> String {
  var lines: [String] = []
  if let compiled = mlp.compiled {
    let difference = largestDifference(mlp.tape, compiled)
    lines.append(
      "- Agreement: the compiler's gradient of the small MLP is the tape's "
        + (difference == 0 ? "bit for bit" : "to \(d(-log10(difference), 1)) digits (the order of the sums differs)")
        + "; finite differences, at their best step h = \(g(best.0, 1)), promise \(d(-log10(best.1), 1)).")
  } else {
    lines.append(
      "- Agreement: finite differences reach \(d(-log10(best.1), 1)) digits of the tape's gradient at h = \(g(best.0, 1))."
    )
  }
  let half = zip(steps, stepErrors).first { $0.0 < best.0 && -log10($0.1) < -log10(best.1) / 2 }
  let gone = zip(steps, stepErrors).first { $0.1 >= 0.5 }
  lines.append(
    "- Finite differences lose digits on both sides of h = \(g(best.0, 1)): above it to truncation (\(d(-log10(stepErrors[0]), 1)) digits at h = \(g(steps[0], 1))), below it to rounding"
      + (half.map { ", half of them by h = \(g($0.0, 1))" } ?? "") + (gone.map { ", all by h = \(g($0.0, 1))" } ?? "")
      + ".")
  for way in [Way.compiled, .elementwise, .differences] where compilerAvailable || way == .differences {
    lines.append("- " + crossover(rows, way) + ".")
  }
  if !compilerAvailable {
    lines.append("- The compiled gradient: not measured, this toolchain has no `_Differentiation` module.")
  }
  let largest = rows.last { $0.bytes[.tape] != nil && $0.bytes[.compiled] != nil }
  if let row = largest, let tape = row.bytes[.tape], let compiled = row.bytes[.compiled] {
    let perParameter = { (bytes: Int) in g(Double(bytes) / Double(row.parameters), 2) }
    lines.append(
      "- Memory at \(row.parameters) parameters: between the forward and the backward pass the tape holds \(size(Double(tape))) (\(perParameter(tape)) bytes a parameter), the compiler's pullback \(size(Double(compiled))) (\(perParameter(compiled)))"
        + (tape > compiled
          ? ", \(g(Double(tape) / Double(compiled), 2))× less." : ", \(g(Double(compiled) / Double(tape), 2))× more."))
  }
  return lines.joined(separator: "\n")
}
