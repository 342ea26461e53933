// The largest values an example accepts, beside the smallest (`positiveInteger(_:default:atLeast:_:)`): a count
// past which a run would take hours or days is refused before any work, with the reason.

extension ParsedOptions {
  /// `positiveInteger(name, default:)`, refused above `maximum` with `reason` ("about 3 s a seed"): the
  /// largest value the example runs in minutes, checked before any work.
  package func positiveInteger(_ name: String, default defaultValue: Int, atMost maximum: Int, _ reason: String) -> Int
  {
    let n = positiveInteger(name, default: defaultValue)
    if n > maximum { options.usageError("\(name) must be at most \(maximum): \(reason) (got '\(n)')") }
    return n
  }

  /// `positiveNumber(name)` within `range`, refused outside it with `reason`, which names the range as
  /// a reader writes it ("from 1e-6 to 10: …"); nil when not given.
  package func positiveNumber(_ name: String, in range: ClosedRange<Double>, _ reason: String) -> Double? {
    guard let x = positiveNumber(name) else { return nil }
    if !range.contains(x) { options.usageError("\(name) must be \(reason) (got '\(values[name] ?? "")')") }
    return x
  }

  /// `positiveInteger(name, default:)` from `minimum` to `maximum`, each bound refused with its own reason.
  package func positiveInteger(
    _ name: String, default defaultValue: Int, atLeast minimum: Int, _ lowReason: String, atMost maximum: Int,
    _ highReason: String
  ) -> Int {
    _ = positiveInteger(name, default: defaultValue, atLeast: minimum, lowReason)
    return positiveInteger(name, default: defaultValue, atMost: maximum, highReason)
  }
}
