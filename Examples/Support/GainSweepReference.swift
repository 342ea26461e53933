import Micrograd

/// PyTorch's numbers for the PyTorch forum's depth experiment, to print beside ours.
///
/// Measured with PyTorch (float64): 100 layers `Linear(1000, 1000, bias=False)`,
/// `xavier_normal_(gain)`, input `randn(1000, 1000)`, `b.sum().backward()`.
package struct GainSweepReference: Sendable {
  /// The activation of every layer.
  package let activation: Activation
  /// The xavierNormal gain.
  package let gain: Double
  /// The gain as people write it: "5/3", "sqrt(2)", "1".
  package let gainLabel: String
  /// Output std after layer 10 and after layer 100 (intermediate values where they were recorded).
  package let outputStd: [(layer: Int, std: Double)]
  /// Mean |∂L/∂h| of the input (layer 0) and of the outputs of layers 1, 10, 50, 99.
  package let gradientMeanAbs: [(layer: Int, value: Double)]
  /// What happens, in a few words.
  package let verdict: String

  /// The layers at which `gradientMeanAbs` is given (0 is the input).
  package static let gradientLayers = [0, 1, 10, 50, 99]

  /// "tanh 5/3".
  package var name: String { "\(activation.name) \(gainLabel)" }

  private init(
    _ activation: Activation, _ gain: Double, _ gainLabel: String, std: [(Int, Double)], grads: [Double],
    _ verdict: String
  ) {
    self.activation = activation
    self.gain = gain
    self.gainLabel = gainLabel
    self.outputStd = std.map { (layer: $0.0, std: $0.1) }
    self.gradientMeanAbs = zip(GainSweepReference.gradientLayers, grads).map { (layer: $0, value: $1) }
    self.verdict = verdict
  }

  /// The eight configurations of the forum thread, with PyTorch's measurements.
  package static let pytorch: [GainSweepReference] = [
    .init(
      .tanh, 5.0 / 3, "5/3", std: [(10, 0.652), (100, 0.651)], grads: [7.8e3, 8.5e3, 4.0e3, 92, 0.88],
      "stable signal, gradients explode toward the input"),
    .init(
      .tanh, 1, "1", std: [(10, 0.228), (20, 0.161), (100, 0.067)], grads: [5.0e-2, 7.2e-2, 0.19, 0.44, 0.79],
      "signal slowly dies, gradients vanish toward the input"),
    .init(
      .tanh, 1.1, "1.1", std: [(10, 0.335), (20, 0.311), (100, 0.301)], grads: [0.48, 0.66, 1.1, 0.98, 0.83],
      "stable signal, roughly flat gradients"),
    .init(
      .relu, 2.0.squareRoot(), "sqrt(2)", std: [(10, 0.87), (100, 0.69)], grads: [5.3, 5.3, 5.3, 5.1, 0.91],
      "drifts, noisy"),
    .init(
      .selu, 1, "1", std: [(10, 1.00), (100, 1.00)], grads: [26, 25, 18, 4.6, 0.85],
      "self-normalizing signal, gradients grow ~30x"),
    .init(
      .selu, 0.75, "0.75", std: [(10, 0.32), (20, 0.24), (100, 0.21)], grads: [0.29, 0.35, 0.78, 1.2, 0.81],
      "smaller stable signal, flat gradients"),
    .init(
      .sigmoid, 1, "1", std: [(10, 0.12), (100, 0.12)], grads: [0, 0, 0, 2.6e-32, 0.19],
      "stable signal, gradients vanish completely"),
    .init(
      .softsign, 1, "1", std: [(10, 0.063), (100, 0.007)], grads: [4.1e-3, 8.7e-3, 5.8e-2, 0.31, 0.76],
      "signal and gradients die"),
  ]
}
