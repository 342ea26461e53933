/// Finding where a NaN or an infinity came from.
///
/// Math on values follows IEEE 754, like PyTorch: `Value(-1).log()` is NaN and the NaN
/// flows on through every later op and gradient. By the time the loss prints `nan`, the
/// op that made it is far away. `checkFinite()` finds it.

/// The first operation that produced a value or a gradient that is not finite.
public struct NonFiniteReport: CustomStringConvertible {
  /// Whether an input, the forward value or a gradient went bad.
  public enum Kind: Sendable { case input, output, gradient }

  /// `.input`: a leaf (an input or a parameter) was not finite to begin with.
  /// `.output`: the op's result was not finite though its inputs were.
  /// `.gradient`: the op's backward rule passed a non-finite gradient to an input,
  /// though its own data and gradient were finite.
  public var kind: Kind
  /// The node whose op is to blame.
  public var node: Value
  /// The data of the node's inputs, in order.
  public var inputs: [Double]

  /// "log produced nan from inputs [-1.0]".
  public var description: String {
    let name = node.label.map { " (\($0))" } ?? ""
    let inputs = "[" + self.inputs.map(plain).joined(separator: ", ") + "]"
    switch kind {
    case .input:
      return "the input\(name) is \(plain(node.data)): no op produced it, it was created that way"
    case .output:
      return "\(node.opLabel)\(name) produced \(plain(node.data)) from inputs \(inputs)"
    case .gradient:
      return
        "the backward rule of \(node.opLabel)\(name) (output \(plain(node.data)), grad \(plain(node.grad))) passed a non-finite gradient to its inputs \(inputs)"
    }
  }
}

extension Value {
  /// Names the first op whose output or gradient is not finite, or returns nil.
  ///
  /// Outputs are checked in the order they were computed; the first non-finite one
  /// whose inputs are all finite is reported. If every output is finite, the backward
  /// pass is replayed, checking after each rule whether it passed a NaN or ∞ to one of
  /// its inputs. The replay leaves every `grad` as it was.
  ///
  /// ```swift
  /// let x = Value(-1), y = (x.log() * 2).exp()
  /// print(y.checkFinite()!)   // log produced nan from inputs [-1.0]
  /// ```
  public func checkFinite() -> NonFiniteReport? {
    let order = topologicalOrder()
    for node in order where !node.data.isFinite {
      if node.isLeaf { return NonFiniteReport(kind: .input, node: node, inputs: []) }
      let inputs = node.children.map(\.data)
      if inputs.allSatisfy(\.isFinite) { return NonFiniteReport(kind: .output, node: node, inputs: inputs) }
    }
    let saved = order.map(\.grad)
    defer { for (node, grad) in zip(order, saved) { node.grad = grad } }
    var culprit: Value?
    visitInBackwardOrder(resettingGradients: true) { node in
      guard culprit == nil else { return }
      node._backward()
      if node.grad.isFinite {
        node.forEachChild { child in
          if !child.grad.isFinite { culprit = node }
        }
      }
    }
    return culprit.map { NonFiniteReport(kind: .gradient, node: $0, inputs: $0.children.map(\.data)) }
  }
}

/// `x` in Swift's shortest form, with NaN written as "nan" whatever its sign bit.
private func plain(_ x: Double) -> String { x.isNaN ? "nan" : "\(x)" }
