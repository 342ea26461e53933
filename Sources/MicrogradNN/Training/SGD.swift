import MicrogradEngine
import MicrogradSupport

/// Stochastic gradient descent with optional momentum, Nesterov momentum and weight
/// decay, with exactly PyTorch's update rule (`torch.optim.SGD`, dampening 0):
///
///     g ← grad + λ·p                      (weight decay λ, if λ ≠ 0)
///     b ← g               on the first step,
///     b ← μ·b + g         afterwards       (momentum μ, if μ ≠ 0)
///     g ← g + μ·b  (Nesterov)   or   g ← b  (classical momentum)
///     p ← p − lr·g
///
/// With μ = 0 and λ = 0 this is micrograd's `p.data += -lr * p.grad`.
/// (Polyak 1964 for momentum; Sutskever et al. 2013 for this form of Nesterov's method.)
public struct SGD: Optimizer {
  /// The values this optimizer updates.
  public let parameters: [Value]
  /// The step size lr, a finite number ≥ 0 (checked whenever it is set: a schedule cannot make it NaN).
  public var learningRate: Double {
    didSet { requireLearningRate(learningRate, "SGD") }
  }
  /// The momentum factor μ (0: plain gradient descent).
  var momentum: Double
  /// Whether to use Nesterov momentum (needs momentum > 0).
  var nesterov: Bool
  /// The L2 weight decay λ, added to the gradient as λ·p.
  var weightDecay: Double
  /// The momentum buffer b per parameter; empty until the first step with momentum.
  private(set) var velocity: [Double] = []

  /// An SGD optimizer over `parameters` (PyTorch's `SGD(params, lr, momentum, weight_decay, nesterov)`).
  public init(
    parameters: [Value], learningRate: Double, momentum: Double = 0, nesterov: Bool = false, weightDecay: Double = 0
  ) {
    requireLearningRate(learningRate, "SGD")
    require(
      !parameters.isEmpty,
      "SGD: no parameters to update (a model whose weights are constants, requiresGrad: false, has none)")
    require(momentum >= 0, "SGD: momentum must be at least 0 (got \(momentum))")
    require(weightDecay >= 0, "SGD: weightDecay must be at least 0 (got \(weightDecay))")
    require(!nesterov || momentum > 0, "SGD: nesterov needs a momentum greater than 0 (got \(momentum))")
    self.parameters = parameters
    self.learningRate = learningRate
    self.momentum = momentum
    self.nesterov = nesterov
    self.weightDecay = weightDecay
  }

  /// One update of every parameter.
  public mutating func step() {
    let firstStep = velocity.isEmpty
    if momentum != 0 && firstStep { velocity = Array(repeating: 0, count: parameters.count) }
    for (i, p) in parameters.enumerated() {
      var g = p.grad
      if weightDecay != 0 { g += weightDecay * p.data }
      if momentum != 0 {
        velocity[i] = firstStep ? g : momentum * velocity[i] + g
        g = nesterov ? g + momentum * velocity[i] : velocity[i]
      }
      p.data -= learningRate * g
    }
  }
}
