extension Initializer: CustomStringConvertible {
  /// The strategy as you would write it in Swift: "xavierNormal(gain: 1.667)", "micrograd".
  public var description: String {
    func g(_ x: Double) -> String { formatted(x, significant: 4) }
    switch self {
    case .micrograd: return "micrograd"
    case .uniform(let a, let b): return "uniform(a: \(g(a)), b: \(g(b)))"
    case .normal(let mean, let std): return "normal(mean: \(g(mean)), std: \(g(std)))"
    case .truncatedNormal(let mean, let std, let a, let b):
      return "truncatedNormal(mean: \(g(mean)), std: \(g(std)), a: \(g(a)), b: \(g(b)))"
    case .constant(let value): return value == 0 ? "zeros" : value == 1 ? "ones" : "constant(\(g(value)))"
    case .eye: return "eye"
    case .xavierUniform(let gain): return "xavierUniform(gain: \(g(gain)))"
    case .xavierNormal(let gain): return "xavierNormal(gain: \(g(gain)))"
    case .kaimingUniform(let a, let mode, let nonlinearity):
      return "kaimingUniform(a: \(g(a)), mode: \(mode), nonlinearity: \(nonlinearity))"
    case .kaimingNormal(let a, let mode, let nonlinearity):
      return "kaimingNormal(a: \(g(a)), mode: \(mode), nonlinearity: \(nonlinearity))"
    case .lecunUniform: return "lecunUniform"
    case .lecunNormal: return "lecunNormal"
    case .orthogonal(let gain): return "orthogonal(gain: \(g(gain)))"
    case .sparse(let sparsity, let std): return "sparse(sparsity: \(g(sparsity)), std: \(g(std)))"
    case .pytorchLinear: return "pytorchLinear"
    case .custom(let strategy): return "custom(\(strategy.name))"
    }
  }

  /// The PyTorch call that draws the same distribution, or nil where PyTorch has none.
  public var pytorchName: String? {
    switch self {
    case .micrograd: "nn.init.uniform_(w, -1, 1)"
    case .uniform: "nn.init.uniform_"
    case .normal: "nn.init.normal_"
    case .truncatedNormal: "nn.init.trunc_normal_"
    case .constant(let value): value == 0 ? "nn.init.zeros_" : value == 1 ? "nn.init.ones_" : "nn.init.constant_"
    case .eye: "nn.init.eye_"
    case .xavierUniform: "nn.init.xavier_uniform_"
    case .xavierNormal: "nn.init.xavier_normal_"
    case .kaimingUniform: "nn.init.kaiming_uniform_"
    case .kaimingNormal: "nn.init.kaiming_normal_"
    case .lecunUniform: "nn.init.kaiming_uniform_(w, nonlinearity='linear')"
    case .lecunNormal: "nn.init.kaiming_normal_(w, nonlinearity='linear')"
    case .orthogonal: "nn.init.orthogonal_"
    case .sparse: "nn.init.sparse_"
    case .pytorchLinear: "nn.Linear's default (kaiming_uniform_(w, a=math.sqrt(5)))"
    case .custom: nil
    }
  }

  /// The names `init?(name:gain:nonlinearity:)` accepts, in the order of `Docs/Initialization.md`.
  public static let names = [
    "micrograd", "uniform", "normal", "truncatedNormal", "zeros", "ones", "eye", "xavierUniform", "xavierNormal",
    "kaimingUniform", "kaimingNormal", "lecunUniform", "lecunNormal", "orthogonal", "sparse", "pytorchLinear",
  ]

  /// Whether `init?(name:gain:nonlinearity:)` uses its `gain` for the strategy called `name`
  /// (false for those without a scale of their own: micrograd, kaiming*, lecun*, eye, zeros,
  /// ones, pytorchLinear).
  public static func nameTakesGain(_ name: String) -> Bool {
    switch name.lowercased().replacingUnderscores() {
    case "uniform", "normal", "truncatednormal", "truncnormal", "xavieruniform", "glorotuniform", "xaviernormal",
      "glorotnormal", "orthogonal", "sparse":
      true
    default: false
    }
  }

  /// The strategy called `name` (ours or PyTorch's spelling, any case: "xavierNormal",
  /// "xavier_normal", "glorot_normal", "he_uniform"), for command-line tools.
  ///
  /// One number, `gain`, sets the strategy's scale: the gain of Xavier and orthogonal; the
  /// std of `normal`, `truncatedNormal` (cut at ±2·gain) and `sparse` (sparsity 0.1); the
  /// bound of `uniform` (U(−gain, gain)). Kaiming takes `nonlinearity` instead (PyTorch's
  /// name, e.g. "tanh"). Nil for an unknown name.
  public init?(name: String, gain: Double = 1, nonlinearity: String = "leaky_relu") {
    switch name.lowercased().replacingUnderscores() {
    case "micrograd": self = .micrograd
    case "uniform": self = .uniform(a: -gain, b: gain)
    case "normal": self = .normal(std: gain)
    case "truncatednormal", "truncnormal": self = .truncatedNormal(std: gain, a: -2 * gain, b: 2 * gain)
    case "zeros": self = .zeros
    case "ones": self = .ones
    case "eye": self = .eye
    case "xavieruniform", "glorotuniform": self = .xavierUniform(gain: gain)
    case "xaviernormal", "glorotnormal": self = .xavierNormal(gain: gain)
    case "kaiminguniform", "heuniform": self = .kaimingUniform(nonlinearity: nonlinearity)
    case "kaimingnormal", "henormal": self = .kaimingNormal(nonlinearity: nonlinearity)
    case "lecununiform": self = .lecunUniform
    case "lecunnormal": self = .lecunNormal
    case "orthogonal": self = .orthogonal(gain: gain)
    case "sparse": self = .sparse(sparsity: 0.1, std: gain)
    case "pytorchlinear": self = .pytorchLinear
    default: return nil
    }
  }
}
