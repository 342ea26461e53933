/// Nodes computed together: the one extension point through which a module above the engine
/// computes many nodes at once — `MicrogradNN`'s layer over a whole batch — while each stays a
/// node of the graph, with its own `data` and `grad`.
///
/// A group is a list of inputs that its entries share (like a dot product's `ValueList`), plus
/// the gradients its entries hand in: an entry's backward step is `gradients[index] += grad`.
/// `backward()` counts the group as one parent of its inputs; when the last entry has handed in
/// its gradient, the group's rule passes them all on to the inputs at once (with `+=`, as every
/// backward rule does), and the group clears them for the next pass.
///
/// This is `package`: it is how the library is built, not what a learner calls.
package final class NodeGroup: ValueList {
  /// What a group's entries compute, seen from `backward()`.
  package protocol Rule: AnyObject {
    /// Every entry has handed in its gradient (`gradients[k]` is entry k's ∂L/∂entry): add each
    /// input's share to its `grad`. When `inputsAreDistinct`, no value is listed twice (so a sum
    /// may start from each input's own gradient and be stored, instead of added at the end).
    func gradientsArrived(_ gradients: [Double], inputs: [Value], inputsAreDistinct: Bool)
    /// Calls `body` on the inputs entry `index` depends on (what `children` shows for it).
    func forEachInput(ofEntry index: Int, inputs: [Value], _ body: (Value) -> Void)
  }

  /// ∂L/∂entry for each entry, handed in by the entries' backward steps.
  @exclusivity(unchecked) package var gradients: [Double]
  /// The rule that passes them on.
  let rule: any Rule
  /// Whether every input is a different value.
  let inputsAreDistinct: Bool

  /// A group of `entries` nodes computed from `inputs` by `rule`.
  package init(inputs: [Value], entries: Int, rule: any Rule) {
    gradients = Array(repeating: 0, count: entries)
    self.rule = rule
    inputsAreDistinct = NodeGroup.noneRepeated(inputs)
    super.init(inputs)
  }

  /// Whether every value occurs once, checked with the counters `backward()` uses (all 0
  /// outside a backward pass): no hashing.
  private static func noneRepeated(_ values: [Value]) -> Bool {
    var repeated = false
    for v in values {
      if v.pendingParents != 0 { repeated = true }
      v.pendingParents += 1
    }
    for v in values { v.pendingParents = 0 }
    return !repeated
  }

  /// Passes the gradients on, then clears them.
  override func gradientsArrived() {
    rule.gradientsArrived(gradients, inputs: values, inputsAreDistinct: inputsAreDistinct)
    gradients = Array(repeating: 0, count: gradients.count)
  }
}

extension Value {
  /// One node per entry of `group`, entry k holding `data[k]` and recorded as `op`, in `rows` rows.
  package static func entries(_ data: [Double], op: Op, of group: NodeGroup, rows: Int) -> [[Value]] {
    let n = data.count / rows
    return (0..<rows).map { r in (r * n..<(r + 1) * n).map { Value(data[$0], op, entry: $0, of: group) } }
  }
}
