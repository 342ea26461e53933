import Testing

/// How close two numbers must be: |a − b| ≤ max(absolute, relative · max(|a|, |b|)).
///
/// One helper for the whole suite, so every comparison says which kind of closeness it
/// means instead of scattering epsilons.
package struct Tolerance: Sendable, CustomStringConvertible {
  package var relative: Double
  package var absolute: Double = 0

  /// Accepts |a − b| ≤ max(absolute, relative · max(|a|, |b|)).
  package init(relative: Double, absolute: Double = 0) {
    self.relative = relative
    self.absolute = absolute
  }

  /// Golden values that are exact rationals or single library calls.
  package static let exact = Tolerance(relative: 1e-12, absolute: 1e-15)
  /// Agreement with an independent float64 reference (PyTorch) after many rounded ops.
  package static let reference = Tolerance(relative: 1e-9, absolute: 1e-12)
  /// Central finite differences with h = 1e-6: error O(h²) plus rounding O(ε/h).
  package static let finiteDifference = Tolerance(relative: 1e-6, absolute: 1e-7)

  package static func relative(_ r: Double) -> Tolerance { Tolerance(relative: r) }
  /// About n units in the last place: relative n·2⁻⁵², and below the smallest normal number
  /// (where no result has full relative precision) absolute `Double.leastNormalMagnitude`.
  package static func ulps(_ n: Double) -> Tolerance {
    Tolerance(relative: n * Double.ulpOfOne, absolute: Double.leastNormalMagnitude)
  }
  package static func absolute(_ a: Double) -> Tolerance { Tolerance(relative: 0, absolute: a) }

  package func accepts(_ a: Double, _ b: Double) -> Bool {
    if a == b || (a.isNaN && b.isNaN) { return true }  // also equal infinities
    // An infinity or a NaN is close only to itself: relative · ∞ would accept ∞ against any finite number.
    guard a.isFinite && b.isFinite else { return false }
    return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
  }

  package var description: String { "relative \(relative), absolute \(absolute)" }
}

/// Expects `actual` to equal `expected` within `tolerance`, printing both when it fails.
package func expectClose(
  _ actual: Double, _ expected: Double, _ tolerance: Tolerance = .exact,
  _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    tolerance.accepts(actual, expected),
    "\(actual) is not within \(tolerance) of \(expected)\(comment.map { ": \($0)" } ?? "")",
    sourceLocation: sourceLocation)
}

/// Expects two arrays to agree elementwise within `tolerance`.
package func expectClose(
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
  package func printed(_ text: String) -> Bool {
    String(decoding: standardErrorContent, as: UTF8.self).contains(text)
  }
}
