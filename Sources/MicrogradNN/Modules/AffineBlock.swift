import MicrogradEngine
import MicrogradSupport

/// A layer's affine map over a whole batch, kept as contiguous arrays: what `Layer` runs on a
/// batch (`callAsFunction(batch:)`), one node per neuron and sample, computed together.
///
/// A width-1000 layer on a batch of 100 is a few matrix loops here instead of a hundred million
/// pointer chases through per-sample nodes. The loops themselves (SIMD lanes, unsafe buffer
/// pointers, every processor) are in AffineBlock+Kernels.swift, the package's one piece of
/// performance machinery. Nothing else needs to read them: the nodes the block makes are
/// ordinary `Value`s, and their numbers and gradients are the per-sample graph's.
///
/// Each entry is a node of its own, with its own `data` and `grad`, as micrograd would record it
/// (the engine's `NodeGroup`, its one extension point for nodes computed together). What is shared
/// is the arithmetic: the forward pass computes every entry from the matrices at once, and the
/// backward pass waits until every entry has handed in its gradient, then runs the two matrix
/// products of the chain rule in one go:
///
///     ∂L/∂x[s][i] += Σⱼ w[j][i]·g[s][j]        (j ascending: the order of the per-sample graph)
///     ∂L/∂w[j][i] += Σₛ x[s][i]·g[s][j]        (s ascending)       ∂L/∂b[j] += Σₛ g[s][j]
///
/// Every sum is taken in the order in which the per-sample graph's `affine` nodes would add
/// their shares, and starts from the gradient the value already had, so the gradients are the
/// per-sample graph's to the last bit (for values that nothing else feeds in between: the
/// inputs and weights of an `MLP`).
final class AffineBlock: NodeGroup.Rule {
  /// B, N and n: samples, neurons (outputs per sample) and inputs per sample.
  let samples: Int, neurons: Int, inputs: Int
  /// The weights, neuron after neuron (N × n, PyTorch's `Linear.weight`).
  let w: [Double]
  /// The biases (N), or nil.
  let b: [Double]?
  /// The inputs' data, sample after sample (B × n).
  let x: [Double]
  /// Whether the weights (then the biases) are values to differentiate, after the inputs.
  let trainable: Bool
  /// The activation applied to every entry, or nil (the entries are the pre-activations).
  let activation: Activation?
  /// With an activation, the pre-activations u = w·x + b, sample after sample (B × N), for φ′(u).
  let u: [Double]

  /// The layer given as numbers — `w` (N rows of n), `b` — over `batch`, with φ = `activation`
  /// applied or not; `parameters` are the trainable weights (one list per neuron, its weights then
  /// its bias), nil when the weights are constants. Returns one row of nodes per sample, and the
  /// pre-activations u, sample after sample, as numbers.
  ///
  /// - Precondition: every sample has n inputs; at least one sample.
  static func outputs(
    batch: [[Value]], w: [Double], b: [Double]?, neurons: Int, parameters: [ValueList]?, activation: Activation?
  ) -> (outputs: [[Value]], preActivations: [Double]) {
    let n = w.count / neurons
    require(!batch.isEmpty, "Layer: the batch must have at least one sample")
    for (s, sample) in batch.enumerated() {
      require(sample.count == n, "Layer: expected \(n) inputs, got \(sample.count) (sample \(s))")
    }
    var x: [Double] = [], values: [Value] = []
    x.reserveCapacity(batch.count * n)
    values.reserveCapacity(batch.count * n + (parameters.map { _ in w.count + neurons } ?? 0))
    for sample in batch {
      for v in sample {
        x.append(v.data)
        values.append(v)
      }
    }
    if let parameters { for list in parameters { values += list.values } }
    let u = preActivations(w: w, b: b, x: x, samples: batch.count, neurons: neurons)
    let block = AffineBlock(
      samples: batch.count, w: w, b: b, x: x, neurons: neurons, trainable: parameters != nil,
      activation: activation, u: activation == nil ? [] : u)
    let group = NodeGroup(inputs: values, entries: u.count, rule: block)
    let outputs = Value.entries(
      activation.map { u.map($0.function) } ?? u, op: activation?.op ?? (b == nil ? .dot : .affine), of: group,
      rows: batch.count)
    return (outputs, u)
  }

  private init(
    samples: Int, w: [Double], b: [Double]?, x: [Double], neurons: Int, trainable: Bool, activation: Activation?,
    u: [Double]
  ) {
    self.samples = samples
    self.neurons = neurons
    inputs = w.count / neurons
    self.w = w
    self.b = b
    self.x = x
    self.trainable = trainable
    self.activation = activation
    self.u = u
  }

  /// What the per-sample node of entry `index` would have as inputs: the neuron's weights (if
  /// trainable), then the sample's inputs.
  func forEachInput(ofEntry index: Int, inputs values: [Value], _ body: (Value) -> Void) {
    let (s, j, n) = (index / neurons, index % neurons, inputs)
    if trainable {
      let stride = n + (b == nil ? 0 : 1)
      for k in 0..<stride { body(values[samples * n + j * stride + k]) }
    }
    for i in 0..<n { body(values[s * n + i]) }
  }

  /// Every entry has handed in its gradient (`gradients`, B × N): pass the block's share on to the
  /// inputs, and to the weights and biases when they are trainable.
  func gradientsArrived(_ gradients: [Double], inputs values: [Value], inputsAreDistinct distinct: Bool) {
    let (B, N, n) = (samples, neurons, inputs)
    var g = gradients
    // Through the activation first: ∂L/∂u = φ′(u)·∂L/∂h, as the activation node's rule does it.
    if let activation { for k in g.indices { g[k] = activation.derivative(u[k]) * g[k] } }
    // ∂L/∂x: for each input, the neurons' shares in order j = 0, 1, …
    var gx = [Double](repeating: 0, count: B * n)
    if distinct { for k in 0..<(B * n) { gx[k] = values[k].grad } }
    AffineBlock.addInputGradients(&gx, w: w, g: g, samples: B, neurons: N)
    for k in 0..<(B * n) {
      if distinct { values[k].grad = gx[k] } else { values[k].grad += gx[k] }
    }
    if trainable { passToParameters(g, values, distinct) }
  }

  /// ∂L/∂w and ∂L/∂b: for each parameter, the samples' shares in order s = 0, 1, …
  private func passToParameters(_ g: [Double], _ values: [Value], _ distinct: Bool) {
    let (B, N, n) = (samples, neurons, inputs)
    let stride = n + (b == nil ? 0 : 1)  // a neuron's list: its n weights, then its bias
    let first = B * n  // where the parameters start in `values`
    var gw = [Double](repeating: 0, count: N * stride)
    if distinct { for k in gw.indices { gw[k] = values[first + k].grad } }
    AffineBlock.addParameterGradients(&gw, x: x, g: g, samples: B, neurons: N, stride: stride)
    for k in gw.indices {
      if distinct { values[first + k].grad = gw[k] } else { values[first + k].grad += gw[k] }
    }
  }
}
