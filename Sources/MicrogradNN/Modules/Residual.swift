import MicrogradEngine
import MicrogradSupport

/// A residual block, x + α·f(x): the input added back to what a branch f makes of it
/// (He, Zhang, Ren & Sun 2016, "Deep Residual Learning for Image Recognition", eq. 1).
///
/// The scale α says how much of the branch joins the stream:
///
/// - `.plain`, α = 1: He et al.'s block. Without normalization the variance grows with depth,
///   since every block adds the branch's variance to the stream's.
/// - `.depthScaled(depth)`, α = 1/√depth: the sum of `depth` branches then adds about as much
///   variance as one plain block (the scaling that Fixup, Zhang, Dauphin & Ma 2019, derives).
/// - `.rezero`, α learned and starting at 0 (Bachlechner et al. 2020, "ReZero is All You Need"):
///   at initialization every block is the identity, exactly.
///
/// ```swift
/// let block = Residual(Sequential(Linear(inputs: 8, outputs: 8, using: &rng), Activation.tanh), scale: .rezero)
/// ```
public final class Residual: BatchModule {
  /// How much of the branch is added: a fixed number, or a learned scalar.
  public enum Scale: Sendable, Hashable, CustomStringConvertible {
    /// α fixed: x + α·f(x).
    case fixed(Double)
    /// α a parameter starting at `initial`, trained with the rest.
    case learned(initial: Double)

    /// α = 1: x + f(x).
    public static let plain = Scale.fixed(1)
    /// α learned, starting at 0: ReZero.
    public static let rezero = Scale.learned(initial: 0)

    /// α = 1/√depth for a stack of `depth` blocks.
    public static func depthScaled(_ depth: Int) -> Scale {
      require(depth >= 1, "Residual.Scale.depthScaled: depth must be at least 1 (got \(depth))")
      return .fixed(1 / Double(depth).squareRoot())
    }

    /// "α = 1", "α = 0.141", "α learned from 0".
    public var description: String {
      switch self {
      case .fixed(let alpha): "α = \(formatted(alpha, significant: 3))"
      case .learned(let initial): "α learned from \(formatted(initial, significant: 3))"
      }
    }
  }

  /// f, the branch.
  let branch: any BatchModule
  /// How α is chosen.
  let scale: Scale
  /// The learned α (a parameter), or nil when α is fixed.
  public let alpha: Value?

  /// x + α·f(x) for a branch f that gives as many features as it takes.
  public init(_ branch: any BatchModule, scale: Scale = .plain) {
    if let n = branch.inputFeatures {
      let out = branch.outputFeatures(inputs: n)
      require(
        out == n, "Residual: the branch must give as many features as it takes (\(branch) takes \(n), gives \(out))")
    }
    if case .fixed(let a) = scale { require(a.isFinite, "Residual: α must be finite (got \(a))") }
    self.branch = branch
    self.scale = scale
    if case .learned(let initial) = scale { alpha = Value(initial, label: "α") } else { alpha = nil }
  }

  /// The branch's parameters, then the learned α if there is one.
  public var parameters: [Value] { branch.parameters + (alpha.map { [$0] } ?? []) }

  /// The branch's.
  public var inputFeatures: Int? { branch.inputFeatures }

  /// As many as come in.
  public func outputFeatures(inputs: Int) -> Int { inputs }

  /// Passes the mode to the branch.
  public func setTraining(_ training: Bool) { branch.setTraining(training) }

  /// x + α·f(x) for every sample.
  public func callAsFunction(batch x: [[Value]]) -> [[Value]] {
    let f = branch(batch: x)
    return zip(x, f).map { sample, branchOutput in
      zip(sample, branchOutput).map { xi, fi in
        switch scale {
        case .fixed(1): xi + fi
        case .fixed(let a): xi + fi * a
        case .learned: xi + alpha! * fi
        }
      }
    }
  }

  /// "Residual(Sequential(Linear(8 → 8), tanh), α = 1)".
  public var description: String { "Residual(\(branch), \(scale))" }
}
