import MicrogradEngine
import MicrogradSupport

/// An optimizer: a rule that moves parameters against their gradients.
///
/// The contract is PyTorch's: after `loss.backward()` has filled every parameter's
/// `grad`, `step()` changes each parameter's `data` once. Gradients are not reset by
/// `step()`; call `zeroGrad()` before the next `backward()` (leaves accumulate).
///
/// ```swift
/// var optimizer = Adam(parameters: model.parameters)
/// for _ in 0..<100 {
///   let loss = …
///   optimizer.zeroGrad()
///   loss.backward()
///   optimizer.step()
/// }
/// ```
public protocol Optimizer {
  /// The values this optimizer updates, in a fixed order (its state is kept in the same order).
  var parameters: [Value] { get }
  /// The step size of the next `step()`; a `LearningRateSchedule` sets it before each step.
  var learningRate: Double { get set }
  /// Updates every parameter's `data` from its current `grad` (and the optimizer's state).
  mutating func step()
}

extension Optimizer {
  /// Sets the gradient of every parameter to 0.
  public func zeroGrad() {
    for p in parameters { p.grad = 0 }
  }
}

/// Stops with a message naming the optimizer unless `learningRate` is a finite number ≥ 0.
func requireLearningRate(_ learningRate: Double, _ optimizer: String) {
  require(
    learningRate.isFinite && learningRate >= 0,
    "\(optimizer): learningRate must be a finite number at least 0 (got \(learningRate))")
}
