import MicrogradEngine
import MicrogradNN
import MicrogradSupport

/// A forward pass through a stack of layers on a batch, with every layer's pre-activations
/// and activations kept as `Value`s, so that after `backward()` you can read the gradient
/// of each layer's output and of its weights: Karpathy's "makemore part 3" diagnostics.
///
/// ```swift
/// let trace = ForwardTrace(mlp, inputs: batch)          // or ForwardTrace(layers: …)
/// let loss = Value.sum(trace.outputs.flatMap { $0 })     // any loss built from the outputs
/// loss.backward()
/// for s in trace.statistics() { print(s.layer, s.std, s.saturatedFraction, s.gradientMeanAbs) }
/// ```
///
/// Each layer runs exactly as `Layer.callAsFunction(batch:)` does: one node per neuron per
/// sample, the nodes an `MLP` builds on a batch, with the gradients landing in the layers' own
/// weights. The pre-activations u are kept as numbers.
///
/// It holds graph nodes, so it is not `Sendable`.
public final class ForwardTrace {
  /// One layer of the traced pass.
  public struct LayerRecord {
    /// The layer (its weights are the network's own `Value`s).
    public let layer: Layer
    /// `preActivations[sample][unit]`: u = W·x + b, as numbers.
    public let preActivations: [[Double]]
    /// `activations[sample][unit]`: h = φ(u), the layer's output.
    public let activations: [[Value]]
  }

  /// The inputs as leaves, `inputs[sample][feature]` (their `grad` is ∂loss/∂x after backward).
  public let inputs: [[Value]]
  /// Every layer, first to last.
  public let layers: [LayerRecord]

  /// The last layer's activations, `outputs[sample][unit]`: build the loss from these.
  public var outputs: [[Value]] { layers[layers.count - 1].activations }

  /// Runs `inputs[sample][feature]` through `layers`, recording everything.
  ///
  /// - Precondition: at least one layer and one sample; each sample has `layers[0].inputs`
  ///   features, and each layer takes as many inputs as the previous one has outputs.
  init(layers: [Layer], inputs: [[Double]]) {
    require(!layers.isEmpty, "ForwardTrace: layers must not be empty")
    require(!inputs.isEmpty, "ForwardTrace: inputs must have at least one sample")
    self.inputs = inputs.map { sample in sample.map { Value($0) } }
    var records: [LayerRecord] = []
    var current = self.inputs
    for (index, layer) in layers.enumerated() {
      for sample in current {
        require(
          sample.count == layer.inputs,
          "ForwardTrace: layer \(index + 1) expects \(layer.inputs) inputs (got \(sample.count))")
      }
      let (h, u) = layer.outputsAndPreActivations(batch: current)
      records.append(LayerRecord(layer: layer, preActivations: u, activations: h))
      current = h
    }
    self.layers = records
  }

  /// Runs `inputs[sample][feature]` through the layers of `network`.
  convenience init(_ network: MLP, inputs: [[Double]]) {
    self.init(layers: network.layers, inputs: inputs)
  }

  /// Calls `backward()` on the sum of all outputs (the forum experiment's loss) and returns it.
  @discardableResult
  func backwardSumOfOutputs() -> Value {
    let loss = Value.sum(outputs.flatMap { $0 })
    loss.backward()
    return loss
  }

  /// The per-layer statistics of this pass; the gradient columns are meaningful after
  /// `backward()` of a loss built from `outputs`.
  public func statistics(saturationThreshold: Double = 0.97) -> [LayerStatistics] {
    layers.enumerated().map { index, record in
      LayerStatistics(layer: index + 1, record: record, saturationThreshold: saturationThreshold)
    }
  }

  /// The activations of layer `layer` (1 for the first) as numbers, sample by sample.
  ///
  /// - Precondition: `layer` is in `1...layers.count`.
  func activationData(layer: Int) -> [[Double]] { record(layer).activations.map { $0.map(\.data) } }

  /// ∂loss/∂h for layer `layer` (1 for the first), sample by sample.
  ///
  /// - Precondition: `layer` is in `1...layers.count`.
  func activationGradients(layer: Int) -> [[Double]] { record(layer).activations.map { $0.map(\.grad) } }

  /// The first layer whose pre-activations u or outputs h are not all finite (∞ or NaN), or nil: where the forward
  /// pass overflowed a `Double`. Beyond it the numbers mean nothing (ReLU turns a NaN into 0, so a layer past the
  /// explosion can look dead), and neither does any gradient, since every gradient comes back through it.
  var forwardOverflowLayer: Int? {
    layers.firstIndex { record in
      !record.preActivations.allSatisfy { $0.allSatisfy(\.isFinite) }
        || !record.activations.allSatisfy { $0.allSatisfy(\.data.isFinite) }
    }.map { $0 + 1 }
  }

  /// When the forward pass stayed finite, the layer nearest the output whose output gradients ∂loss/∂h or weight
  /// gradients are not all finite, or nil: where the backward pass overflowed on its way from the loss to the
  /// inputs (every layer before it then has ∞ or NaN gradients too). Meaningful after `backward()`.
  var backwardOverflowLayer: Int? {
    guard forwardOverflowLayer == nil else { return nil }
    return layers.lastIndex { record in
      !record.activations.allSatisfy { $0.allSatisfy(\.grad.isFinite) }
        || !(record.layer.weightGradients ?? []).allSatisfy { $0.allSatisfy(\.isFinite) }
    }.map { $0 + 1 }
  }

  private func record(_ layer: Int) -> LayerRecord {
    require(
      (1...layers.count).contains(layer),
      "ForwardTrace: layer must be between 1 and \(layers.count) (got \(layer))")
    return layers[layer - 1]
  }
}

/// The numbers Karpathy prints per layer, for one layer of a `ForwardTrace`.
public struct LayerStatistics: Sendable {
  /// The layer's number, 1 for the first.
  public let layer: Int
  /// The layer's activation.
  public let activation: Activation
  /// Mean of the pre-activations u over the batch.
  public let preActivationMean: Double
  /// Std of the pre-activations u over the batch.
  public let preActivationStd: Double
  /// Mean of the outputs h.
  public let mean: Double
  /// Std of the outputs h.
  public let std: Double
  /// Share of outputs with |h| > the threshold (0.97 by default): saturated tanh units.
  public let saturatedFraction: Double
  /// Mean over the outputs of φ′(u), the local gradient (1 − h² for tanh).
  public let meanLocalGradient: Double
  /// Share of units whose output is exactly 0 for every sample: dead ReLU-like units.
  let deadFraction: Double
  /// Mean |∂loss/∂h| over the outputs.
  public let gradientMeanAbs: Double
  /// Std of ∂loss/∂h over the outputs.
  let gradientStd: Double
  /// Mean |∂loss/∂W| over the weights (nan when the weights are constants).
  public let weightGradientMeanAbs: Double
  /// Std of the weights.
  let weightStd: Double
  /// Std of ∂loss/∂W (nan when the weights are constants).
  let weightGradientStd: Double
  /// Whether the weights are constants, without gradients (nan gradients are then no overflow).
  let constantWeights: Bool

  /// std(∂loss/∂W) / std(W): how big the gradient is compared with the weights it would change.
  var gradToDataRatio: Double {
    weightGradientStd == 0 && weightStd == 0 ? 0 : weightGradientStd / weightStd
  }

  /// log₁₀(std(lr·∂loss/∂W) / std(W)): the size of one SGD step relative to the weights
  /// (about −3 is healthy).
  func updateToDataRatio(learningRate: Double) -> Double {
    Math.log(Swift.abs(learningRate) * weightGradientStd / weightStd) / Math.log(10)
  }

  init(layer: Int, record: ForwardTrace.LayerRecord, saturationThreshold: Double) {
    self.layer = layer
    activation = record.layer.activation
    let u = record.preActivations.flatMap { $0 }
    let h = record.activations.flatMap { $0.map(\.data) }
    let g = record.activations.flatMap { $0.map(\.grad) }
    let w = record.layer.weightMatrix.flatMap { $0 }
    let wg = record.layer.weightGradients?.flatMap { $0 } ?? []
    preActivationMean = u.mean
    preActivationStd = u.standardDeviation
    mean = h.mean
    std = h.standardDeviation
    saturatedFraction = h.saturatedFraction(threshold: saturationThreshold)
    let phi = record.layer.activation
    meanLocalGradient = u.map { phi.derivative($0) }.mean
    let units = record.activations.first?.count ?? 0
    let dead = (0..<units).filter { unit in record.activations.allSatisfy { $0[unit].data == 0 } }.count
    deadFraction = units == 0 ? 0 : Double(dead) / Double(units)
    gradientMeanAbs = g.meanAbsoluteValue
    gradientStd = g.standardDeviation
    weightGradientMeanAbs = wg.meanAbsoluteValue
    weightStd = w.standardDeviation
    weightGradientStd = wg.standardDeviation
    constantWeights = record.layer.weightGradients == nil
  }
}

extension [LayerStatistics] {
  /// The statistics as a text table, one row per layer: "layer  act  u std  h mean  h std  saturated  …"
  /// (saturated % only for tanh, sigmoid and softsign; dead % only for ReLU; "–" elsewhere, and for the weights'
  /// gradients of constant weights or the grad:data ratio of all-zero weights).
  public func table(title: String = "") -> Table {
    var table = Table(
      title,
      columns: [
        "layer", "act", "u std", "h mean", "h std", "saturated", "dead", "mean φ′", "mean |dh|", "mean |dW|",
        "grad:data",
      ])
    for s in self {
      // Saturation means something for bounded activations only, dead units for ReLU only.
      let bounded = [Activation.tanh, .sigmoid, .softsign].contains(s.activation)
      let canDie = s.activation == .relu
      table.append([
        .integer(s.layer), .text(s.activation.name), .number(s.preActivationStd), .number(s.mean, significant: 2),
        .number(s.std), bounded ? .percent(s.saturatedFraction) : "–", canDie ? .percent(s.deadFraction) : "–",
        .number(s.meanLocalGradient), .number(s.gradientMeanAbs, significant: 2),
        s.constantWeights ? "–" : .number(s.weightGradientMeanAbs, significant: 2),
        // No ratio to zero weights (sparse init's one-output layer): "–", not ∞.
        s.constantWeights || s.gradToDataRatio.isInfinite && s.weightStd == 0
          ? "–" : .number(s.gradToDataRatio, significant: 2),
      ])
    }
    return table
  }
}

extension ForwardTrace {
  /// Overlaid histograms of every layer's outputs h (or, with `gradients`, of ∂loss/∂h),
  /// one colour per layer: the two plots of "makemore part 3".
  ///
  /// A pass that overflowed draws only the layers whose numbers mean something (`drawnLayers`): the activations
  /// before the layer where the forward pass overflowed, no gradient at all after a forward overflow, the gradients
  /// after the layer where the backward pass overflowed; and their bins span only finite values.
  public func histogramChart(gradients: Bool = false, bins: Int = 60, title: String? = nil) -> Chart {
    let drawn = drawnLayers(gradients: gradients)
    let perLayer = drawn.map { gradients ? activationGradients(layer: $0) : activationData(layer: $0) }
    let all = perLayer.flatMap { $0.flatMap { $0 } }.filter(\.isFinite)
    let extent = all.extent ?? (0, 1)
    let bound = Swift.max(Swift.abs(extent.min), Swift.abs(extent.max), 1e-300)
    let range = gradients || extent.min < 0 ? -bound...bound : extent.min...Swift.max(extent.max, extent.min + 1e-12)
    let items = zip(drawn, perLayer).map { layer, data in
      (
        name: "layer \(layer) (\(layers[layer - 1].layer.activation.name))",
        histogram: Histogram(data.flatMap { $0 }, bins: bins, range: range)
      )
    }
    return Chart.histograms(
      items, title: title ?? (gradients ? "Gradient distribution per layer" : "Activation distribution per layer"),
      xLabel: gradients ? "dloss/dh" : "h")
  }

  /// The layers `histogramChart(gradients:)` draws: every layer of a finite pass; after an overflow, those whose
  /// numbers were computed before it.
  func drawnLayers(gradients: Bool) -> [Int] {
    if let forward = forwardOverflowLayer { return gradients ? [] : Array(1..<forward) }
    if gradients, let backward = backwardOverflowLayer { return Array((backward + 1)..<(layers.count + 1)) }
    return Array(1...layers.count)
  }

  /// The saturation map of layer `layer` (1-based): units × samples, white where |h| > `threshold`.
  public func saturationMap(layer: Int, threshold: Double = 0.99) -> SaturationMap {
    let data = activationData(layer: layer)
    let units = data.first?.count ?? 0
    let byUnit = (0..<units).map { unit in data.map { $0[unit] } }
    return SaturationMap(
      byUnit, threshold: threshold,
      title: "Layer \(layer): saturated units (|h| > \(formatted(threshold, significant: 3)))")
  }
}
