// The pictures of the normalization notebook: every chart is built here from measured results,
// so main.swift shows the experiments. (Nothing here computes a number the notebook prints.)
import ExampleSupport
import Foundation
import Micrograd

/// A small panel: each series a line over `xs`.
func panel(
  _ title: String, x: String = "block", y: String, log: Bool = false, _ series: [(String, [Double], [Double])] = []
) -> Chart {
  var chart = Chart(title: title, xLabel: x, yLabel: y, yScale: log ? .log10 : .linear)
  (chart.width, chart.height) = (380, 300)
  for (name, xs, ys) in series { chart.addLine(name, xs: xs, ys: ys) }
  return chart
}

/// 1, 2, …, n as numbers: the x axis of a chart over blocks.
func blockAxis(_ n: Int) -> [Double] { (1...n).map(Double.init) }

/// Part 1: the std of every block's outputs (top row) and their mean |gradient| (bottom row, input first),
/// one panel per normalization, one line per gain.
func gainFigure(_ columns: [(norm: String, runs: [(gain: String, result: NormalizationProbe.Result)])]) -> ChartGrid {
  let top = columns.map { column in
    var chart = panel(
      "\(column.norm) norm: std", y: "std",
      column.runs.map { ("gain \($0.gain)", blockAxis($0.result.outputStd.count), $0.result.outputStd) })
    chart.yRange = 0...1  // one scale for the three panels
    return chart
  }
  let bottom = columns.map { column in
    panel(
      "\(column.norm) norm: mean |grad|", x: "block (0 = input)", y: "mean |dL/dx|", log: true,
      column.runs.map { run in
        let r = run.result
        return (
          "gain \(run.gain)", [0] + blockAxis(r.outputStd.count), [r.inputGradientMeanAbs] + r.layerGradientMeanAbs
        )
      })
  }
  return ChartGrid(
    title: "tanh at four gains: output std (top) and mean |gradient| (bottom), by normalization", charts: top + bottom,
    columns: columns.count)
}

/// Part 2: the RMS gradient of every block (input first), each with its mean-field rate drawn as a
/// dashed line of slope `rate` per block through the measured value at block `anchor`.
func catchFigure(_ runs: [(name: String, result: NormalizationProbe.Result, rate: Double)], anchor: Int) -> Chart {
  var chart = Chart(
    title: "RMS gradient per block with BatchNorm (dashed: the mean-field rate)", xLabel: "block (0 = input)",
    yLabel: "RMS dL/dx", yScale: .log10)
  chart.height = 500
  for (index, run) in runs.enumerated() {
    let r = run.result, color = Chart.palette[index % Chart.palette.count]
    chart.addLine(
      run.name, xs: [0] + blockAxis(r.outputStd.count), ys: [r.inputGradientRMS] + r.layerGradientRMS, color: color)
    let start = r.layerGradientRMS[anchor - 1]
    chart.addLine(
      "", xs: (0...anchor).map(Double.init), ys: (0...anchor).map { start * pow(run.rate, Double(anchor - $0)) },
      color: color, dashed: true)
  }
  return chart
}

/// Part 4: per branch, E[x²] of the stream and E[g²] of its gradient (input first), measured
/// (solid) and derived (dashed), one colour per residual scale.
func residualFigure(_ branches: [[ResidualRun]]) -> ChartGrid {
  var charts: [Chart] = []
  for runs in branches {
    let name = runs[0].branch
    var stream = panel("\(name): E[x²] of the stream", x: "block (0 = input)", y: "E[x²]", log: true)
    var gradient = panel("\(name): E[g²] (last block = 1)", x: "block (0 = input)", y: "E[g²]", log: true)
    for (index, run) in runs.enumerated() {
      let r = run.result, color = Chart.palette[index], xs = [0] + blockAxis(r.outputStd.count)
      stream.addLine(run.scale, xs: xs, ys: run.measuredStream, color: color)
      stream.addLine("", xs: xs, ys: run.stream, color: color, dashed: true)
      gradient.addLine(run.scale, xs: xs, ys: ([r.inputGradientRMS] + r.layerGradientRMS).map { $0 * $0 }, color: color)
      gradient.addLine("", xs: xs, ys: run.gradient, color: color, dashed: true)
    }
    charts += [stream, gradient]
  }
  return ChartGrid(title: "Residual streams without normalization (dashed: derived)", charts: charts, columns: 2)
}

/// The mean of the last `window` values up to each point (fewer at the start): a mini-batch loss, smoothed.
func movingAverage(_ xs: [Double], window: Int) -> [Double] {
  xs.indices.map { i in xs[Swift.max(0, i - window + 1)...i].mean }
}

/// A colour from light blue (the first of `count`) to dark red (the last): depth as a colour.
func depthColor(_ index: Int, of count: Int) -> String {
  let t = count > 1 ? Double(index) / Double(count - 1) : 0
  let (from, to) = ((120.0, 170.0, 230.0), (150.0, 20.0, 40.0))
  func mix(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * t).rounded()) }
  return "rgb(\(mix(from.0, to.0)), \(mix(from.1, to.1)), \(mix(from.2, to.2)))"
}

/// Part 5: the loss of every run, then one panel per run with the update:data ratio of each Linear.
func trainingFigure(_ runs: [TrainingRun]) -> ChartGrid {
  let steps = (0..<runs[0].losses.count).map(Double.init)
  let loss = panel(
    "training loss (mean of 10 batches)", x: "step", y: "loss", log: true,
    runs.map { ($0.name, steps, movingAverage($0.losses, window: 10)) })
  let ratios = runs.map { run in
    var chart = panel("\(run.name): update:data", x: "step", y: "log10 std(update)/std(W)")
    let layers = run.ratios.count
    for (layer, ratios) in run.ratios.enumerated() {
      let named = [0, layers / 2, layers - 1].contains(layer)
      chart.addLine(named ? "W\(layer + 1)" : "", xs: steps, ys: ratios, color: depthColor(layer, of: layers))
    }
    return chart
  }
  return ChartGrid(
    title: "A deep tanh network on moons: loss and update:data ratio per Linear", charts: [loss] + ratios, columns: 3)
}

func f(_ x: Double, _ digits: Int = 3) -> String { x.formatted(significant: digits) }

func d(_ x: Double, _ decimals: Int = 3) -> String { x.formatted(decimals: decimals) }
