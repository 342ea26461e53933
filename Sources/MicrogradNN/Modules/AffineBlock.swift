/// A layer's affine map over a whole batch, kept as contiguous arrays: the node that every
/// entry of `Value.affine(weights:biases:batch:)` (one neuron, one sample) points at.
///
/// Each entry is a node of its own, with its own `data` and `grad`, as micrograd would record
/// it. What is shared is the arithmetic: the forward pass computes every entry from the
/// matrices at once, and the backward pass waits until every entry has handed in its gradient
/// (`backward()` treats the block like any shared list of inputs: see `ValueList`), then runs
/// the two matrix products of the chain rule in one go:
///
///     ∂L/∂x[s][i] += Σⱼ w[j][i]·g[s][j]        (j ascending: the order of the per-sample graph)
///     ∂L/∂w[j][i] += Σₛ x[s][i]·g[s][j]        (s ascending)       ∂L/∂b[j] += Σₛ g[s][j]
///
/// Every sum is taken in the order in which the per-sample graph's `affine` nodes would add
/// their shares, and starts from the gradient the value already had, so the gradients are the
/// per-sample graph's to the last bit (for values that nothing else feeds in between: the
/// inputs and weights of an `MLP`). Only the number of heap objects and the pointer chasing
/// change: the weights are read from one array, not from thousands of nodes.
final class AffineBlock: ValueList {
  /// B, N and n: samples, neurons (outputs per sample) and inputs per sample.
  let samples: Int, neurons: Int, inputs: Int
  /// The weights, neuron after neuron (N × n, PyTorch's `Linear.weight`).
  let w: [Double]
  /// The biases (N), or nil.
  let b: [Double]?
  /// The inputs' data, sample after sample (B × n).
  let x: [Double]
  /// The entries' gradients, sample after sample (B × N), handed in by `Origin.entry` nodes.
  @exclusivity(unchecked) var g: [Double]
  /// Whether the weights (then the biases) are values to differentiate, after the inputs in `values`.
  let trainable: Bool
  /// Whether no value appears twice in `values` (then sums can start from each value's own gradient).
  let distinct: Bool
  /// The activation applied to every entry, or nil (the entries are the pre-activations).
  let activation: Nonlinearity?
  /// The pre-activations u = w·x + b, sample after sample (B × N), kept for φ′(u) when there is
  /// an activation.
  @exclusivity(unchecked) private(set) var u: [Double] = []

  /// A block over `batch` (B rows of n inputs) and a layer given as numbers, with the
  /// trainable weights (N lists of n weights and, with biases, the bias) when there are any.
  init(batch: [[Value]], w: [Double], b: [Double]?, neurons: Int, parameters: [ValueList]?, activation: Nonlinearity?) {
    samples = batch.count
    self.neurons = neurons
    inputs = w.count / neurons
    self.w = w
    self.b = b
    var x: [Double] = []
    x.reserveCapacity(samples * inputs)
    var values: [Value] = []
    values.reserveCapacity(samples * inputs + (parameters.map { _ in w.count + neurons } ?? 0))
    for sample in batch {
      for v in sample {
        x.append(v.data)
        values.append(v)
      }
    }
    if let parameters {
      for list in parameters { values += list.values }
    }
    self.x = x
    g = Array(repeating: 0, count: samples * neurons)
    trainable = parameters != nil
    distinct = AffineBlock.noneRepeated(values)
    self.activation = activation
    super.init(values)
  }

  /// Not available: a block is built from a batch and a layer. (Declaring it keeps Swift from
  /// synthesizing a trapping stub for the `package` initializer `ValueList.init(_:)`, whose
  /// vtable thunk the compiler wrongly reports as an infinite recursion: swiftlang/swift#92023.)
  @available(*, unavailable, message: "build an AffineBlock from a batch and a layer")
  override init(_ values: [Value]) { fatalError("AffineBlock.init(_:) is unavailable") }

  /// Whether every value occurs once, checked with the counters `backward()` uses (all 0
  /// outside a backward pass): no hashing.
  private static func noneRepeated(_ values: [Value]) -> Bool {
    var repeated = false
    for v in values {
      if v.pendingParents != 0 { repeated = true }
      v.pendingParents += 1
    }
    for v in values { v.pendingParents = 0 }
    return !repeated
  }

  /// The entries' data: φ(u[s][j]), or u itself without an activation.
  func forward() -> [Double] {
    let pre = preActivations()
    guard let activation else { return pre }
    u = pre
    return pre.map(activation.function)
  }

  /// u[s][j] = b[j] + Σᵢ w[j][i]·x[s][i], i ascending: what `Value.affine` computes for one
  /// sample, operation for operation. Four samples share a `SIMD4` (one per lane; a lane does
  /// exactly the scalar loop's multiplies and adds), so the sums come out bit for bit the same.
  private func preActivations() -> [Double] {
    let (B, N, n) = (samples, neurons, inputs)
    var out = [Double](repeating: 0, count: B * N)
    let quads = B / 4
    // The inputs of four samples side by side: xq[q·n + i] = (x[4q][i], …, x[4q+3][i]).
    var xq = [SIMD4<Double>](repeating: .zero, count: quads * n)
    for q in 0..<quads {
      for i in 0..<n {
        xq[q * n + i] = SIMD4(x[4 * q * n + i], x[(4 * q + 1) * n + i], x[(4 * q + 2) * n + i], x[(4 * q + 3) * n + i])
      }
    }
    w.withUnsafeBufferPointer { w in
      x.withUnsafeBufferPointer { x in
        xq.withUnsafeBufferPointer { xq in
          out.withUnsafeMutableBufferPointer { out in
            for j in 0..<N {
              let start = b?[j] ?? 0
              let row = j * n
              for q in 0..<quads {
                var total = SIMD4(repeating: start)
                for i in 0..<n { total = total + SIMD4(repeating: w[row + i]) * xq[q * n + i] }
                for lane in 0..<4 { out[(4 * q + lane) * N + j] = total[lane] }
              }
              for s in (4 * quads)..<B {
                var total = start
                for i in 0..<n { total += w[row + i] * x[s * n + i] }
                out[s * N + j] = total
              }
            }
          }
        }
      }
    }
    return out
  }

  /// Every entry has handed in its gradient: pass the block's share on to the inputs (and
  /// to the weights and biases when they are trainable), then clear `g` for the next pass.
  override func gradientsArrived() {
    let (B, N, n) = (samples, neurons, inputs)
    // Through the activation first: ∂L/∂u = φ′(u)·∂L/∂h, as the activation node's rule does it.
    if let activation { for k in g.indices { g[k] = activation.derivative(u[k]) * g[k] } }
    // ∂L/∂x: for each input, the neurons' shares in order j = 0, 1, …
    let values = self.values
    var gx = [Double](repeating: 0, count: B * n)
    if distinct { for k in 0..<(B * n) { gx[k] = values[k].grad } }
    g.withUnsafeBufferPointer { g in
      w.withUnsafeBufferPointer { w in
        gx.withUnsafeMutableBufferPointer { gx in
          for j in 0..<N {
            for s in 0..<B {
              addProduct(into: gx.baseAddress! + s * n, w.baseAddress! + j * n, times: g[s * N + j], count: n)
            }
          }
        }
      }
    }
    for k in 0..<(B * n) {
      if distinct { values[k].grad = gx[k] } else { values[k].grad += gx[k] }
    }
    if trainable { passToParameters() }
    g = Array(repeating: 0, count: B * N)
  }

  /// ∂L/∂w and ∂L/∂b: for each parameter, the samples' shares in order s = 0, 1, …
  private func passToParameters() {
    let (B, N, n) = (samples, neurons, inputs)
    let stride = n + (b == nil ? 0 : 1)  // a neuron's list: its n weights, then its bias
    let first = B * n  // where the parameters start in `values`
    let values = self.values
    var gw = [Double](repeating: 0, count: N * stride)
    if distinct { for k in gw.indices { gw[k] = values[first + k].grad } }
    g.withUnsafeBufferPointer { g in
      x.withUnsafeBufferPointer { x in
        gw.withUnsafeMutableBufferPointer { gw in
          for j in 0..<N {
            for s in 0..<B {
              let share = g[s * N + j]
              addProduct(into: gw.baseAddress! + j * stride, x.baseAddress! + s * n, times: share, count: n)
              if stride > n { gw[j * stride + n] += share }
            }
          }
        }
      }
    }
    for k in gw.indices {
      if distinct { values[first + k].grad = gw[k] } else { values[first + k].grad += gw[k] }
    }
  }
}

/// y[i] += x[i]·a for i in 0..<count: a multiply and an add per element, each rounded, as the
/// scalar loop would do them (four elements at a time in a `SIMD4`, lane by lane).
@inline(__always)
private func addProduct(
  into y: UnsafeMutablePointer<Double>, _ x: UnsafePointer<Double>, times a: Double, count: Int
) {
  let quads = count / 4
  let factor = SIMD4(repeating: a)
  for q in 0..<quads {
    let yq = UnsafeMutableRawPointer(y + 4 * q), xq = UnsafeRawPointer(x + 4 * q)
    yq.storeBytes(
      of: yq.loadUnaligned(as: SIMD4<Double>.self) + xq.loadUnaligned(as: SIMD4<Double>.self) * factor,
      as: SIMD4<Double>.self)
  }
  for i in (4 * quads)..<count { y[i] += x[i] * a }
}
