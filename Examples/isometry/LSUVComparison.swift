// The isometry notebook's LSUV experiment: LSUV against PyTorch's formula for one activation.
import ExampleSupport
import Micrograd

/// LSUV (measuring before and after φ) and the formula's initializer, on the gain-sweep probe.
struct LSUVComparison {
  var activation: Activation
  /// LSUV's report measuring pre-activations (the authors' way), and measuring φ(u).
  var before: LSUV.Report
  var after: LSUV.Report
  /// kaimingNormal(nonlinearity:) where PyTorch has a gain, else xavierNormal(gain: 1).
  var formulaName: String
  /// The gain-sweep probe on LSUV's network (pre-activations) and on the formula's.
  var lsuv: GainSweepProbe.Result
  var formula: GainSweepProbe.Result

  init(_ activation: Activation, depth: Int, width: Int, batch: Int, seed: UInt64, lsuvBatch: [[Double]]) {
    self.activation = activation
    let pytorchGain = try? calculateGain(activation)
    let formula: WeightInitializer =
      pytorchGain == nil ? .xavierNormal(gain: 1) : .kaimingNormal(nonlinearity: activation)
    formulaName =
      pytorchGain.map { "kaimingNormal (gain \(($0).formatted(significant: 3)))" }
      ?? "xavierNormal(gain: 1), no formula"
    let probe = GainSweepProbe(
      .init(
        activation: activation, initializer: .orthogonal(gain: 1), depth: depth, width: width, batch: batch, seed: seed)
    )
    let network = probe.draw().network
    before = LSUV().rescale(network, on: lsuvBatch)
    after = LSUV(measuring: .output).rescale(probe.draw().network, on: lsuvBatch)
    lsuv = probe.run(network)
    self.formula = GainSweepProbe(
      .init(activation: activation, initializer: formula, depth: depth, width: width, batch: batch, seed: seed)
    ).run()
  }

  /// A row of the LSUV table: rounds, variances, convergence.
  func reportCells(_ report: LSUV.Report, measuring: String) -> [Table.Cell] {
    let rounds = report.layers.map(\.rounds)
    let variances = report.layers.map(\.variance)
    return [
      .text(activation.name), .text(measuring),
      .text(
        "\(rounds.filter { $0 == 0 }.count) / \(rounds.filter { $0 == 1 }.count) / \(rounds.filter { $0 > 1 }.count)"),
      .text("\((variances.min()!).formatted(significant: 3)) – \((variances.max()!).formatted(significant: 3))"),
      .text(report.converged ? "yes" : "\(report.layers.filter { !$0.converged }.count) layers not"),
    ]
  }

  /// The two rows of the probe table: std at layers 1, L/2, L and the input's mean |gradient|.
  var sweepRows: [[Table.Cell]] {
    [("LSUV", lsuv), (formulaName, formula)].map { name, result in
      let depth = result.outputStd.count
      return [
        .text(activation.name), .text(name), .number(result.outputStd[0]), .number(result.outputStd[depth / 2 - 1]),
        .number(result.outputStd[depth - 1]), .number(result.inputGradientMeanAbs, significant: 2),
      ]
    }
  }

  /// The output std of every layer, LSUV and the formula, on a log scale.
  var chart: Chart {
    var chart = Chart(title: activation.name, xLabel: "layer", yLabel: "output std", yScale: .log10)
    for (name, result) in [("LSUV", lsuv), (formulaName, formula)] {
      chart.addLine(name, xs: result.outputStd.indices.map { Double($0 + 1) }, ys: result.outputStd)
    }
    chart.height = 300
    return chart
  }
}

extension LSUVComparison {
  /// The two tables of the experiment: LSUV's reports on its batch, and the gain-sweep probe.
  static func tables(_ comparisons: [LSUVComparison], batch: Int, depth: Int, width: Int) -> (lsuv: Table, probe: Table)
  {
    var lsuv = Table(
      "LSUV on its batch (\(batch) samples, depth \(depth), width \(width)): tolerance 0.1, at most 10 rounds per layer",
      columns: ["activation", "measuring", "rounds (layers with 0 / 1 / more)", "variance, min–max", "converged"])
    var probe = Table(
      "The gain-sweep probe on LSUV's network and on the formula's (its own \(batch) inputs, not LSUV's batch)",
      columns: [
        "activation", "weights", "std, layer 1", "std, layer \(depth / 2)", "std, layer \(depth)", "mean |∂L/∂x|",
      ])
    for c in comparisons {
      lsuv.append(c.reportCells(c.before, measuring: "pre-activations"))
      lsuv.append(c.reportCells(c.after, measuring: "outputs φ(u)"))
      for row in c.sweepRows { probe.append(row) }
    }
    return (lsuv, probe)
  }
}
