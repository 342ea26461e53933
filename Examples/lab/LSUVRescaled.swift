// The lab's LSUV: the network rescaled on a batch, and the table of what it did to each layer.
import ExampleSupport
import Micrograd

/// Rescales the drawn network with LSUV on `samples` N(0, 1) inputs (seed + 1), and shows its report and its fit.
func lsuvRescaled(
  _ drawn: (network: MLP, inputs: [[Double]]), samples: Int, seed: UInt64, into notebook: inout Notebook
) -> MLP {
  var rng = SplitMix64(seed: seed &+ 1)
  let batch = (0..<samples).map { _ in (0..<drawn.network.inputs).map { _ in rng.gaussian() } }
  let report = LSUV().rescale(drawn.network, on: batch)
  let fit = fitCells(drawn.network, batch: batch, inputs: drawn.inputs)
  var table = Table(
    "LSUV on \(batch.count) samples: pre-activation variance and h std per layer, and the variance on the probe's inputs",
    columns: ["layer", "rounds", "before", "after", "h std", "variance on the probe's inputs"])
  for layer in report.layers where layer.layer <= 5 || layer.layer % 10 == 0 || layer.layer == report.layers.count {
    table.append(
      [.integer(layer.layer), .integer(layer.rounds), .number(layer.initialVariance), .number(layer.variance)]
        + fit[layer.layer - 1])
  }
  notebook.table(table)
  return drawn.network
}
