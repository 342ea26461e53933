// The isometry notebook's helpers: the rows and pictures of its spectrum experiments.
import ExampleSupport
import Foundation
import Micrograd

/// One measured network of the spectrum experiments, with the theory for its distribution.
struct SpectrumRun {
  /// "Gaussian", "orthogonal", "LSUV".
  var label: String
  var depth: Int
  var result: SpectrumProbe.Result
  /// ∏χ₁ and the free-probability spread for the initializer's distribution.
  var theory: JacobianPrediction

  /// Measures `initializer` at `depth` with the notebook's width, samples and seed; the theory
  /// is that of weights with variance gain²/N and the given weight spread (1 Gaussian, 0 orthogonal).
  init(
    _ label: String, _ activation: Activation, _ initializer: WeightInitializer, gain: Double, weightSpread: Double,
    depth: Int, width: Int, samples: Int, seed: UInt64
  ) {
    self.label = label
    self.depth = depth
    result = SpectrumProbe(
      .init(
        activation: activation, initializer: initializer, depth: depth, width: width, samples: samples, seed: seed)
    ).run()
    theory = JacobianPrediction(
      activation: activation, weightVariance: gain * gain, weightSpread: weightSpread, depth: depth)
  }

  /// A run of a network built elsewhere; the theory is the prediction for its own weights.
  init(_ label: String, depth: Int, result: SpectrumProbe.Result) {
    (self.label, self.depth, self.result, theory) = (label, depth, result, result.prediction)
  }

  /// The smallest rank over the inputs (NumPy's threshold: σ > σ₁·N·ε).
  var rank: Int { result.spectra.map { $0.singularValues.rank() }.min() ?? 0 }
  var width: Int { result.spectra[0].singularValues.values.count }
}

/// "12%", "−45%": how far a measurement is from a prediction.
func deviation(_ measured: Double, from predicted: Double) -> String {
  let d = measured / predicted - 1
  return (d >= 0 ? "+" : "−") + (100 * Swift.abs(d)).formatted(decimals: 0) + "%"
}

/// σ₁/σ_N for a table: a number, or "> 1e13 (singular)" when σ_N is below float64's resolution.
func conditionCell(_ run: SpectrumRun) -> Table.Cell {
  run.rank < run.width ? .text("singular") : .number(run.result.conditionNumber, significant: 2)
}

/// The table of a spectrum experiment: measured against predicted, row by row.
func spectrumTable(_ title: String, _ runs: [SpectrumRun]) -> Table {
  var table = Table(
    title,
    columns: [
      "weights", "depth", "mean σ²", "∏χ₁ (theory)", "off by", "spread", "spread (theory)", "σ₁/σ_N (median)", "rank",
    ])
  for run in runs {
    table.append([
      .text(run.label), .integer(run.depth), .number(run.result.meanSquare, significant: 3),
      .number(run.theory.meanSquare, significant: 3),
      .text(deviation(run.result.meanSquare, from: run.theory.meanSquare)),
      .number(run.result.spread, significant: 3), .number(Swift.max(0, run.theory.spread), significant: 3),
      conditionCell(run), .text("\(run.rank) of \(run.width)"),
    ])
  }
  return table
}

/// Overlaid histograms of log₁₀ σ² (σ²/mean σ², so every run is centred the same way), leaving
/// out the values below float64's resolution (σ ≤ σ₁·N·ε): returns the chart and how many were left out.
func spectrumHistograms(_ runs: [SpectrumRun], title: String) -> (chart: Chart, leftOut: Int) {
  var leftOut = 0
  var items: [(name: String, histogram: Histogram)] = []
  var all: [[Double]] = []
  for run in runs {
    var values: [Double] = []
    for spectrum in run.result.spectra {
      let s = spectrum.singularValues
      let floor = s.largest * Double(s.values.count) * Double.ulpOfOne
      for sigma in s.values {
        if sigma > floor {
          values.append(log(sigma * sigma / spectrum.meanSquare) / log(10))
        } else {
          leftOut += 1
        }
      }
    }
    all.append(values)
  }
  let lo = (all.flatMap { $0 }.min() ?? -1).rounded(.down)
  let hi = Swift.max(1, (all.flatMap { $0 }.max() ?? 1).rounded(.up))
  for (run, values) in zip(runs, all) {
    items.append((name: "\(run.label), depth \(run.depth)", histogram: Histogram(values, bins: 48, range: lo...hi)))
  }
  var chart = Chart.histograms(items, title: title, xLabel: "log10(σ² / mean σ²)")
  chart.height = 360
  return (chart, leftOut)
}

/// Spread against depth: measured as points; the free-probability prediction as a dashed line at
/// every depth (the partial sums of the deepest run's per-layer spreads); and N − 1, the most that
/// N numbers can spread (all of the trace in one of them).
func spreadChart(_ runs: [SpectrumRun], title: String) -> Chart {
  var chart = Chart(
    title: title, xLabel: "depth", yLabel: "Var(σ²) / mean(σ²)²", xScale: .log10, yScale: .log10)
  let labels = runs.map(\.label).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
  for (index, label) in labels.enumerated() {
    let mine = runs.filter { $0.label == label }
    let color = Chart.palette[index % Chart.palette.count]
    chart.addPoints(
      "\(label), measured", xs: mine.map { Double($0.depth) }, ys: mine.map(\.result.spread), color: color)
    let deepest = mine.max { $0.depth < $1.depth }!.theory
    var partial = 0.0
    let spreads = zip(deepest.slopeSpreads, deepest.weightSpreads).map { a, b in
      partial += a + b
      return partial
    }
    chart.addLine(
      "\(label), theory", xs: spreads.indices.map { Double($0 + 1) }, ys: spreads, color: color, dashed: true)
  }
  let n = Double(runs[0].width)
  chart.addLine(
    "N − 1 (the most possible)", xs: [1, Double(runs.map(\.depth).max()!)], ys: [n - 1, n - 1], color: "#888888")
  chart.yRange = 1e-2...1e3
  chart.height = 380
  return chart
}

/// The same experiment with Gaussian weights (`gaussian`, weight spread 1) and orthogonal ones
/// (gain `gain`, weight spread 0) at every depth, Gaussian first.
func gaussianAndOrthogonal(
  _ activation: Activation, gaussian: WeightInitializer, gain: Double, depths: [Int], width: Int, samples: Int,
  seed: UInt64
) -> [SpectrumRun] {
  depths.flatMap { depth in
    [
      SpectrumRun(
        "Gaussian", activation, gaussian, gain: gain, weightSpread: 1, depth: depth, width: width, samples: samples,
        seed: seed),
      SpectrumRun(
        "orthogonal", activation, .orthogonal(gain: gain), gain: gain, weightSpread: 0, depth: depth, width: width,
        samples: samples, seed: seed),
    ]
  }
}

func f(_ x: Double, _ digits: Int = 3) -> String { x.formatted(significant: digits) }

/// How a spread changes from the shallowest depth to the deepest: more than 1.5× up grows, more than 1.5×
/// down shrinks, in between steady; not defined where a Jacobian had no nonzero singular value (0/0, nan).
enum Trend {
  case grows, shrinks, steady, undefined

  init(_ values: [Double]) {
    guard let first = values.first, let last = values.last, first.isFinite, last.isFinite else {
      self = .undefined
      return
    }
    self = last > 1.5 * first && last > 0 ? .grows : last < first / 1.5 ? .shrinks : .steady
  }

  /// The trend of the spreads of `runs`' networks labelled `label`, from the shallowest to the deepest.
  init(_ runs: [SpectrumRun], _ label: String) {
    self.init(runs.filter { $0.label == label }.map(\.result.spread))
  }

  /// "grows with depth", …, for a sentence.
  var verb: String {
    switch self {
    case .grows: "grows with depth"
    case .shrinks: "shrinks with depth"
    case .steady: "stays within 1.5× over depth"
    case .undefined: "is not defined (every singular value 0)"
    }
  }
}

/// The verdict on ReLU's spectra: no isometry where the spread grows with depth with both weights, and otherwise
/// what the spreads did at this width.
func reluVerdict(_ runs: [SpectrumRun]) -> String {
  let (gaussian, orthogonal) = (Trend(runs, "Gaussian"), Trend(runs, "orthogonal"))
  return gaussian == .grows && orthogonal == .grows
    ? "**ReLU has no isometry.** Its spread grows with depth with either weights"
    : "**ReLU** at this width: its spread \(gaussian.verb) with Gaussian weights and \(orthogonal.verb) with orthogonal ones"
}
