// The pictures and summaries of the training-diagnostics notebook: every chart, and the numbers main.swift reads off
// a run, are built here from what the runs recorded; main.swift shows the experiment and what it concludes.
import ExampleSupport
import Micrograd

/// The median of `xs` (the mean of the two middle values for an even count; nan for none).
func median(_ xs: [Double]) -> Double {
  guard !xs.isEmpty else { return .nan }
  let sorted = xs.sorted()
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

extension WatchedRun {
  /// At step 0: the std of the first and the last hidden layer's tanh outputs, and the most saturated layer
  /// (1 for the first) with its share of outputs at |t| > 0.97.
  var signal: (first: Double, last: Double, saturated: Double, layer: Int) {
    let shares = first.map { $0.activations.saturatedFraction(threshold: 0.97) }
    let most = shares.indices.max { shares[$0] < shares[$1] }!
    let std = first.map(\.activations.standardDeviation)
    return (std[0], std[std.count - 1], shares[most], most + 1)
  }

  /// At step 0: std(∂loss/∂t) of the first hidden layer over the last's.
  var gradientSpread: Double {
    first[0].gradients.standardDeviation / first[first.count - 1].gradients.standardDeviation
  }

  /// Each Linear's median update:data ratio over the last `window` steps.
  func medians(last window: Int) -> [Double] { ratios.map { median(Array($0.suffix(window))) } }
}

/// The mean of the last `window` values up to each point (fewer at the start): a mini-batch loss, smoothed.
func movingAverage(_ xs: [Double], window: Int) -> [Double] {
  xs.indices.map { i in xs[max(0, i - window + 1)...i].mean }
}

/// "W1–W3, W6" for the (sorted, 0-based) weight matrices `indices`: consecutive ones as a range.
func weightNames(_ indices: [Int]) -> String {
  var parts: [String] = []
  var rest = indices[...]
  while let first = rest.popFirst() {
    var last = first
    while rest.first == last + 1 { last = rest.removeFirst() }
    parts.append(last == first ? "W\(first + 1)" : "W\(first + 1)–W\(last + 1)")
  }
  return parts.joined(separator: ", ")
}

/// Where each weight matrix's update:data ratio sits: the lecture's guide is −3 (an update a thousandth of the
/// weights); "W1–W6 within -3 ± 0.5, W7 above -2.5" names those within `band` of it, below and above.
func ratioVerdict(_ ratios: [Double], band: Double) -> String {
  let (floor, ceiling) = (-3 - band, -3 + band)
  let low = ratios.indices.filter { ratios[$0] < floor }
  let high = ratios.indices.filter { ratios[$0] > ceiling }
  let within = ratios.indices.filter { ratios[$0] >= floor && ratios[$0] <= ceiling }
  var parts: [String] = []
  if !low.isEmpty { parts.append("\(weightNames(low)) below \(floor)") }
  if !within.isEmpty { parts.append("\(weightNames(within)) within -3 ± \(band)") }
  if !high.isEmpty { parts.append("\(weightNames(high)) above \(ceiling)") }
  return parts.joined(separator: ", ")
}

/// "0.951 to 1.052", or "1.046" when both ends read the same.
func span(_ xs: [Double], decimals: Int = 3) -> String {
  let (low, high) = (d(xs.min()!, decimals), d(xs.max()!, decimals))
  return low == high ? low : "\(low) to \(high)"
}

/// The density of `values` in `bins` equal bins over `range`, drawn as a line through the bins' centres, as the
/// lecture plots `hy, hx = torch.histogram(t, density=True)`; returns the share of values outside the range.
@discardableResult
func addDensity(
  _ name: String, of values: [Double], range: ClosedRange<Double>, color: String, to chart: inout Chart
) -> Double {
  let h = Histogram(values, bins: 40, range: range)
  let densities = h.counts.indices.map { Double(h.counts[$0]) / (Double(h.total) * (h.edges[$0 + 1] - h.edges[$0])) }
  chart.addLine(name, xs: h.centers, ys: densities, color: color)
  return Double(h.outside) / Double(values.count)
}

/// One row per start: the densities of every hidden layer's `pick` at step 0 (left) and at the last step (right),
/// binned over `range` (nil: ± 4 times the largest layer's std in the panel, the same bins for every layer); returns
/// the grid and the largest share of a layer's values outside its panel's range.
func histogramGrid(
  _ runs: [WatchedRun], title: String, xLabel: String, range fixed: ClosedRange<Double>? = nil,
  _ pick: (LayerSnapshot) -> [Double]
) -> (grid: ChartGrid, outside: Double) {
  var charts: [Chart] = []
  var outside = 0.0
  for run in runs {
    for (snapshots, when) in [(run.first, "step 0"), (run.last, "step \(run.losses.count - 1)")] {
      var chart = Chart(title: "\(run.start.name), \(when)", xLabel: xLabel, yLabel: "density")
      (chart.width, chart.height) = (500, 300)
      let bound = 4 * snapshots.map { pick($0).standardDeviation }.max()!
      let range = fixed ?? (bound > 0 ? -bound...bound : -1...1)
      for (layer, snapshot) in snapshots.enumerated() {
        let color = Chart.palette[layer % Chart.palette.count]  // layer k's colour in every figure
        outside = max(
          outside, addDensity("layer \(layer + 1)", of: pick(snapshot), range: range, color: color, to: &chart))
      }
      chart.xRange = range
      charts.append(chart)
    }
  }
  return (ChartGrid(title: title, charts: charts, columns: 2), outside)
}

/// One panel per start: the update:data ratio of every Linear's weights at every step (the colour of layer k is
/// that of its histograms), and the lecture's guide line at −3.
func ratioGrid(_ runs: [WatchedRun]) -> ChartGrid {
  let all = runs.flatMap { $0.ratios.joined() }.filter(\.isFinite)
  let range = (all.min() ?? -4).rounded(.down)...(all.max() ?? -2).rounded(.up)
  let charts = runs.map { run in
    var chart = Chart(title: run.start.name, xLabel: "step", yLabel: "log10 std(lr·grad)/std(W)")
    (chart.width, chart.height) = (500, 320)
    let steps = run.ratios[0].indices.map(Double.init)
    for (layer, ratios) in run.ratios.enumerated() {
      chart.addLine("W\(layer + 1)", xs: steps, ys: ratios, color: Chart.palette[layer % Chart.palette.count])
    }
    chart.addLine("−3", xs: [0, steps.last ?? 0], ys: [-3, -3], color: "#000000", dashed: true)
    chart.yRange = range
    return chart
  }
  return ChartGrid(
    title: "Update:data ratio of every Linear's weights, every step (dashed: −3)", charts: charts, columns: 2)
}

/// The training loss of every start, each point the mean of the last 20 batches.
func lossChart(_ runs: [WatchedRun]) -> Chart {
  var chart = Chart(title: "Training loss (mean of the last 20 batches)", xLabel: "step", yLabel: "cross-entropy")
  (chart.width, chart.height) = (640, 340)
  for run in runs {
    chart.addLine(run.start.name, xs: run.losses.indices.map(Double.init), ys: movingAverage(run.losses, window: 20))
  }
  return chart
}

func f(_ x: Double, _ digits: Int = 3) -> String { x.formatted(significant: digits) }

func d(_ x: Double, _ decimals: Int = 2) -> String { x.formatted(decimals: decimals) }

extension Histogram {
  /// The middle of each bin.
  var centers: [Double] { zip(edges, edges.dropFirst()).map { (lo: Double, hi: Double) in 0.5 * (lo + hi) } }
}

/// A sentence for the starts whose loss grew instead of falling (the mean of the last 20 steps above step 0's),
/// or nil when every loss fell: with a learning rate too large for a start, the ranking is not a lesson.
func lossGrew(_ runs: [WatchedRun], learningRate: Double) -> String? {
  let grew = runs.filter { $0.losses.suffix(20).mean > $0.losses[0] }
  guard !grew.isEmpty else { return nil }
  return """
    The loss grew instead of falling (the mean of the last 20 steps above step 0's) for \
    \(grew.map(\.start.name).joined(separator: ", ")): learning rate \(learningRate) is too large for \
    \(grew.count == 1 ? "that start" : "those starts"), and their accuracies compare failed trainings.
    """
}
