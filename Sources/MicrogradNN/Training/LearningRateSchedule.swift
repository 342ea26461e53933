import MicrogradEngine
import MicrogradSupport

/// How the learning rate changes over training: `schedule(step)` is the rate for step k
/// (counting from 0).
///
/// ```swift
/// let schedule = LearningRateSchedule.micrograd   // 1.0 − 0.9·k/100
/// optimizer.learningRate = schedule(k)
/// ```
public enum LearningRateSchedule: Sendable, CustomStringConvertible {
  /// The same rate at every step.
  case constant(Double)
  /// A straight line from `from` at step 0 to `to` at step `steps`, then `to`:
  /// lr(k) = from + (to − from)·k/steps.
  case linear(from: Double, to: Double, steps: Int)
  /// Multiply the rate by `factor` every `every` steps: lr(k) = initial · factor^⌊k/every⌋
  /// (PyTorch's `StepLR` with gamma = factor).
  case step(initial: Double, factor: Double, every: Int)
  /// Half a cosine wave from `from` down to `to` over `steps` steps, then `to`:
  /// lr(k) = to + (from − to)·(1 + cos(π·k/steps))/2 (Loshchilov & Hutter 2017, SGDR,
  /// without restarts).
  ///
  /// For k ≤ `steps` this is PyTorch's `CosineAnnealingLR(T_max=steps, eta_min=to)` to
  /// rounding (tested against it). After `steps` they part: this schedule holds `to`, while
  /// PyTorch's keeps following the cosine and climbs back to `from` at 2·`steps`, periodically.
  case cosine(from: Double, to: Double, steps: Int)

  /// micrograd's demo schedule, `lr = 1.0 - 0.9*k/100`: from 1.0 down towards 0.1 over 100 steps.
  public static let micrograd = LearningRateSchedule.linear(from: 1.0, to: 0.1, steps: 100)

  /// The learning rate for step `k` (0-based).
  func callAsFunction(_ k: Int) -> Double {
    require(k >= 0, "LearningRateSchedule: the step must be at least 0 (got \(k))")
    switch self {
    case .constant(let rate):
      return rate
    case .linear(let from, let to, let steps):
      require(steps > 0, "LearningRateSchedule.linear: steps must be at least 1 (got \(steps))")
      return k >= steps ? to : from + (to - from) * Double(k) / Double(steps)
    case .step(let initial, let factor, let every):
      require(every > 0, "LearningRateSchedule.step: every must be at least 1 (got \(every))")
      return initial * Math.pow(factor, Double(k / every))
    case .cosine(let from, let to, let steps):
      require(steps > 0, "LearningRateSchedule.cosine: steps must be at least 1 (got \(steps))")
      if k >= steps { return to }
      return to + (from - to) * (1 + Math.cos(Double.pi * Double(k) / Double(steps))) / 2
    }
  }

  /// "linear 1 → 0.1 over 100 steps", ….
  public var description: String {
    func f(_ x: Double) -> String { formatted(x, significant: 4) }
    switch self {
    case .constant(let rate): return "constant \(f(rate))"
    case .linear(let from, let to, let steps): return "linear \(f(from)) → \(f(to)) over \(steps) steps"
    case .step(let initial, let factor, let every): return "\(f(initial)) × \(f(factor)) every \(every) steps"
    case .cosine(let from, let to, let steps): return "cosine \(f(from)) → \(f(to)) over \(steps) steps"
    }
  }
}
