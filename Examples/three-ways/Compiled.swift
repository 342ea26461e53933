// The compiler's way, behind one switch: with the `_Differentiation` module (Swift.org toolchains) these call
// `gradient(at:of:)` and `valueWithPullback(at:of:)`; without it (a toolchain that does not ship the module) the same names
// exist, take plain functions and return nil, so three-ways builds everywhere and shows the other two ways.
#if canImport(_Differentiation)
  import _Differentiation

  /// Whether this toolchain can differentiate Swift code itself.
  let compilerAvailable = true

  /// A function of several numbers that the compiler can differentiate.
  typealias ScalarFunction = @differentiable(reverse) ([Double]) -> Double
  /// A network's loss as a function of its parameters, the problem held constant.
  typealias ModelLoss = @differentiable(reverse) (DenseMLP, @noDerivative Problem) -> Double

  /// The compiler's gradient of `f` at `x`.
  func compiledGradient(_ f: ScalarFunction, at x: [Double]) -> [Double]? {
    let g = gradient(at: x, of: f).base
    return g.isEmpty ? Array(repeating: 0, count: x.count) : g  // an empty tangent is the zero vector
  }

  /// The compiler's gradient of `loss` with respect to every parameter of `model`, in `MLP.parameters` order.
  func compiledGradient(_ loss: ModelLoss, of model: DenseMLP, on problem: Problem) -> [Double]? {
    flattened(gradient(at: model) { m in loss(m, problem) }, like: model)
  }

  /// The bytes the compiler's pullback holds between the forward and the backward pass (its "tape").
  func compiledRecordBytes(_ loss: ModelLoss, of model: DenseMLP, on problem: Problem) -> Int? {
    bytesHeld { valueWithPullback(at: model) { m in loss(m, problem) } }
  }

  /// A tangent of the network as one array: layer by layer, neuron by neuron, its weights then its bias.
  func flattened(_ t: DenseMLP.TangentVector, like model: DenseMLP) -> [Double] {
    var result: [Double] = []
    for (l, layer) in model.layers.enumerated() {
      let tl = l < t.layers.base.count ? t.layers.base[l] : .zero
      for j in layer.b.indices {
        let row = j < tl.w.base.count ? tl.w.base[j].base : []
        for i in layer.w[j].indices { result.append(i < row.count ? row[i] : 0) }
        result.append(j < tl.b.base.count ? tl.b.base[j] : 0)
      }
    }
    return result
  }

  /// w·x + b for a whole layer with its derivative written by hand — as our engine's one-node `Value.affine`
  /// is — so the compiler composes one pullback per layer instead of one per multiply-add.
  @derivative(of: affine)
  func affineWithPullback(_ w: [[Double]], _ b: [Double], _ x: [Double], inputs: Int, outputs: Int) -> (
    value: [Double],
    pullback: ([Double].TangentVector) -> ([[Double]].TangentVector, [Double].TangentVector, [Double].TangentVector)
  ) {
    func pullback(_ v: [Double].TangentVector) -> (
      [[Double]].TangentVector, [Double].TangentVector, [Double].TangentVector
    ) {
      let g: [Double] = v.base.isEmpty ? [Double](repeating: 0, count: outputs) : v.base
      var dx = [Double](repeating: 0, count: inputs)
      var dw: [[Double].TangentVector] = []
      for j in 0..<outputs {
        var row = [Double](repeating: 0, count: inputs)
        for i in 0..<inputs {
          dx[i] += w[j][i] * g[j]
          row[i] = x[i] * g[j]
        }
        dw.append([Double].TangentVector(row))
      }
      return ([[Double]].TangentVector(dw), [Double].TangentVector(g), [Double].TangentVector(dx))
    }
    return (affine(w, b, x, inputs: inputs, outputs: outputs), pullback)
  }

  /// tanh of every entry, with its derivative written by hand: 1 − y² per entry, one pullback for the layer.
  @derivative(of: tanhLayer)
  func tanhLayerWithPullback(_ u: [Double], _ n: Int) -> (
    value: [Double], pullback: ([Double].TangentVector) -> [Double].TangentVector
  ) {
    let y = tanhLayer(u, n)
    func pullback(_ v: [Double].TangentVector) -> [Double].TangentVector {
      var du = [Double](repeating: 0, count: n)
      for i in 0..<Swift.min(n, v.base.count) { du[i] = v.base[i] * (1 - y[i] * y[i]) }
      return [Double].TangentVector(du)
    }
    return (y, pullback)
  }
#else
  /// Whether this toolchain can differentiate Swift code itself: no `_Differentiation` module here.
  let compilerAvailable = false
  /// A function of several numbers (the compiler cannot differentiate it on this toolchain).
  typealias ScalarFunction = ([Double]) -> Double
  /// A network's loss as a function of its parameters.
  typealias ModelLoss = (DenseMLP, Problem) -> Double

  /// Nil: this toolchain has no compiler gradient.
  func compiledGradient(_ f: ScalarFunction, at x: [Double]) -> [Double]? { nil }
  /// Nil: this toolchain has no compiler gradient.
  func compiledGradient(_ loss: ModelLoss, of model: DenseMLP, on problem: Problem) -> [Double]? { nil }
  /// Nil: this toolchain has no compiler gradient.
  func compiledRecordBytes(_ loss: ModelLoss, of model: DenseMLP, on problem: Problem) -> Int? { nil }
#endif
