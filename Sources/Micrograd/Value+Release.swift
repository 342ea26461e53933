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
  private func takeInputs(into orphans: inout [Value]) {
    forEachChild { orphans.append($0) }
    origin = .leaf
  }
}
