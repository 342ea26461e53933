import MicrogradEngine

/// How a layer's weights are drawn before training: the strategy a `Layer` or `MLP` takes.
///
/// A layer with `fanIn` inputs and `fanOut` neurons has a `fanOut × fanIn` weight matrix
/// (one row per neuron, as PyTorch's `nn.Linear.weight`). An initializer fills the whole
/// matrix at once, because some strategies (orthogonal, sparse, eye) are defined on the
/// matrix, not on one number at a time.
///
/// The vocabulary is PyTorch's `torch.nn.init`, and the numbers are computed the way PyTorch
/// computes them (`fan_in`, `fan_out`, `calculate_gain`). Why the variances are chosen like
/// this is the story of `Docs/Initialization.md`: a layer keeps its signal alive when
/// `fanIn · Var(w) · E[φ(u)²] ≈ 1`, for the activation φ that follows it.
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// let mlp = MLP(inputs: 2, sizes: [16, 16, 1], activation: .tanh,
///               initializer: .xavierNormal(gain: 5.0 / 3), using: &rng)
/// let w = WeightInitializer.orthogonal().weights(fanOut: 3, fanIn: 3, using: &rng)
/// ```
///
/// Write your own by conforming a type to `CustomWeightInitializer` and passing `.custom(yours)`.
public enum WeightInitializer: Sendable {
  /// micrograd's default: every weight from U(−1, 1), whatever the layer size.
  ///
  /// Var(w) = 1/3, so `fanIn · Var(w)` grows with the width: with 16 inputs a tanh neuron's
  /// pre-activation has std ≈ 2.3 and saturates. The original's choice, kept for the demo.
  case micrograd

  /// U(a, b): every weight uniform on [a, b). PyTorch: `torch.nn.init.uniform_(w, a, b)`.
  case uniform(a: Double = 0, b: Double = 1)

  /// N(mean, std²). PyTorch: `torch.nn.init.normal_(w, mean, std)`.
  case normal(mean: Double = 0, std: Double = 1)

  /// N(mean, std²) restricted to [a, b] (a and b are absolute bounds, not in units of std).
  /// PyTorch: `torch.nn.init.trunc_normal_(w, mean, std, a, b)`; its defaults are
  /// mean 0, std 1, a = −2, b = 2. Drawn by rejection: exact, and fast while [a, b]
  /// holds a reasonable share of the Gaussian's mass.
  case truncatedNormal(mean: Double = 0, std: Double = 1, a: Double = -2, b: Double = 2)

  /// Every weight equal to `value`. PyTorch: `torch.nn.init.constant_(w, value)`.
  /// (All neurons of such a layer compute the same thing and get the same gradient: the
  /// symmetry that random initialization exists to break.)
  case constant(Double)

  /// The identity matrix (square layers only): each neuron passes one input through.
  /// PyTorch: `torch.nn.init.eye_(w)`.
  case eye

  /// Glorot & Bengio (2010), "Understanding the difficulty of training deep feedforward
  /// neural networks", eq. 16: U(−bound, bound) with
  /// `bound = gain · √3 · √(2 / (fanIn + fanOut))`, i.e. Var(w) = gain² · 2 / (fanIn + fanOut),
  /// a compromise between keeping activations (fan-in) and gradients (fan-out) alive.
  /// PyTorch: `torch.nn.init.xavier_uniform_(w, gain)`.
  case xavierUniform(gain: Double = 1)

  /// Glorot & Bengio (2010) in its Gaussian form: N(0, std²) with
  /// `std = gain · √(2 / (fanIn + fanOut))`. PyTorch: `torch.nn.init.xavier_normal_(w, gain)`.
  case xavierNormal(gain: Double = 1)

  /// He et al. (2015), "Delving deep into rectifiers", eq. 10, uniform form:
  /// U(−bound, bound) with `bound = √3 · gain / √fan`, where
  /// `gain = calculateGain(nonlinearity)` and `fan` is fan-in or fan-out by `mode`.
  /// PyTorch: `torch.nn.init.kaiming_uniform_(w, a, mode, nonlinearity)`, whose defaults
  /// (a = 0, fan-in, "leaky_relu") are ours: `.leakyReLU(negativeSlope: 0)`, gain √2 as ReLU's.
  /// PyTorch's `a` is the slope of the leaky ReLU: `.kaimingUniform(nonlinearity: .leakyReLU(negativeSlope: 0.2))`.
  case kaimingUniform(mode: KaimingMode = .fanIn, nonlinearity: Activation = .leakyReLU(negativeSlope: 0))

  /// He et al. (2015), Gaussian form: N(0, std²) with `std = gain / √fan`.
  /// PyTorch: `torch.nn.init.kaiming_normal_(w, a, mode, nonlinearity)`, same defaults.
  case kaimingNormal(mode: KaimingMode = .fanIn, nonlinearity: Activation = .leakyReLU(negativeSlope: 0))

  /// LeCun et al. (1998), "Efficient BackProp", §4.6: U(−bound, bound) with
  /// `bound = √(3 / fanIn)`, so Var(w) = 1/fanIn. Not in `torch.nn.init` by name; equal to
  /// `kaiming_uniform_(w, nonlinearity="linear")`. The base that SELU networks expect.
  case lecunUniform

  /// LeCun's variance in Gaussian form: N(0, 1/fanIn). Equal to PyTorch's
  /// `kaiming_normal_(w, nonlinearity="linear")`; the SNN paper's (Klambauer et al. 2017)
  /// initialization for SELU.
  case lecunNormal

  /// Saxe, McClelland & Ganguli (2014), "Exact solutions to the nonlinear dynamics of learning
  /// in deep linear neural networks": a random orthogonal matrix times `gain`. The rows
  /// (or the columns, for a tall matrix) are orthonormal, so `W·Wᵀ = gain²·I`
  /// (or `Wᵀ·W = gain²·I`): every singular value equals the gain, and no direction of the
  /// signal is amplified more than another. Drawn as PyTorch does: the QR decomposition of a
  /// Gaussian matrix, with Q's columns multiplied by the signs of R's diagonal so that the
  /// result is uniformly (Haar) distributed (Mezzadri 2007, "How to generate random matrices
  /// from the classical compact groups"). PyTorch: `torch.nn.init.orthogonal_(w, gain)`.
  case orthogonal(gain: Double = 1)

  /// Martens (2010), "Deep learning via Hessian-free optimization", §5: N(0, std²), then in
  /// each column (each input) `⌈sparsity · fanOut⌉` weights set to exactly 0, at random rows.
  /// PyTorch: `torch.nn.init.sparse_(w, sparsity, std)` (default std 0.01).
  case sparse(sparsity: Double, std: Double = 0.01)

  /// What PyTorch's `nn.Linear` does by default (`reset_parameters`):
  /// `kaiming_uniform_(w, a=math.sqrt(5))`, which works out to U(−1/√fanIn, 1/√fanIn), so
  /// Var(w) = 1/(3·fanIn) — a gain of 1/√3. Its bias is U(−1/√fanIn, 1/√fanIn) too
  /// (`BiasInitializer.pytorchLinear`, the default bias of this initializer).
  case pytorchLinear

  /// Your own strategy.
  case custom(any CustomWeightInitializer)

  /// Every weight 0. PyTorch: `torch.nn.init.zeros_(w)`.
  public static var zeros: WeightInitializer { .constant(0) }

  /// Every weight 1. PyTorch: `torch.nn.init.ones_(w)`.
  public static var ones: WeightInitializer { .constant(1) }
}

/// A weight-initialization strategy of your own, for `WeightInitializer.custom(_:)`.
///
/// ```swift
/// struct HalfNormal: CustomWeightInitializer {
///   func weights(fanOut: Int, fanIn: Int, using rng: inout some RandomNumberGenerator) -> [[Double]] {
///     (0..<fanOut).map { _ in (0..<fanIn).map { _ in abs(rng.gaussian()) / Double(fanIn).squareRoot() } }
///   }
/// }
/// let layer = Layer(inputs: 3, outputs: 2, initializer: .custom(HalfNormal()), using: &rng)
/// ```
public protocol CustomWeightInitializer: Sendable {
  /// A `fanOut × fanIn` matrix of weights: row `i` holds neuron `i`'s weights.
  func weights(fanOut: Int, fanIn: Int, using rng: inout some RandomNumberGenerator) -> [[Double]]

  /// A short name for tables and descriptions. Defaults to the type's name.
  var name: String { get }
}

extension CustomWeightInitializer {
  /// The type's name, e.g. "HalfNormal".
  public var name: String { String(describing: Self.self) }
}
