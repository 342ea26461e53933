import MicrogradEngine
import MicrogradSupport

extension WeightInitializer: CustomStringConvertible {
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
    case .kaimingUniform(let mode, let nonlinearity):
      return "kaimingUniform(mode: \(mode), nonlinearity: \(nonlinearity))"
    case .kaimingNormal(let mode, let nonlinearity):
      return "kaimingNormal(mode: \(mode), nonlinearity: \(nonlinearity))"
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

  /// One strategy a command line can name: its names (ours first, then aliases), whether
  /// `gain` sets its scale, and how to make it from a gain and a nonlinearity.
  private struct Entry: Sendable {
    var names: [String]
    var takesGain: Bool
    var make: @Sendable (_ gain: Double, _ nonlinearity: Activation) -> WeightInitializer
  }

  /// Every named strategy, in the order of `Docs/Initialization.md`: the one table behind
  /// `names`, `nameTakesGain(_:)` and `init?(name:gain:nonlinearity:)`.
  private static let catalog: [Entry] = [
    Entry(names: ["micrograd"], takesGain: false) { _, _ in .micrograd },
    Entry(names: ["uniform"], takesGain: true) { g, _ in .uniform(a: -g, b: g) },
    Entry(names: ["normal"], takesGain: true) { g, _ in .normal(std: g) },
    Entry(names: ["truncatedNormal", "truncNormal"], takesGain: true) { g, _ in
      .truncatedNormal(std: g, a: -2 * g, b: 2 * g)
    },
    Entry(names: ["zeros"], takesGain: false) { _, _ in .zeros },
    Entry(names: ["ones"], takesGain: false) { _, _ in .ones },
    Entry(names: ["eye"], takesGain: false) { _, _ in .eye },
    Entry(names: ["xavierUniform", "glorotUniform"], takesGain: true) { g, _ in .xavierUniform(gain: g) },
    Entry(names: ["xavierNormal", "glorotNormal"], takesGain: true) { g, _ in .xavierNormal(gain: g) },
    Entry(names: ["kaimingUniform", "heUniform"], takesGain: false) { _, n in .kaimingUniform(nonlinearity: n) },
    Entry(names: ["kaimingNormal", "heNormal"], takesGain: false) { _, n in .kaimingNormal(nonlinearity: n) },
    Entry(names: ["lecunUniform"], takesGain: false) { _, _ in .lecunUniform },
    Entry(names: ["lecunNormal"], takesGain: false) { _, _ in .lecunNormal },
    Entry(names: ["orthogonal"], takesGain: true) { g, _ in .orthogonal(gain: g) },
    Entry(names: ["sparse"], takesGain: true) { g, _ in .sparse(sparsity: 0.1, std: g) },
    Entry(names: ["pytorchLinear"], takesGain: false) { _, _ in .pytorchLinear },
  ]

  /// The catalog entry called `name`, in any case, with or without underscores.
  private static func entry(named name: String) -> Entry? {
    let key = name.lowercased().replacingUnderscores()
    return catalog.first { $0.names.contains { $0.lowercased() == key } }
  }

  /// The names `init?(name:gain:nonlinearity:)` accepts, in the order of `Docs/Initialization.md`.
  public static let names = catalog.map { $0.names[0] }

  /// Whether `init?(name:gain:nonlinearity:)` uses its `gain` for the strategy called `name`
  /// (false for those without a scale of their own: micrograd, kaiming*, lecun*, eye, zeros,
  /// ones, pytorchLinear).
  public static func nameTakesGain(_ name: String) -> Bool {
    entry(named: name)?.takesGain ?? false
  }

  /// The strategy called `name` (ours or PyTorch's spelling, any case: "xavierNormal",
  /// "xavier_normal", "glorot_normal", "he_uniform"), for command-line tools.
  ///
  /// One number, `gain`, sets the strategy's scale: the gain of Xavier and orthogonal; the
  /// std of `normal`, `truncatedNormal` (cut at ±2·gain) and `sparse` (sparsity 0.1); the
  /// bound of `uniform` (U(−gain, gain)). Kaiming takes `nonlinearity` instead: the
  /// activation that follows the layer, whose `calculateGain` it uses. Nil for an unknown name.
  public init?(name: String, gain: Double = 1, nonlinearity: Activation = .leakyReLU(negativeSlope: 0)) {
    guard let entry = Self.entry(named: name) else { return nil }
    self = entry.make(gain, nonlinearity)
  }
}
