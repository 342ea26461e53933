/// `+ - * /` between values, and with a `Double` on either side.
///
/// Each operator has the same three-part shape: compute the output's `data`, record the
/// inputs, and give the rule that adds each input's share of the gradient:
/// for c = a·b, ∂c/∂a = b, so `a.grad += b.data * out.grad`.
///
/// A number on one side is a constant, not a node: `y + 1.0` records one node with one
/// input, so a chain of ten million `y = y + 1.0` costs ten million nodes, not twenty.
/// With a `Double` variable (`y + c`) Swift picks the operators that take a `Double`. A
/// *literal* (`y + 1.0`, `2 * x`) arrives as a `Value`, since `Value` is expressible by
/// literals; the value-and-value operators see that it is a leaf nothing else holds
/// (`isDisposableLeaf`) — nobody could ever read its gradient — and fold it the same way.
/// A `Value` you keep (`let w: Value = 0.5`) is always a node of its own and gets its gradient.
///
/// An `Int` works on either side too (`x * n` for `let n = 3`), converted to `Double`.
///
/// The operators with a `Double` or `Int` side are `@_disfavoredOverload`: without that, plain
/// arithmetic on numbers such as `5.0 / 3` or `1 / x.squareRoot()` would be ambiguous in
/// any file that imports Micrograd (the integer literal could be a `Value` as well as a
/// `Double`). Disfavored, they are chosen only when one side really is a `Double` variable.
extension Value {
  /// a + b.
  public static func + (a: consuming Value, b: consuming Value) -> Value {
    if isDisposableLeaf(&b) { return a + b.data }
    if isDisposableLeaf(&a) { return a.data + b }
    return Value(a.data + b.data, .add, a, b) { out, a, b in
      a.grad += out.grad
      b.grad += out.grad
    }
  }

  /// a + c for a constant c.
  @_disfavoredOverload
  public static func + (a: Value, c: Double) -> Value {
    Value(a.data + c, .add, a, constant: c) { out, a, c in
      a.grad += out.grad
    }
  }

  /// c + a for a constant c.
  @_disfavoredOverload
  public static func + (c: Double, a: Value) -> Value { a + c }

  /// a − b.
  public static func - (a: consuming Value, b: consuming Value) -> Value {
    if isDisposableLeaf(&b) { return a - b.data }
    if isDisposableLeaf(&a) { return a.data - b }
    return Value(a.data - b.data, .subtract, a, b) { out, a, b in
      a.grad += out.grad
      b.grad += -out.grad
    }
  }

  /// a − c for a constant c.
  @_disfavoredOverload
  public static func - (a: Value, c: Double) -> Value {
    Value(a.data - c, .subtract, a, constant: c) { out, a, c in
      a.grad += out.grad
    }
  }

  /// c − a for a constant c.
  @_disfavoredOverload
  public static func - (c: Double, a: Value) -> Value {
    Value(c - a.data, .reverseSubtract, a, constant: c) { out, a, c in
      a.grad += -out.grad
    }
  }

  /// −a.
  public static prefix func - (a: Value) -> Value {
    Value(-a.data, .negate, a) { out, a in
      a.grad += -out.grad
    }
  }

  /// a · b.
  public static func * (a: consuming Value, b: consuming Value) -> Value {
    if isDisposableLeaf(&b) { return a * b.data }
    if isDisposableLeaf(&a) { return a.data * b }
    return Value(a.data * b.data, .multiply, a, b) { out, a, b in
      a.grad += b.data * out.grad
      b.grad += a.data * out.grad
    }
  }

  /// a · c for a constant c.
  @_disfavoredOverload
  public static func * (a: Value, c: Double) -> Value {
    Value(a.data * c, .multiply, a, constant: c) { out, a, c in
      a.grad += c * out.grad
    }
  }

  /// c · a for a constant c.
  @_disfavoredOverload
  public static func * (c: Double, a: Value) -> Value { a * c }

  /// a / b. ∂/∂a = 1/b, ∂/∂b = −a/b².
  public static func / (a: consuming Value, b: consuming Value) -> Value {
    if isDisposableLeaf(&b) { return a / b.data }
    if isDisposableLeaf(&a) { return a.data / b }
    return Value(a.data / b.data, .divide, a, b) { out, a, b in
      a.grad += out.grad / b.data
      b.grad += -out.data / b.data * out.grad
    }
  }

  /// a / c for a constant c.
  @_disfavoredOverload
  public static func / (a: Value, c: Double) -> Value {
    Value(a.data / c, .divide, a, constant: c) { out, a, c in
      a.grad += out.grad / c
    }
  }

  /// c / a for a constant c. ∂/∂a = −c/a² = −out/a.
  @_disfavoredOverload
  public static func / (c: Double, a: Value) -> Value {
    Value(c / a.data, .reverseDivide, a, constant: c) { out, a, c in
      a.grad += -out.data / a.data * out.grad
    }
  }

  /// `a += b` rebinds `a` to the new node `a + b` (the old node is unchanged).
  public static func += (a: inout Value, b: consuming Value) { a = a + b }
  /// `a += c` rebinds `a` to `a + c`.
  @_disfavoredOverload
  public static func += (a: inout Value, c: Double) { a = a + c }
  /// `a -= b` rebinds `a` to `a - b`.
  public static func -= (a: inout Value, b: consuming Value) { a = a - b }
  /// `a -= c` rebinds `a` to `a - c`.
  @_disfavoredOverload
  public static func -= (a: inout Value, c: Double) { a = a - c }
  /// `a *= b` rebinds `a` to `a * b`.
  public static func *= (a: inout Value, b: consuming Value) { a = a * b }
  /// `a *= c` rebinds `a` to `a * c`.
  @_disfavoredOverload
  public static func *= (a: inout Value, c: Double) { a = a * c }
  /// `a /= b` rebinds `a` to `a / b`.
  public static func /= (a: inout Value, b: consuming Value) { a = a / b }
  /// `a /= c` rebinds `a` to `a / c`.
  @_disfavoredOverload
  public static func /= (a: inout Value, c: Double) { a = a / c }
}

extension Value {
  /// a + n for an integer constant n.
  @_disfavoredOverload
  public static func + (a: Value, n: Int) -> Value { a + Double(n) }
  /// n + a for an integer constant n.
  @_disfavoredOverload
  public static func + (n: Int, a: Value) -> Value { a + Double(n) }
  /// a − n for an integer constant n.
  @_disfavoredOverload
  public static func - (a: Value, n: Int) -> Value { a - Double(n) }
  /// n − a for an integer constant n.
  @_disfavoredOverload
  public static func - (n: Int, a: Value) -> Value { Double(n) - a }
  /// a · n for an integer constant n.
  @_disfavoredOverload
  public static func * (a: Value, n: Int) -> Value { a * Double(n) }
  /// n · a for an integer constant n.
  @_disfavoredOverload
  public static func * (n: Int, a: Value) -> Value { a * Double(n) }
  /// a / n for an integer constant n.
  @_disfavoredOverload
  public static func / (a: Value, n: Int) -> Value { a / Double(n) }
  /// n / a for an integer constant n.
  @_disfavoredOverload
  public static func / (n: Int, a: Value) -> Value { Double(n) / a }
}

extension Value {
  /// Whether `v` is a leaf that nothing else holds: a literal like the `1.0` in `y + 1.0`, or a
  /// temporary `Value(2)`. No one can ever read its gradient, so the operators fold it into
  /// the operation as a constant instead of recording it as a node of its own.
  ///
  /// A labeled leaf is kept as a node, so a drawing of the graph still shows its name.
  static func isDisposableLeaf(_ v: inout Value) -> Bool {
    v.isLeaf && v.label == nil && isKnownUniquelyReferenced(&v)
  }
}
