/// A scalar that remembers how it was computed: one node of a computation graph.
///
/// A `Value` holds a number (`data`) and, after `backward()`, the derivative of the
/// final result with respect to it (`grad`). Every operation on values returns a new
/// node that records its inputs and a *backward rule*: a closure that, given the output's
/// gradient, adds each input's share to the input's `grad` with `+=` (the chain rule).
///
/// ```swift
/// let x = Value(2.0), w = Value(-3.0), b = Value(6.8813735870195432)
/// let o = (x * w + b).tanh()
/// o.backward()
/// print(w.grad)   // dL/dw = x · (1 - o²) ≈ 1.0
/// ```
///
/// This is karpathy/micrograd's `Value`, in Swift. It differs in three ways that matter for experiments:
/// `backward()` is iterative (graphs millions of nodes deep work), its gradients do not pile up across
/// calls except in leaves (like PyTorch), and a long graph is released without recursion.
///
/// A graph node is mutable shared state, so `Value` is deliberately not `Sendable`.
public final class Value {
  // `data` and `grad` are stored first (declared after `origin`, they made each node 16 bytes bigger) and read through
  // `@inlinable` accessors: `@exclusivity(unchecked)` drops Swift's run-time access check only where the access is
  // compiled, so other modules would pay it on every `grad +=` (8.8 ns instead of 0.8 ns, measured).
  @usableFromInline @exclusivity(unchecked) var storedData: Double
  @usableFromInline @exclusivity(unchecked) var storedGrad: Double = 0

  /// The number this node holds, computed when the node was created (the forward pass).
  public var data: Double {
    @inlinable get { storedData }
    @inlinable set { storedData = newValue }
  }

  /// The derivative of the root of the last `backward()` call with respect to this value.
  ///
  /// Leaves (inputs and parameters) accumulate across calls, like PyTorch's `.grad`: reset them with
  /// `Module.zeroGrad()` or `grad = 0`. Interior nodes are recomputed from zero on every call.
  public var grad: Double {
    @inlinable get { storedGrad }
    @inlinable set { storedGrad = newValue }
  }

  /// An optional name, shown by `description` and in drawings of the graph.
  public var label: String?

  /// The inputs this value was computed from, each with the rule that passes the
  /// gradient back to them (micrograd's `_prev` and `_backward` in one field).
  @exclusivity(unchecked) var origin: Origin

  /// Bookkeeping for `backward()`: how many parents have not yet passed their gradient down. Like `data` and `grad`,
  /// unchecked: the hot loops touch these billions of times, and never two accesses at once.
  @exclusivity(unchecked) var pendingParents: UInt32 = 0

  /// The operation that produced this value (`.leaf` for one you created).
  public let op: Op

  /// How many computed nodes lie below this one on the longest path to a leaf, up to 255
  /// (0 for a leaf). Releasing a node of depth < 255 may recurse at most that deep, which is
  /// safe and fast; a deeper one is released by the loop of `Value+Release.swift`.
  let depth: UInt8

  /// A leaf: an input or a parameter.
  public init(_ data: Double, label: String? = nil) {
    self.storedData = data
    self.label = label
    self.origin = .leaf
    self.depth = 0
    self.op = .leaf
  }

  /// A node computed from one input `x`; `backward(out, x)` adds to `x.grad`.
  init(_ data: Double, _ op: Op, _ x: Value, backward: @escaping (_ out: Value, _ x: Value) -> Void) {
    self.storedData = data
    self.origin = .unary(x, backward)
    self.op = op
    self.depth = Value.depth(above: x.depth)
  }

  /// A node computed from one input `x` and a constant `c` (as in `x * 2.0` or `x.pow(3)`);
  /// `backward(out, x, c)` adds to `x.grad`. The constant is stored in the node, so the rule
  /// captures nothing, and a drawing of the graph can show it.
  init(
    _ data: Double, _ op: Op, _ x: Value, constant c: Double,
    backward: @escaping (_ out: Value, _ x: Value, _ c: Double) -> Void
  ) {
    self.storedData = data
    self.origin = .constant(x, c, backward)
    self.op = op
    self.depth = Value.depth(above: x.depth)
  }

  /// A node computed from two inputs; `backward(out, a, b)` adds to `a.grad` and `b.grad`.
  init(
    _ data: Double, _ op: Op, _ a: Value, _ b: Value,
    backward: @escaping (_ out: Value, _ a: Value, _ b: Value) -> Void
  ) {
    self.storedData = data
    self.origin = .binary(a, b, backward)
    self.op = op
    self.depth = Value.depth(above: max(a.depth, b.depth))
  }

  /// A node computed from a list of inputs, like a sum.
  init(_ data: Double, _ op: Op, _ xs: ValueList, backward: @escaping (_ out: Value, _ xs: [Value]) -> Void) {
    self.storedData = data
    self.origin = .list(xs.held(), backward)
    self.op = op
    self.depth = Value.depth(above: xs.depth)
  }

  /// A node computed from two lists of inputs, like a dot product.
  init(
    _ data: Double, _ op: Op, _ ws: ValueList, _ xs: ValueList,
    backward: @escaping (_ out: Value, _ ws: [Value], _ xs: [Value]) -> Void
  ) {
    self.storedData = data
    self.origin = .lists(ws.held(), xs.held(), backward)
    self.op = op
    self.depth = Value.depth(above: max(ws.depth, xs.depth))
  }

  /// Entry `index` of nodes computed together (`NodeGroup`).
  init(_ data: Double, _ op: Op, entry index: Int, of group: NodeGroup) {
    self.storedData = data
    _ = group.held()
    self.origin = .entry(group, index)
    self.op = op
    self.depth = Value.depth(above: group.depth)
  }

  /// One more than `inputs`, saturating at 255.
  static func depth(above inputs: UInt8) -> UInt8 { inputs == .max ? .max : inputs + 1 }

  deinit {
    if depth == .max { releaseInputsIteratively() }
  }
}

/// Where a value came from: its inputs and the backward rule that feeds them.
///
/// The closures take the output node and the inputs as parameters instead of capturing
/// them, so a node never holds a reference to itself (no retain cycle) and most rules
/// capture nothing at all (no allocation beyond the node). Long lists of inputs (a sum, a
/// neuron's weights, a layer's inputs) are held in a `ValueList` that many nodes can share.
enum Origin {
  case leaf
  case unary(Value, (_ out: Value, _ x: Value) -> Void)
  case constant(Value, Double, (_ out: Value, _ x: Value, _ c: Double) -> Void)
  case binary(Value, Value, (_ out: Value, _ a: Value, _ b: Value) -> Void)
  case list(ValueList, (_ out: Value, _ xs: [Value]) -> Void)
  case lists(ValueList, ValueList, (_ out: Value, _ ws: [Value], _ xs: [Value]) -> Void)
  /// One entry of nodes computed together: the entry hands its gradient in, and the group
  /// passes them all on at once (`NodeGroup`).
  case entry(NodeGroup, Int)
}

extension Value {
  /// Whether this value is a leaf (an input or a parameter, not computed from other values).
  package var isLeaf: Bool {
    if case .leaf = origin { return true }
    return false
  }

  /// The values this one was computed from, in order (micrograd's `_prev`).
  /// An input used twice, as in `x * x`, appears twice.
  public var children: [Value] {
    var result: [Value] = []
    forEachChild { result.append($0) }
    return result
  }

  /// Calls `body` on each input of this node, without allocating.
  @inline(__always)
  func forEachChild(_ body: (Value) -> Void) {
    switch origin {
    case .leaf: break
    case .unary(let x, _), .constant(let x, _, _): body(x)
    case .binary(let a, let b, _):
      body(a)
      body(b)
    case .list(let xs, _):
      for x in xs.values { body(x) }
    case .lists(let ws, let xs, _):
      for w in ws.values { body(w) }
      for x in xs.values { body(x) }
    case .entry(let group, let index): group.rule.forEachInput(ofEntry: index, inputs: group.values, body)
    }
  }

  /// Calls `value` on each input held directly and `list` on each shared list of inputs.
  @inline(__always)
  func forEachInput(_ value: (Value) -> Void, list: (ValueList) -> Void) {
    switch origin {
    case .leaf: break
    case .unary(let x, _), .constant(let x, _, _): value(x)
    case .binary(let a, let b, _):
      value(a)
      value(b)
    case .list(let xs, _): list(xs)
    case .lists(let ws, let xs, _):
      list(ws)
      list(xs)
    case .entry(let group, _): list(group)
    }
  }

  /// Runs this node's backward rule: passes `grad` on to the inputs (micrograd's `_backward()`).
  /// Only `backward()` calls it, in its order: run out of order, it would add shares twice.
  @inline(__always)
  func _backward() {
    switch origin {
    case .leaf: break
    case .unary(let x, let rule): rule(self, x)
    case .constant(let x, let c, let rule): rule(self, x, c)
    case .binary(let a, let b, let rule): rule(self, a, b)
    case .list(let xs, let rule): rule(self, xs.values)
    case .lists(let ws, let xs, let rule): rule(self, ws.values, xs.values)
    case .entry(let group, let index): group.gradients[index] += grad
    }
  }
}

extension Value {
  /// A new leaf with this value's `data` and no history: PyTorch's `detach()`.
  ///
  /// Gradients stop here: what is computed from the copy never reaches this value's graph.
  /// To evaluate a model without building a graph at all, use `MLP.evaluate(_:)` and
  /// `Layer.evaluate(_:)`, which work on plain `Double`s.
  public func detached() -> Value { Value(data, label: label) }
}

extension Value {
  /// The op with its constant, if it has one: `+`, `/ 4.0`, `10.0 /`, `** 3.0`, `leaky_relu 0.2`.
  package var opLabel: String {
    guard case .constant(_, let c, _) = origin else { return op.rawValue }
    switch op {
    case .reverseSubtract: return "\(c) -"
    case .reverseDivide: return "\(c) /"
    case .pow: return "** \(c)"
    default: return "\(op.rawValue) \(c)"
    }
  }
}

extension Value: CustomStringConvertible {
  /// `Value(data: 0.7071067811865476, grad: 1.0)`, or with a label
  /// `Value(data: 2.0, grad: 0.0, label: "x")`: the way `Value` is written in Swift.
  public var description: String {
    let name = label.map { ", label: \(String(reflecting: $0))" } ?? ""
    return "Value(data: \(data), grad: \(grad)\(name))"
  }
}

extension Value: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
  /// A leaf from a literal: `let x: Value = 2.5`.
  public convenience init(floatLiteral value: Double) { self.init(value) }
  /// A leaf from an integer literal: `let x: Value = 3`.
  public convenience init(integerLiteral value: Int) { self.init(Double(value)) }
}
