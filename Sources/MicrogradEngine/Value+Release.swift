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

  /// Moves this node's computed inputs into `orphans` and forgets all its inputs (the node
  /// becomes a leaf). Leaves are skipped: they have no inputs, so they can never recurse.
  /// A shared `ValueList` hands over its values only when its last holder forgets it, so a
  /// layer's 128 dot nodes over one list of inputs cost one look at those inputs, not 128.
  private func takeInputs(into orphans: inout [Value]) {
    switch origin {
    case .leaf:
      return
    case .unary(let x, _):
      if !x.isLeaf { orphans.append(x) }
    case .binary(let a, let b, _):
      if !a.isLeaf { orphans.append(a) }
      if !b.isLeaf { orphans.append(b) }
    case .list(let xs, _):
      xs.letGo(into: &orphans)
    case .lists(let ws, let xs, _):
      ws.letGo(into: &orphans)
      xs.letGo(into: &orphans)
    }
    origin = .leaf
  }
}
