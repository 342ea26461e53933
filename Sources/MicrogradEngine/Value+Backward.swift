import MicrogradSupport
/// Reverse-mode differentiation: `backward()` and the order it visits the graph in.
///
/// ## How the order is found
/// A node may pass its gradient to its inputs only once its own gradient is complete,
/// that is, once *every* parent that uses it has passed its share. micrograd finds such an
/// order with a recursive depth-first search, which overflows the stack on deep graphs.
/// We use Kahn's algorithm instead, with two loops and no recursion:
///
/// 1. Walk the graph from the output once, counting for every node how many parents it has
///    in this graph (`pendingParents`). The count lives in the node itself, so "have I
///    seen this node?" is a question about identity, never about value equality, and
///    needs no hash table.
/// 2. Start from the output. Run a node's backward rule, then tell each input that one
///    more parent is done; an input whose count reaches zero is ready and joins a queue.
///
/// Every count is back to zero when the walk ends. Memory beyond the graph is the
/// stack and the queue of nodes still to visit: one or two entries for a long chain.
extension Value {
  /// Computes d(self)/d(v) for every value v this one depends on, storing it in `v.grad`.
  ///
  /// Semantics (the same as PyTorch's for leaves):
  /// - Every leaf below `self` gets d(self)/d(leaf) *added* to its `grad`, exactly once
  ///   per call. Call it twice and leaf gradients double; reset them with
  ///   `Module.zeroGrad()` (or `grad = 0`) between training steps.
  /// - Every interior node's `grad` is recomputed from zero on each call, so it always
  ///   holds d(self)/d(node) of the latest call. (micrograd lets these pile up too, which
  ///   makes a second call wrong: `x * x` gives 12 instead of 6.)
  /// - `self.grad` is set to 1, or increased by 1 when `self` is a leaf.
  ///
  /// Complexity: O(nodes + edges) time, no recursion, memory for the ready stack only.
  public func backward() {
    Value.backward([self], seeds: [1])
  }

  /// The general form of `backward()`: a vector–Jacobian product. Every value v below the
  /// outputs gets Σₖ seedₖ · ∂outputₖ/∂v, with the same semantics as `backward()`: leaves add
  /// it to their `grad`, interior nodes (outputs included) are recomputed from zero.
  ///
  /// `backward()` is `backward([self], seeds: [1])`. With a loss's gradient with respect to
  /// several outputs as the seeds, one pass gives every parameter's gradient; with a unit
  /// vector as the seeds, it gives one row of the Jacobian (the lab's `jacobian(of:withRespectTo:)`).
  ///
  /// - Precondition: one seed per output, each finite. An output may appear more than once
  ///   (its seeds add up) and may depend on another output.
  package static func backward(_ outputs: [Value], seeds: [Double]) {
    require(
      outputs.count == seeds.count,
      "Value.backward: expected one seed per output (\(outputs.count) outputs, \(seeds.count) seeds)")
    for (k, seed) in seeds.enumerated() {
      require(seed.isFinite, "Value.backward: seeds[\(k)] must be finite (got \(seed))")
    }
    visitInBackwardOrder(from: outputs, seeds: seeds) { node in
      node._backward()
    }
  }

  /// Calls `body` on every node below this one (this one first) so that a node is visited
  /// only after all of its parents: the order in which gradients flow.
  ///
  /// With `resettingGradients`, every interior node's `grad` is set to 0 before the walk,
  /// and this node's to 1.
  func visitInBackwardOrder(resettingGradients: Bool = false, _ body: (Value) -> Void) {
    Value.visitInBackwardOrder(from: [self], seeds: resettingGradients ? [1] : nil, body)
  }

  /// Every node of the graph below this one, inputs before the nodes computed from them
  /// (the order of the forward pass), found without recursion.
  public func topologicalOrder() -> [Value] {
    var order: [Value] = []
    visitInBackwardOrder { order.append($0) }
    return order.reversed()
  }
}
