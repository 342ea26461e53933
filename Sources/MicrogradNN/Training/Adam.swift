import MicrogradEngine
import MicrogradSupport

/// Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization") and AdamW
/// (Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization"), with exactly
/// PyTorch's update rule and defaults (`torch.optim.Adam`, `torch.optim.AdamW`):
///
///     t ← t + 1
///     g ← grad + λ·p                (Adam with weight decay λ: an L2 term in the gradient)
///     p ← p − lr·λ·p                (AdamW: decay the weight itself, outside the gradient)
///     m ← β₁·m + (1 − β₁)·g         (mean of the gradients)
///     v ← β₂·v + (1 − β₂)·g²        (mean of their squares)
///     p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
///
/// The divisions by 1 − βᵗ undo the bias of m and v towards their zero start, and ε is
/// added *after* the square root, as PyTorch does. Each parameter moves by about lr per
/// step whatever the scale of its gradient, which is why Adam is forgiving of a poor
/// initialization's tiny or huge gradients.
public struct Adam: Optimizer {
  /// How weight decay enters the update.
  public enum WeightDecayStyle: Sendable {
    /// Adam: λ·p is added to the gradient (L2 regularization, then adapted like any gradient).
    case l2
    /// AdamW: p is shrunk by lr·λ·p directly, independent of the adaptive scaling.
    case decoupled
  }

  /// The values this optimizer updates.
  public let parameters: [Value]
  /// The step size lr, a finite number ≥ 0 (checked whenever it is set: a schedule cannot make it NaN) (PyTorch's default 1e-3).
  public var learningRate: Double {
    didSet { requireLearningRate(learningRate, "Adam") }
  }
  /// β₁, β₂: the decay rates of the running mean and mean square (default 0.9, 0.999).
  var betas: (Double, Double)
  /// ε, added to the root mean square to avoid dividing by 0 (default 1e-8).
  var epsilon: Double
  /// The weight decay λ (default 0 for Adam, 0.01 for AdamW).
  var weightDecay: Double
  /// Whether λ is an L2 term (Adam) or decoupled (AdamW).
  var weightDecayStyle: WeightDecayStyle
  /// The number of steps taken, t.
  private(set) var stepCount = 0
  /// The running mean m of each parameter's gradient.
  private(set) var firstMoment: [Double]
  /// The running mean v of each parameter's squared gradient.
  private(set) var secondMoment: [Double]

  /// Adam over `parameters` (PyTorch's `Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0)`).
  public init(
    parameters: [Value], learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
    epsilon: Double = 1e-8, weightDecay: Double = 0, weightDecayStyle: WeightDecayStyle = .l2
  ) {
    requireLearningRate(learningRate, "Adam")
    require(
      !parameters.isEmpty,
      "Adam: no parameters to update (a model whose weights are constants, requiresGrad: false, has none)")
    require(betas.0 >= 0 && betas.0 < 1, "Adam: betas.0 must be in [0, 1) (got \(betas.0))")
    require(betas.1 >= 0 && betas.1 < 1, "Adam: betas.1 must be in [0, 1) (got \(betas.1))")
    require(epsilon >= 0, "Adam: epsilon must be at least 0 (got \(epsilon))")
    require(weightDecay >= 0, "Adam: weightDecay must be at least 0 (got \(weightDecay))")
    self.parameters = parameters
    self.learningRate = learningRate
    self.betas = betas
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.weightDecayStyle = weightDecayStyle
    firstMoment = Array(repeating: 0, count: parameters.count)
    secondMoment = Array(repeating: 0, count: parameters.count)
  }

  /// AdamW over `parameters` (PyTorch's `AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)`).
  static func adamW(
    parameters: [Value], learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
    epsilon: Double = 1e-8, weightDecay: Double = 0.01
  ) -> Adam {
    Adam(
      parameters: parameters, learningRate: learningRate, betas: betas, epsilon: epsilon,
      weightDecay: weightDecay, weightDecayStyle: .decoupled)
  }

  /// One update of every parameter.
  public mutating func step() {
    stepCount += 1
    let (beta1, beta2) = betas
    let t = Double(stepCount)
    let stepSize = learningRate / (1 - Math.pow(beta1, t))
    let biasCorrection2Root = (1 - Math.pow(beta2, t)).squareRoot()
    for (i, p) in parameters.enumerated() {
      var g = p.grad
      if weightDecay != 0 {
        switch weightDecayStyle {
        case .l2: g += weightDecay * p.data
        case .decoupled: p.data *= 1 - learningRate * weightDecay
        }
      }
      firstMoment[i] += (g - firstMoment[i]) * (1 - beta1)  // PyTorch's lerp(m, g, 1 − β₁)
      secondMoment[i] = secondMoment[i] * beta2 + (1 - beta2) * g * g
      let denominator = secondMoment[i].squareRoot() / biasCorrection2Root + epsilon
      p.data -= stepSize * (firstMoment[i] / denominator)
    }
  }
}
