// The lab's check of LSUV's fit: each layer's numbers on LSUV's batch and on the probe's own inputs.
import ExampleSupport
import Micrograd

/// Each layer's pre-activation variance and output std on `batch`, each pooled over every unit and sample (as
/// `LSUV` pools its variance): u = W·x + b, then h = φ(u), layer after layer.
func layerStatistics(_ network: MLP, on batch: [[Double]]) -> [(variance: Double, std: Double)] {
  var current = batch
  return network.layers.map { layer in
    let (w, b) = (layer.weightMatrix, layer.biasVector ?? Array(repeating: 0, count: layer.outputs))
    let u = current.map { x in zip(w, b).map { row, bias in zip(row, x).reduce(bias) { $0 + $1.0 * $1.1 } } }
    current = u.map { $0.map(layer.activation.function) }
    return (u.flatMap { $0 }.variance, current.flatMap { $0 }.standardDeviation)
  }
}

/// Two cells per layer of the lab's LSUV table: the output std h = φ(u) on LSUV's own `batch` (where u has variance
/// 1), and the pre-activation variance on the probe's `inputs`, which LSUV never saw.
func fitCells(_ network: MLP, batch: [[Double]], inputs: [[Double]]) -> [[Table.Cell]] {
  zip(layerStatistics(network, on: batch), layerStatistics(network, on: inputs)).map {
    [.number($0.std), .number($1.variance)]
  }
}
