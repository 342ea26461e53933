// The walk that orders `backward()` (Kahn's algorithm, see Value+Backward.swift), kept apart because it is
// tuned for speed: its stack and queue hold nodes unretained (`Unmanaged`, `_withUnsafeGuaranteedRef`), since the
// graph keeps every node alive during the walk and a walk of millions of nodes would otherwise do millions of
// retains and releases. Nothing else in the engine uses unretained references.

extension Value {
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
