import MicrogradEngine

extension Value {
  /// The Jacobian J[i][j] = ∂outputs[i]/∂inputs[j], by one reverse pass per output over the
  /// same graph (a row of J is the vector–Jacobian product with the i-th unit vector).
  ///
  /// Interior gradients are recomputed in each pass. Leaves are left as they were: their
  /// gradients are saved before the first pass and restored after the last, so taking a
  /// Jacobian in the middle of a training step changes nothing. An input that no output
  /// depends on has a column of zeros; inputs may be leaves or interior nodes.
  ///
  /// Complexity: one `backward()` per output.
  public static func jacobian(of outputs: [Value], withRespectTo inputs: [Value]) -> [[Double]] {
    // Every leaf below the outputs, in one walk of the graph (through a sum node made for it).
    let leaves = Value.sum(outputs).topologicalOrder().filter(\.isLeaf)
    let saved = leaves.map(\.grad)
    defer { for (leaf, grad) in zip(leaves, saved) { leaf.grad = grad } }
    return outputs.map { output in
      for leaf in leaves { leaf.grad = 0 }
      for input in inputs { input.grad = 0 }
      backward([output], seeds: [1])
      return inputs.map(\.grad)
    }
  }
}
