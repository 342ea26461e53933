// The checklist tanh-saturation walks through, and the views of a run it reads.
import Micrograd

extension SaturationProbe {
  /// The usual checklist as four cumulative stages: the bad network, then with Xavier
  /// initialization (Glorot's original, gain 1: "Var(W) ~ 1/fan_in"), then with
  /// standardized inputs, then with zero bias. (With PyTorch's tanh gain 5/3, tuned for deep
  /// stacks, the fixed first layer is about 2% saturated instead of 0.1%.)
  static func stages(_ base: Configuration = Configuration()) -> [(name: String, configuration: Configuration)] {
    var c = base
    var result = [(name: "bad: raw inputs, N(0,1) weights, bias \(c.bias.formatted(significant: 3))", configuration: c)]
    c.initializer = .xavierNormal(gain: 1)
    result.append((name: "+ Xavier init", configuration: c))
    c.standardizeInputs = true
    result.append((name: "+ standardized inputs", configuration: c))
    c.bias = 0
    result.append((name: "+ zero bias", configuration: c))
    return result
  }
}

extension SaturationProbe.Result {
  /// The first hidden layer's statistics.
  var firstLayer: LayerStatistics { statistics[0] }
  /// Mean |∂L/∂W| of the first layer.
  var firstWeightGradientMeanAbs: Double { statistics[0].weightGradientMeanAbs }
  /// Mean |∂L/∂W| of the last (output) layer.
  var lastWeightGradientMeanAbs: Double { statistics[statistics.count - 1].weightGradientMeanAbs }
}

extension ForwardTrace {
  /// The activations of layer `layer` (1 for the first) as numbers, sample by sample.
  func activationData(layer: Int) -> [[Double]] { layers[layer - 1].activations.map { $0.map(\.data) } }
}

extension SaturationMap {
  /// The units saturated for every sample.
  var deadUnits: [Int] { saturated.indices.filter { !saturated[$0].isEmpty && saturated[$0].allSatisfy { $0 } } }
}
