/// Releasing a long graph without recursion.
///
/// When the last reference to a node goes away, Swift destroys its stored properties,
/// which releases its inputs, which destroys *their* inputs, and so on: one nested call
/// per node. A chain of a million `y = y + 1` nodes overflows the stack that way.
///
/// So `deinit` takes the inputs out of the dying node and lets go of them in a loop:
/// an input that nobody else holds has its own inputs taken out first, then dies with
/// nothing left to release recursively. Nodes still used elsewhere are left alone.
extension Value {
  func releaseInputsIteratively() {
    if isLeaf { return }
    var orphans: [Value] = []
    takeInputs(into: &orphans)
    while var node = orphans.popLast() {
      if isKnownUniquelyReferenced(&node) {
        node.takeInputs(into: &orphans)
      }
      // `node` is released here; its inputs are already gone, so nothing recurses.
    }
  }

  /// Moves this node's inputs into `orphans` and forgets them (the node becomes a leaf).
  /// Leaves are skipped: they have no inputs to release, so they can never recurse (and a
  /// neuron's dot node has as many weights, all leaves, as it has inputs).
  private func takeInputs(into orphans: inout [Value]) {
    forEachChild { if !$0.isLeaf { orphans.append($0) } }
    origin = .leaf
  }
}

extension Value {
  /// Forgets this node's inputs, turning it into a leaf that keeps its `data` and `grad`.
  ///
  /// For taking a very wide graph apart cheaply: dismantling the nodes in forward order
  /// (inputs first, as in `topologicalOrder()`) means no node still has inputs when it is
  /// finally released, so releasing walks nothing. Without it, each dying dot node over a
  /// shared array of 128 activations looks at all 128 of them (see `GainSweepProbe`).
  func dismantle() { origin = .leaf }
}
