#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(ucrt)
  import ucrt
#endif
import Micrograd

/// A one-line progress report for long runs, rewritten in place:
/// `step 420/1000  loss 0.3141  accuracy 92.0%  37.5 steps/s`.
///
/// It draws only when standard output is a terminal, so piping an example's output into
/// a file or a test log stays clean. Call `update` as often as you like; it redraws at
/// most every `interval`.
package struct ProgressLine {
  /// The number of steps the run will take, for "step k/total".
  package let total: Int
  /// Whether anything is drawn (by default: whether standard output is a terminal).
  package let isEnabled: Bool
  /// The least time between two redraws.
  package var interval: Duration = .milliseconds(100)

  private let clock = ContinuousClock()
  private let start: ContinuousClock.Instant
  private var lastDraw: ContinuousClock.Instant?
  private var width = 0

  /// A progress line for a run of `total` steps.
  package init(total: Int, enabled: Bool = ProgressLine.standardOutputIsTerminal) {
    self.total = total
    self.isEnabled = enabled
    self.start = clock.now
  }

  /// Whether standard output is a terminal (`isatty(1)`), not a pipe or a file.
  package static var standardOutputIsTerminal: Bool { isatty(1) != 0 }

  /// Redraws the line for a finished step `step` (0-based).
  package mutating func update(step: Int, loss: Double, accuracy: Double? = nil) {
    guard isEnabled else { return }
    let now = clock.now
    if let lastDraw, now - lastDraw < interval, step + 1 < total { return }
    lastDraw = now
    let seconds = Self.seconds(now - start)
    let rate = seconds > 0 ? Double(step + 1) / seconds : 0
    var line = "step \(step + 1)/\(total)  loss \(loss.formatted(decimals: 4))"
    if let accuracy { line += "  accuracy \((100 * accuracy).formatted(decimals: 1))%" }
    line += "  \(rate.formatted(significant: 3)) steps/s"
    let padding = String(repeating: " ", count: max(0, width - line.count))
    width = line.count
    print("\r" + line + padding, terminator: "")
    fflush(nil)  // nil: all output streams (stdout is a C global Swift 6 will not touch)
  }

  /// Redraws the line for a training step.
  package mutating func update(_ step: TrainingStep) {
    update(step: step.step, loss: step.loss, accuracy: step.accuracy)
  }

  /// Clears the line so that the next output starts at the left margin.
  package mutating func finish() {
    guard isEnabled, width > 0 else { return }
    print("\r" + String(repeating: " ", count: width) + "\r", terminator: "")
    fflush(nil)  // nil: all output streams (stdout is a C global Swift 6 will not touch)
    width = 0
  }

  private static func seconds(_ d: Duration) -> Double {
    let (s, attoseconds) = d.components
    return Double(s) + Double(attoseconds) * 1e-18
  }
}
