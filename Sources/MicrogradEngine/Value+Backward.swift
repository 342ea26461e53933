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

  /// Calls `body` on every node below `roots` (the roots first), each only after all of its
  /// parents. With `seeds`, every interior node's `grad` is set to 0 first, then each root
  /// gets its seed added: the start of a backward pass.
  ///
  /// The roots count one parent each — the caller, who hands them their seeds — so a root
  /// that is also an input of another root waits for it like any other node.
  ///
  /// A shared `ValueList` (the inputs of a layer, the weights of a neuron) takes part like a
  /// node of its own: it counts the nodes that read it, and its values count the list as one
  /// parent. So a layer's inputs are counted once per layer, not once per neuron.
  static func visitInBackwardOrder(from roots: [Value], seeds: [Double]? = nil, _ body: (Value) -> Void) {
    let resetting = seeds != nil
    // 1. Count parents. The first time we reach an interior node (count 0 -> 1) we push it,
    //    to count its own inputs. Leaves have no inputs, so they never need the stack.
    //    (The stack and the queue below hold the nodes unretained: the graph keeps every one
    //    alive during the walk, and a walk of millions of nodes skips millions of retains.)
    var stack: [Unmanaged<Value>] = []
    for root in roots where root.countedOneMoreParent(resettingGradient: resetting) {
      stack.append(.passUnretained(root))
    }
    while let next = stack.popLast() {
      next._withUnsafeGuaranteedRef { node in
        node.forEachInput { child in
          if child.countedOneMoreParent(resettingGradient: resetting) { stack.append(.passUnretained(child)) }
        } list: { list in
          list.pendingParents += 1
          guard list.pendingParents == 1 else { return }
          for child in list.values where child.countedOneMoreParent(resettingGradient: resetting) {
            stack.append(.passUnretained(child))
          }
        }
      }
    }
    if let seeds { for (root, seed) in zip(roots, seeds) { root.grad += seed } }

    // 2. Kahn's algorithm: a node is ready when every parent has passed its gradient down.
    //    Ready nodes are taken first in, first out, so a batch through a deep network is
    //    processed layer by layer, and each layer's weights stay in the cache.
    var ready = Queue()
    for root in roots where root.lostOneParent() { root.isLeaf ? body(root) : ready.push(root) }
    while let next = ready.pop() {
      next._withUnsafeGuaranteedRef { node in
        body(node)
        node.forEachInput { child in
          if child.lostOneParent() { child.isLeaf ? body(child) : ready.push(child) }
        } list: { list in
          list.pendingParents -= 1
          guard list.pendingParents == 0 else { return }
          if resetting { list.gradientsArrived() }
          for child in list.values where child.lostOneParent() {
            child.isLeaf ? body(child) : ready.push(child)
          }
        }
      }
    }
  }

  /// Counts one more parent of this node; true the first time an interior node is reached
  /// (its own inputs are still to be counted). Resets the gradient of interior nodes if asked.
  @inline(__always)
  private func countedOneMoreParent(resettingGradient: Bool) -> Bool {
    pendingParents += 1
    guard pendingParents == 1 && !isLeaf else { return false }
    if resettingGradient { grad = 0 }
    return true
  }

  /// One parent has passed its gradient down; true when it was the last (the node is ready).
  @inline(__always)
  private func lostOneParent() -> Bool {
    pendingParents -= 1
    return pendingParents == 0
  }

  /// Every node of the graph below this one, inputs before the nodes computed from them
  /// (the order of the forward pass), found without recursion.
  public func topologicalOrder() -> [Value] {
    var order: [Value] = []
    visitInBackwardOrder { order.append($0) }
    return order.reversed()
  }
}

/// A first-in, first-out queue of nodes: an array and the index of the next node to take.
/// The part already taken is dropped now and then, so a long chain needs almost no memory.
private struct Queue {
  private var nodes: [Unmanaged<Value>] = []
  private var next = 0

  mutating func push(_ node: Value) { nodes.append(.passUnretained(node)) }

  mutating func pop() -> Unmanaged<Value>? {
    guard next < nodes.count else { return nil }
    let node = nodes[next]
    next += 1
    if next >= 4096 && next * 2 >= nodes.count {
      nodes.removeFirst(next)
      next = 0
    }
    return node
  }
}
