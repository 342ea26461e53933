/// Releasing a long graph without recursion.
///
/// When the last reference to a node goes away, Swift destroys its stored properties,
/// which releases its inputs, which destroys *their* inputs, and so on: one nested call
/// per node. A chain of a million `y = y + 1` nodes overflows the stack that way.
///
/// So the `deinit` of a deep node takes the inputs out of the dying node and lets go of them
/// in a loop: an input that nobody else holds has its own inputs taken out first, then dies
/// with nothing left to release recursively. Nodes still used elsewhere are left alone.
///
/// A node knows its `depth`, the longest path of computed nodes below it (up to 255). Below
/// that, Swift's own recursive release is bounded (at most 254 nested releases) and cheaper,
/// so only nodes of depth 255 take the loop: a 100-layer network is released by Swift alone,
/// a ten-million-node chain by the loop until what is left is shallow.
extension Value {
  func releaseInputsIteratively() {
    if isLeaf { return }
    var orphans = Orphans()
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
  private func takeInputs(into orphans: inout Orphans) {
    switch origin {
    case .leaf:
      return
    case .unary(let x, _), .constant(let x, _, _):
      if !x.isLeaf { orphans.append(x) }
    case .binary(let a, let b, _):
      if !a.isLeaf { orphans.append(a) }
      if !b.isLeaf { orphans.append(b) }
    case .list(let xs, _):
      xs.letGo(into: &orphans)
    case .lists(let ws, let xs, _):
      ws.letGo(into: &orphans)
      xs.letGo(into: &orphans)
    case .entry(let group, _):
      group.letGo(into: &orphans)
    }
    origin = .leaf
  }
}

/// The nodes a dying node let go of, still to be looked at. Most dying nodes have one computed
/// input (an activation's pre-activation), so the first one is kept inline and an array is
/// only allocated for the rest: releasing a graph of millions of nodes allocates nothing.
struct Orphans {
  private var first: Value?
  private var rest: [Value] = []

  mutating func append(_ node: Value) {
    if first == nil { first = node } else { rest.append(node) }
  }

  mutating func append(contentsOf nodes: some Sequence<Value>) {
    for node in nodes { append(node) }
  }

  mutating func popLast() -> Value? {
    if let node = rest.popLast() { return node }
    let node = first
    first = nil
    return node
  }
}
