/// A layer applied to a whole batch at once: one node per neuron per sample, computed over
/// contiguous arrays (`AffineBlock`).
///
/// `result[s][j]` is neuron j's output for sample s: its pre-activation w_j·x_s + b_j, or with
/// an `activation` φ(w_j·x_s + b_j) — a node of its own with `data` and `grad`, exactly the
/// number the per-sample graph (`Value.affine(weightsAndBias, x)`, then the activation's op)
/// gives for that sample. After `backward()` every input and every weight has the per-sample graph's
/// gradient, to the last bit. What changes is the cost: the weights are read once per batch
/// from one array instead of once per sample from thousands of nodes, so a layer of width
/// 1000 on a batch of 100 is a few matrix loops rather than a hundred million pointer chases.
extension Value {
  /// w_j·x_s + b_j for every neuron j (a row of `weights`, with its entry of `biases`) and every
  /// sample s of `batch`, or φ of it with an `activation`: each a node; the weights and biases
  /// get their gradients.
  ///
  /// - Precondition: every row of `weights` and every sample have the same length; `biases`,
  ///   when given, has one entry per row; at least one row and one sample.
  public static func affine(
    weights: [[Value]], biases: [Value]?, batch: [[Value]], activation: Nonlinearity? = nil
  ) -> [[Value]] {
    require(!weights.isEmpty, "Value.affine(weights:biases:batch:): weights must have at least one row")
    if let biases {
      require(
        biases.count == weights.count,
        "Value.affine(weights:biases:batch:): expected \(weights.count) biases, got \(biases.count)")
    }
    let lists = weights.indices.map { j in ValueList(weights[j] + (biases.map { [$0[j]] } ?? [])) }
    return affine(parameters: lists, hasBias: biases != nil, batch: batch, activation: activation)
  }

  /// w_j·x_s + b_j with weights and biases that are constants (PyTorch's `requires_grad=False`):
  /// only the inputs get gradients, and the weights take 8 bytes each instead of a node.
  ///
  /// - Precondition: as `affine(weights:biases:batch:)`.
  public static func affine(
    constants weights: [[Double]], biases: [Double]?, batch: [[Value]], activation: Nonlinearity? = nil
  ) -> [[Value]] {
    require(!weights.isEmpty, "Value.affine(constants:biases:batch:): weights must have at least one row")
    let n = weights[0].count
    require(
      weights.allSatisfy { $0.count == n },
      "Value.affine(constants:biases:batch:): every row of weights must have \(n) entries")
    return affine(
      weights: weights.flatMap { $0 }, neurons: weights.count, biases: biases, batch: batch, activation: activation)
  }

  /// The packed form over trainable parameters: one list per neuron, its weights then (with
  /// `hasBias`) its bias — the layout of a `Neuron`'s parameters, shared, not copied.
  package static func affine(
    parameters: [ValueList], hasBias: Bool, batch: [[Value]], activation: Nonlinearity? = nil
  ) -> [[Value]] {
    let n = parameters[0].count - (hasBias ? 1 : 0)
    require(
      parameters.allSatisfy { $0.count == n + (hasBias ? 1 : 0) },
      "Value.affine: every neuron must have \(n) weights\(hasBias ? " and a bias" : "")")
    var w: [Double] = []
    w.reserveCapacity(parameters.count * n)
    for list in parameters { for k in 0..<n { w.append(list.values[k].data) } }
    let b = hasBias ? parameters.map { $0.values[n].data } : nil
    return entries(
      of: AffineBlock(
        batch: checked(batch, n), w: w, b: b, neurons: parameters.count, parameters: parameters, activation: activation)
    )
  }

  /// The packed form over constants: `weights` holds the N rows one after the other (N × n).
  package static func affine(
    weights: [Double], neurons: Int, biases: [Double]?, batch: [[Value]], activation: Nonlinearity? = nil
  ) -> [[Value]] {
    require(neurons >= 1 && weights.count % neurons == 0, "Value.affine: weights must hold \(neurons) equal rows")
    if let biases {
      require(biases.count == neurons, "Value.affine: expected \(neurons) biases, got \(biases.count)")
    }
    let n = weights.count / neurons
    return entries(
      of: AffineBlock(
        batch: checked(batch, n), w: weights, b: biases, neurons: neurons, parameters: nil, activation: activation))
  }

  /// `batch`, after checking that it has samples of `n` inputs each.
  private static func checked(_ batch: [[Value]], _ n: Int) -> [[Value]] {
    require(!batch.isEmpty, "Value.affine: the batch must have at least one sample")
    for (s, sample) in batch.enumerated() {
      require(sample.count == n, "Value.affine: sample \(s) has \(sample.count) inputs, the weights expect \(n)")
    }
    return batch
  }

  /// One node per neuron per sample, in rows of samples.
  private static func entries(of block: AffineBlock) -> [[Value]] {
    let out = block.forward()
    let op: Op = block.activation?.op ?? (block.b == nil ? .dot : .affine)
    return (0..<block.samples).map { s in
      (0..<block.neurons).map { j in Value(out[s * block.neurons + j], op, entry: s * block.neurons + j, of: block) }
    }
  }
}

extension Value {
  /// For a node made by a packed layer with an activation, the pre-activation w·x + b that φ
  /// was applied to (nil for any other node): the u of `ForwardTrace`'s statistics.
  public var preActivation: Double? {
    guard case .entry(let block, let index) = origin, block.activation != nil else { return nil }
    return block.u[index]
  }
}
