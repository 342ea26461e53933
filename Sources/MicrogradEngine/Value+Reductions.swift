import MicrogradSupport
/// Sums and dot products of many values, each recorded as *one* node.
///
/// micrograd's `sum(xs)` folds `+` and builds a chain as deep as the list is long; a
/// neuron with n inputs costs 2n nodes there. Here a neuron's pre-activation
/// w·x + b is a single node with 2n + 1 inputs, and its backward rule is one loop.
extension Value {
  /// Σ xᵢ as one node. ∂/∂xᵢ = 1. The sum of no values is a leaf 0.
  public static func sum(_ xs: [Value]) -> Value {
    if xs.isEmpty { return Value(0) }
    var total = 0.0
    for x in xs { total += x.data }
    return Value(total, .sum, ValueList(xs)) { out, xs in
      for x in xs { x.grad += out.grad }
    }
  }

  /// Σ wᵢ·xᵢ as one node. ∂/∂wᵢ = xᵢ, ∂/∂xᵢ = wᵢ.
  ///
  /// - Precondition: `ws` and `xs` have the same length.
  public static func dot(_ ws: [Value], _ xs: [Value]) -> Value {
    dot(ValueList(ws), ValueList(xs))
  }

  /// Σ wᵢ·xᵢ + b as one node, where `weightsAndBias` is [w₁, …, wₙ, b] (the layout of a
  /// `Neuron`'s parameters) and `xs` is [x₁, …, xₙ]. ∂/∂wᵢ = xᵢ, ∂/∂xᵢ = wᵢ, ∂/∂b = 1.
  ///
  /// - Precondition: `weightsAndBias` has exactly one more element than `xs`.
  public static func affine(_ weightsAndBias: [Value], _ xs: [Value]) -> Value {
    affine(ValueList(weightsAndBias), ValueList(xs))
  }

  /// Σ wᵢ·xᵢ over lists that other nodes share (a neuron's weights, a layer's inputs).
  package static func dot(_ ws: ValueList, _ xs: ValueList) -> Value {
    require(
      ws.count == xs.count, "Value.dot: the two arrays must have equal lengths (got \(ws.count) and \(xs.count))")
    var total = 0.0
    for (w, x) in zip(ws.values, xs.values) { total += w.data * x.data }
    return Value(total, .dot, ws, xs) { out, ws, xs in
      for i in xs.indices {
        ws[i].grad += xs[i].data * out.grad
        xs[i].grad += ws[i].data * out.grad
      }
    }
  }

  /// Σ wᵢ·xᵢ + b over lists that other nodes share.
  package static func affine(_ weightsAndBias: ValueList, _ xs: ValueList) -> Value {
    require(
      weightsAndBias.count == xs.count + 1,
      "Value.affine: expected \(xs.count + 1) weights and bias for \(xs.count) inputs, got \(weightsAndBias.count)")
    let ws = weightsAndBias.values
    var total = ws[xs.count].data
    for (w, x) in zip(ws, xs.values) { total += w.data * x.data }
    return Value(total, .affine, weightsAndBias, xs) { out, ws, xs in
      for i in xs.indices {
        ws[i].grad += xs[i].data * out.grad
        xs[i].grad += ws[i].data * out.grad
      }
      ws[xs.count].grad += out.grad
    }
  }
}

extension Sequence<Value> {
  /// The sum of these values as one node: `losses.sum()`.
  public func sum() -> Value { Value.sum(Array(self)) }
}
