import Micrograd

// Each probe's estimate, with the costs per piece fitted to its measured peaks (see `MemoryEstimate`;
// the table is `Docs/data/memory.csv`, measured through the `lab` example, whose own process is not
// counted here).

extension GainSweepProbe.Configuration {
  /// The peak memory of `GainSweepProbe(self).run()`, before it runs (see `MemoryEstimate`):
  ///
  ///     8·L·W² + max(12·W², 160·W·B + L·(170·W·B + 80·B + 1200))
  ///
  /// 8 bytes per constant weight; per element a node (about 100 bytes with its allocation), its
  /// entries in the packed layer's inputs, gradients, pre-activations and node pointers, its place
  /// in its row, and `ForwardTrace`'s copy of its pre-activation; per row the arrays of a
  /// sample's nodes and pre-activations; per layer its block, record and result.
  package var estimatedMemory: MemoryEstimate {
    MemoryEstimate(
      constantLayers: depth, width: width,
      graph: MemoryEstimate(graph: Self.graphCosts, depth: depth, width: width, batch: batch))
  }

  /// The costs of the probe's graph: packed layers, traced.
  package static let graphCosts = MemoryEstimate.GraphCosts(
    perInput: 160, perElement: 170, perRow: 80, perLayer: 1200)
}

extension SpectrumProbe.Configuration {
  /// The peak memory of `SpectrumProbe(self).run()`, before it runs (see `MemoryEstimate`):
  ///
  ///     8·L·W² + 16·W² + 160·(L + 1)·W + 2500·L
  ///
  /// The constant weights, 8 bytes each; the Jacobian (W × W) and the working copy its singular
  /// values are computed from, 16 bytes per entry; and the graph of one input at a time (the
  /// number of inputs does not count: each Jacobian is dropped once its singular values are
  /// known), whose layers are one row each.
  package var estimatedMemory: MemoryEstimate {
    let w = Double(width)
    return MemoryEstimate(
      bytes: MemoryEstimate.bytesPerConstantWeight * Double(depth) * w * w + Self.bytesPerJacobianEntry * w * w)
      + MemoryEstimate(graph: Self.graphCosts, depth: depth, width: width, batch: 1)
  }

  /// The costs of the graph of one input (a batch of one sample: a row per layer).
  package static let graphCosts = MemoryEstimate.GraphCosts(perInput: 160, perElement: 160, perRow: 0, perLayer: 2500)

  /// Each entry of the Jacobian and of the copy its singular values are computed from.
  package static let bytesPerJacobianEntry = 16.0
}

extension SaturationProbe.Configuration {
  /// The peak memory of `SaturationProbe(self).run()`, before it runs (see `MemoryEstimate`):
  ///
  ///     300 kB + 133·P + 3240·B + Σ over hidden layers (189·W·B + 127·B + 16200)
  ///
  /// with P the parameters (weights and biases: trainable nodes, about 133 bytes each with their
  /// slots in the neurons' lists); per sample its raw and standardized features and their nodes,
  /// and the loss's nodes; per element of a hidden layer, as in `GainSweepProbe` (trainable
  /// weights); per hidden layer its statistics and, in the lab, its histograms.
  package var estimatedMemory: MemoryEstimate {
    let sizes = [inputs] + hidden + [1]
    let parameters = zip(sizes, sizes.dropFirst()).map { fanIn, fanOut in Double((fanIn + 1) * fanOut) }
    let layers = hidden.map { w in MemoryEstimate(graph: Self.layerCosts, depth: 1, width: w, batch: batch) }
    let parametersAndSamples = Self.bytesPerParameter * parameters.reduce(0, +) + Self.bytesPerSample * Double(batch)
    return MemoryEstimate(bytes: Self.bytesOfItsOwn + parametersAndSamples) + layers.reduce(.zero, +)
  }

  /// Each hidden layer's costs (no inputs: those are `bytesPerSample`).
  package static let layerCosts = MemoryEstimate.GraphCosts(perInput: 0, perElement: 189, perRow: 127, perLayer: 16_200)

  /// Each sample: its raw and standardized features, their nodes, and the loss's nodes.
  package static let bytesPerSample = 3240.0

  /// Each weight and bias: a trainable node with its slots in the neurons' lists.
  package static let bytesPerParameter = 133.0

  /// The probe's own arrays, whatever its size.
  package static let bytesOfItsOwn = 300_000.0
}

extension NormalizationProbe.Configuration {
  /// The peak memory of `NormalizationProbe(self).run()`, before it runs (see `MemoryEstimate`):
  ///
  ///     8·L·W² + max(12·W², 155·W·B + L·(e·W·B + r·B + u·W + c))
  ///
  /// Its blocks are modules: `Linear` (constant weights, one node per element), then the
  /// activation as a module of its own (another node), for e = 275 bytes per element, r = 81 per
  /// row, u = 142 per unit, c = 525 per block. Each part adds its nodes:
  ///
  /// | part | per input | per element | per row | per unit | per block |
  /// |---|---|---|---|---|---|
  /// | `BatchNorm1d` (centering, scaling, γ·x̂ + β; each unit's mean, variance, γ and β) | | 314 | | 1200 | 58 |
  /// | `LayerNorm` (the same per element; each sample's mean and variance) | | 427 | 710 | | 2480 |
  /// | residual x + f(x) | 40 | 75 | | | 200 |
  /// | a scale α (`depthScaled`, `rezero`): one more product | | 97 | | | |
  package var estimatedMemory: MemoryEstimate {
    var costs = Self.blockCosts
    switch normalization {
    case .none: break
    case .batch: costs = costs + Self.batchNormCosts
    case .layer: costs = costs + Self.layerNormCosts
    }
    if let residual {
      costs = costs + Self.residualCosts
      if residual != .plain { costs = costs + Self.scaleCosts }
    }
    return MemoryEstimate(
      constantLayers: depth, width: width,
      graph: MemoryEstimate(graph: costs, depth: depth, width: width, batch: batch))
  }

  /// A `Linear` → φ block's costs.
  package static let blockCosts = MemoryEstimate.GraphCosts(
    perInput: 155, perElement: 275, perRow: 81, perUnit: 142, perLayer: 525)
  /// What `BatchNorm1d` adds: centering, scaling, γ·x̂ + β; each unit's mean, variance, γ and β.
  package static let batchNormCosts = MemoryEstimate.GraphCosts(
    perInput: 0, perElement: 314, perRow: 0, perUnit: 1200, perLayer: 58)
  /// What `LayerNorm` adds: the same per element; each sample's mean and variance.
  package static let layerNormCosts = MemoryEstimate.GraphCosts(
    perInput: 0, perElement: 427, perRow: 710, perLayer: 2480)
  /// What a residual x + f(x) adds.
  package static let residualCosts = MemoryEstimate.GraphCosts(perInput: 40, perElement: 75, perRow: 0, perLayer: 200)
  /// What a scale α (`depthScaled`, `rezero`) adds to the residual: one more product.
  package static let scaleCosts = MemoryEstimate.GraphCosts(perInput: 0, perElement: 97, perRow: 0, perLayer: 0)
}
