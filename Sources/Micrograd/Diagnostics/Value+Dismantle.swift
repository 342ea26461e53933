extension Value {
  /// Forgets this node's inputs, turning it into a leaf that keeps its `data` and `grad`.
  ///
  /// Used to take a large graph apart cheaply: dismantling the nodes of
  /// `root.topologicalOrder()` in that order (inputs first) means no node still has inputs
  /// when it is finally released, so releasing needs no walk over its inputs at all.
  /// (A dot node over 128 shared inputs would otherwise look at all 128 of them on release.)
  func dismantle() { origin = .leaf }
}
