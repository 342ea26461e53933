/// A list of values that several nodes take as inputs, stored once.
///
/// Every neuron of a layer reads the same inputs, and a neuron reads the same weights for
/// every sample of a batch. So a dot-product node holds a shared list, not its own copy, and
/// the list keeps two counts of the nodes that hold it:
///
/// - `backward()` treats the list like one more node between its holders and its values:
///   a value in a list read by 128 neurons has one parent (the list), not 128, and is counted
///   once instead of 128 times (`Value+Backward.swift`).
/// - Releasing the graph looks at the list's values once, when its last holder dies, instead
///   of once per holder (`Value+Release.swift`).
///
/// The counts are plain integers: like `Value`, a list belongs to one graph on one thread.
package class ValueList {
  /// The values, in order.
  @exclusivity(unchecked) package private(set) var values: [Value]

  /// How many nodes hold this list as an input.
  @exclusivity(unchecked) private var holders = 0

  /// Bookkeeping for `backward()`: how many holders have not yet passed their gradient down.
  @exclusivity(unchecked) var pendingParents: UInt32 = 0

  /// The largest `depth` of the values (0 for a list of leaves, such as a neuron's weights,
  /// which has nothing to release).
  let depth: UInt8

  /// A list of `values`, for nodes to share.
  package init(_ values: [Value]) {
    self.values = values
    var depth: UInt8 = 0
    for value in values where value.depth > depth { depth = value.depth }
    self.depth = depth
  }

  /// The number of values.
  package var count: Int { values.count }

  /// Called by `backward()` when the last holder has passed its gradient down, before the
  /// values are told: a list that combines its holders' gradients itself (`AffineBlock`) does
  /// it here. A plain list has nothing to do: its holders added to the values directly.
  func gradientsArrived() {}

  /// This list, counted as held by one more node (called by the node's initializer).
  func held() -> ValueList {
    holders += 1
    return self
  }

  /// Called when a holder forgets this list: when it was the last one, the computed values
  /// move to `orphans` (to be released without recursion) and the list lets go of them.
  func letGo(into orphans: inout Orphans) {
    holders -= 1
    guard holders == 0 && depth > 0 else { return }
    for value in values where !value.isLeaf { orphans.append(value) }
    values = []
  }
}
