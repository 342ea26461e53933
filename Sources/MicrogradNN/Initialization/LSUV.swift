import MicrogradEngine
import MicrogradSupport

/// Layer-sequential unit-variance initialization: an initializer that looks at data
/// (Mishkin & Matas 2016, "All you need is a good init", Algorithm 1).
///
/// Instead of deriving a gain for each activation (`calculateGain`), measure:
///
///     start from orthonormal weights (Saxe et al. 2014)            — `.orthogonal(gain: 1)`
///     for each layer l = 1 … L, in order:
///       repeat
///         forward the batch to layer l, v = Var(its outputs)
///         if |v − 1| < tolerance or `maxRounds` rescalings were made: stop
///         W_l ← W_l / √v
///
/// The variance is taken over every unit and sample of the layer's **pre-activations** u = W·x + b
/// by default: the output of the "inner-product layer", as the authors' own implementation
/// (`LSUV-pytorch`, a forward hook on `nn.Linear`) measures it. A bias-free layer's u is linear
/// in W, so one rescaling lands exactly on 1. With biases that differ between units,
/// Var(c·Wx + b) ≈ c²·Var(Wx) + Var(b): each round closes the gap by a factor of about Var(b), so
/// it takes several. Measured after the nonlinearity (`.output`) it takes several too, and for a
/// bounded φ such as tanh, whose output variance stays below 1, it never arrives. The biases are
/// left as they are.
///
/// Because it takes a batch, LSUV is not a `WeightInitializer` case (those draw one matrix alone):
///
/// ```swift
/// var rng = SplitMix64(seed: 0)
/// let batch = (0..<64).map { _ in (0..<32).map { _ in rng.gaussian() } }
/// let (net, report) = LSUV().network(inputs: 32, sizes: [32, 32, 32], activation: .gelu,
///                                    bias: false, batch: batch, using: &rng)
/// report.layers.map(\.rounds)      // at most 1 each: bias-free pre-activations are linear in W
/// report.layers.map(\.variance)    // each within 0.1 of 1
/// ```
///
/// Deterministic: the same generator state and batch give the same weights, bit for bit.
public struct LSUV: Sendable, Hashable {
  /// Which numbers of a layer must have variance 1.
  public enum Measurement: Sendable, Hashable {
    /// u = W·x + b, before the nonlinearity (the authors' implementation).
    case preActivation
    /// φ(u), the layer's output after the nonlinearity.
    case output
  }

  /// What LSUV did to one layer.
  public struct LayerReport: Sendable, Hashable {
    /// The layer, from 1.
    public var layer: Int
    /// How many times the weights were divided by √v (0: the start was already within tolerance).
    public var rounds: Int
    /// The variance on the batch before the first rescaling.
    public var initialVariance: Double
    /// The variance on the batch after the last rescaling.
    public var variance: Double
    /// The product of the factors the weights were multiplied by.
    public var scale: Double
    /// Whether |variance − 1| < tolerance.
    public var converged: Bool
  }

  /// What LSUV did, layer by layer.
  public struct Report: Sendable, Hashable {
    /// One entry per layer, first layer first.
    public var layers: [LayerReport]
    /// Whether every layer reached the tolerance.
    public var converged: Bool { layers.allSatisfy(\.converged) }
  }

  /// Stop when |Var − 1| < tolerance (the paper's Tol_var; 0.1 in the authors' code).
  var tolerance: Double
  /// At most this many rescalings per layer (the paper's T_max, 10).
  var maxRounds: Int
  /// Which numbers are measured.
  var measuring: Measurement

  /// LSUV with the authors' defaults: tolerance 0.1, at most 10 rounds, pre-activations.
  public init(tolerance: Double = 0.1, maxRounds: Int = 10, measuring: Measurement = .preActivation) {
    require(tolerance.isFinite && tolerance > 0, "LSUV: tolerance must be a positive number (got \(tolerance))")
    require(maxRounds >= 0, "LSUV: maxRounds must be at least 0 (got \(maxRounds))")
    self.tolerance = tolerance
    self.maxRounds = maxRounds
    self.measuring = measuring
  }

  /// An MLP drawn with `.orthogonal(gain: 1)` (biases: zeros), then rescaled on `batch`.
  /// The arguments are `MLP`'s; `rng` draws the orthogonal matrices, layer after layer.
  func network(
    inputs: Int, sizes: [Int], activations: [Activation], bias: Bool = true, batch: [[Double]],
    using rng: inout some RandomNumberGenerator
  ) -> (network: MLP, report: Report) {
    let network = MLP(
      inputs: inputs, sizes: sizes, activations: activations, bias: bias, initializer: .orthogonal(gain: 1),
      using: &rng)
    return (network, rescale(network, on: batch))
  }

  /// The same with one activation for the hidden layers and one for the last (MLP's defaults:
  /// ReLU, then linear).
  public func network(
    inputs: Int, sizes: [Int], activation: Activation = .relu, outputActivation: Activation = .identity,
    bias: Bool = true, batch: [[Double]], using rng: inout some RandomNumberGenerator
  ) -> (network: MLP, report: Report) {
    let activations = sizes.indices.map { $0 == sizes.count - 1 ? outputActivation : activation }
    return network(inputs: inputs, sizes: sizes, activations: activations, bias: bias, batch: batch, using: &rng)
  }

  /// Rescales the weights of `network` in place, layer after layer, so that each layer's
  /// pre-activations (or outputs) on `batch` have variance 1 within the tolerance. Whatever
  /// the weights were (orthogonal in the paper), only their scale changes.
  ///
  /// - Precondition: at least 2 samples, each with `network.inputs` finite numbers.
  @discardableResult
  public func rescale(_ network: MLP, on batch: [[Double]]) -> Report {
    require(batch.count >= 2, "LSUV: the batch needs at least 2 samples for a variance (got \(batch.count))")
    for (s, x) in batch.enumerated() {
      require(
        x.count == network.inputs, "LSUV: sample \(s) has length \(x.count), the network takes \(network.inputs) inputs"
      )
      require(x.allSatisfy(\.isFinite), "LSUV: sample \(s) has a number that is not finite")
    }
    var current = batch
    var reports: [LayerReport] = []
    for (index, layer) in network.layers.enumerated() {
      // u = c·(W·x) + b for the scale c tried: W·x is computed once per layer, each round only rescales it.
      let w = layer.weightMatrix
      let b = layer.biasVector ?? Array(repeating: 0, count: layer.outputs)
      let products = current.map { x in w.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } } }
      func outputs(scale c: Double) -> [[Double]] { products.map { z in zip(z, b).map { c * $0 + $1 } } }
      func variance(scale c: Double) -> Double {
        let u = outputs(scale: c).flatMap { $0 }
        return measuring == .preActivation ? u.variance : u.map(layer.activation.function).variance
      }
      var report = LayerReport(
        layer: index + 1, rounds: 0, initialVariance: variance(scale: 1), variance: 0, scale: 1, converged: false)
      report.variance = report.initialVariance
      while Swift.abs(report.variance - 1) >= tolerance, report.rounds < maxRounds, report.variance.isFinite,
        report.variance > 0
      {
        report.scale /= report.variance.squareRoot()
        report.rounds += 1
        report.variance = variance(scale: report.scale)
      }
      report.converged = Swift.abs(report.variance - 1) < tolerance
      reports.append(report)
      if report.scale != 1 { layer.scaleWeights(by: report.scale) }
      current = outputs(scale: report.scale).map { $0.map(layer.activation.function) }
    }
    return Report(layers: reports)
  }
}
