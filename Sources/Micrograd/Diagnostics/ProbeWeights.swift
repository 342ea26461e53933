/// How a probe draws its weights: the initializers of `torch.nn.init` that matter for the
/// experiments, as a small value the probes and the `lab` tool can name and print.
///
/// Fans are those of a weight matrix (fan_out, fan_in) = (rows, columns). For the uniform
/// versions the bound is √3 · std, which gives the same variance.
public enum ProbeWeights: Sendable, Hashable, CustomStringConvertible {
  /// N(0, std²) with std = gain · √(2/(fan_in + fan_out)) (Glorot & Bengio 2010).
  case xavierNormal(gain: Double)
  /// U(−a, a) with a = gain · √(6/(fan_in + fan_out)).
  case xavierUniform(gain: Double)
  /// N(0, std²) with std = gain/√fan_in (He et al. 2015 with gain √2; LeCun 1998 with gain 1).
  case kaimingNormal(gain: Double)
  /// U(−a, a) with a = gain · √(3/fan_in).
  case kaimingUniform(gain: Double)
  /// N(0, std²) whatever the fans.
  case normal(std: Double)
  /// U(−bound, bound) whatever the fans (micrograd's neurons: bound 1).
  case uniform(bound: Double)

  /// The names `init?(name:gain:)` accepts.
  public static let names = ["xavierNormal", "xavierUniform", "kaimingNormal", "kaimingUniform", "lecunNormal", "normal", "uniform", "micrograd"]

  /// The initializer called `name` (any case; PyTorch spellings like "xavier_normal" work too),
  /// with `gain` as its gain (for "normal" its std, for "uniform" its bound; "lecunNormal" is
  /// kaimingNormal with gain 1 and "micrograd" uniform(−1, 1), both ignoring `gain`).
  public init?(name: String, gain: Double = 1) {
    switch String(name.lowercased().filter { $0 != "_" && $0 != "-" }) {
    case "xaviernormal", "glorotnormal": self = .xavierNormal(gain: gain)
    case "xavieruniform", "glorotuniform": self = .xavierUniform(gain: gain)
    case "kaimingnormal", "henormal": self = .kaimingNormal(gain: gain)
    case "kaiminguniform", "heuniform": self = .kaimingUniform(gain: gain)
    case "lecunnormal": self = .kaimingNormal(gain: 1)
    case "normal": self = .normal(std: gain)
    case "uniform": self = .uniform(bound: gain)
    case "micrograd": self = .uniform(bound: 1)
    default: return nil
    }
  }

  /// The standard deviation of a weight in a layer with these fans.
  public func std(fanIn: Int, fanOut: Int) -> Double {
    switch self {
    case .xavierNormal(let gain), .xavierUniform(let gain): gain * (2 / Double(fanIn + fanOut)).squareRoot()
    case .kaimingNormal(let gain), .kaimingUniform(let gain): gain / Double(fanIn).squareRoot()
    case .normal(let std): std
    case .uniform(let bound): bound / 3.0.squareRoot()
    }
  }

  /// One weight for a layer with these fans.
  public func sample(fanIn: Int, fanOut: Int, using rng: inout some RandomNumberGenerator) -> Double {
    let std = std(fanIn: fanIn, fanOut: fanOut)
    switch self {
    case .xavierNormal, .kaimingNormal, .normal: return std * rng.gaussian()
    case .xavierUniform, .kaimingUniform, .uniform:
      let bound = 3.0.squareRoot() * std
      return rng.uniform(-bound, bound)
    }
  }

  /// "xavierNormal(gain 1.667)", "normal(std 1)", "uniform(bound 1)".
  public var description: String {
    switch self {
    case .xavierNormal(let gain): "xavierNormal(gain \(formatted(gain, significant: 4)))"
    case .xavierUniform(let gain): "xavierUniform(gain \(formatted(gain, significant: 4)))"
    case .kaimingNormal(let gain): "kaimingNormal(gain \(formatted(gain, significant: 4)))"
    case .kaimingUniform(let gain): "kaimingUniform(gain \(formatted(gain, significant: 4)))"
    case .normal(let std): "normal(std \(formatted(std, significant: 4)))"
    case .uniform(let bound): "uniform(bound \(formatted(bound, significant: 4)))"
    }
  }
}
