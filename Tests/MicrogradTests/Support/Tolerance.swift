import Testing

/// How close two numbers must be: |a − b| ≤ max(absolute, relative · max(|a|, |b|)).
///
/// One helper for the whole suite, so every comparison says which kind of closeness it
/// means instead of scattering epsilons.
struct Tolerance: Sendable, CustomStringConvertible {
  var relative: Double
  var absolute: Double = 0

  /// Golden values that are exact rationals or single library calls.
  static let exact = Tolerance(relative: 1e-12, absolute: 1e-15)
  /// Agreement with an independent float64 reference (PyTorch) after many rounded ops.
  static let reference = Tolerance(relative: 1e-9, absolute: 1e-12)
  /// Central finite differences with h = 1e-6: error O(h²) plus rounding O(ε/h).
  static let finiteDifference = Tolerance(relative: 1e-6, absolute: 1e-7)

  static func relative(_ r: Double) -> Tolerance { Tolerance(relative: r) }
  static func absolute(_ a: Double) -> Tolerance { Tolerance(relative: 0, absolute: a) }

  func accepts(_ a: Double, _ b: Double) -> Bool {
    if a == b { return true }  // also equal infinities
    return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
  }

  var description: String { "relative \(relative), absolute \(absolute)" }
}

/// Expects `actual` to equal `expected` within `tolerance`, printing both when it fails.
func expectClose(
  _ actual: Double, _ expected: Double, _ tolerance: Tolerance = .exact,
  _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    tolerance.accepts(actual, expected),
    "\(actual) is not within \(tolerance) of \(expected)\(comment.map { ": \($0)" } ?? "")",
    sourceLocation: sourceLocation)
}

/// Expects two arrays to agree elementwise within `tolerance`.
func expectClose(
  _ actual: [Double], _ expected: [Double], _ tolerance: Tolerance = .exact,
  _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    actual.count == expected.count, "lengths differ: \(actual.count) vs \(expected.count)",
    sourceLocation: sourceLocation)
  for (i, (a, e)) in zip(actual, expected).enumerated() {
    #expect(
      tolerance.accepts(a, e), "[\(i)] \(a) is not within \(tolerance) of \(e)\(comment.map { ": \($0)" } ?? "")",
      sourceLocation: sourceLocation)
  }
}

extension ExitTest.Result {
  /// Whether the child process wrote `text` to standard error (the precondition message).
  func printed(_ text: String) -> Bool {
    String(decoding: standardErrorContent, as: UTF8.self).contains(text)
  }
}
