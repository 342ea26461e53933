import MicrogradEngine
import MicrogradSupport

/// A module that maps a batch of samples to a batch: what `Sequential` chains, like a
/// PyTorch `nn.Module` whose `forward` takes a `(batch, features)` tensor.
///
/// A batch is `[[Value]]`, one row per sample: `batch[s][j]` is feature j of sample s.
/// Most modules treat every sample on its own; `BatchNorm1d` does not (in training mode each
/// output depends on every sample of the batch), which is why the batch is the unit here. Being
/// a batch module, any of them trains with `train(_:on:criterion:…)` on the whole batch at once.
///
/// ```swift
/// var rng = SplitMix64(seed: 1)
/// let net = Sequential(
///   Linear(inputs: 3, outputs: 5, bias: false, using: &rng), BatchNorm1d(5), Activation.tanh,
///   Linear(inputs: 5, outputs: 1, using: &rng))
/// let scores = net(batch: [[0.5, -1, 2], [1, 0, -0.5]])   // 2 samples × 1 output
/// net.eval()                                               // BatchNorm1d: running statistics
/// ```
public protocol BatchModule: Module, CustomStringConvertible {
  /// Row s of the result is the module's output for `batch[s]`.
  func callAsFunction(batch: [[Value]]) -> [[Value]]

  /// How many features each input sample must have; nil when any number works (an activation).
  var inputFeatures: Int? { get }

  /// How many features each output sample has when each input sample has `inputs`.
  func outputFeatures(inputs: Int) -> Int

  /// Switches training mode on or off (PyTorch's `train()` and `eval()`). Only `BatchNorm1d`
  /// behaves differently; containers pass the mode to what they contain.
  func setTraining(_ training: Bool)
}

extension BatchModule {
  /// Does nothing: a module without a training mode.
  public func setTraining(_ training: Bool) {}

  /// Training mode (the default): `BatchNorm1d` normalizes with the batch's own statistics
  /// and updates its running ones. PyTorch: `module.train()`.
  func train() { setTraining(true) }

  /// Evaluation mode: `BatchNorm1d` normalizes with its running statistics, so a sample's
  /// output no longer depends on the rest of its batch. PyTorch: `module.eval()`.
  public func eval() { setTraining(false) }

  /// The module applied to one sample, as a batch of one. (In training mode `BatchNorm1d`
  /// refuses a batch of one, as PyTorch does: switch to `eval()` first.)
  public func callAsFunction(_ x: [Value]) -> [Value] { self(batch: [x])[0] }
}

extension BatchModule {
  /// Stops with a message naming the module unless every sample has `features` features.
  func requireFeatures(_ batch: [[Value]], _ features: Int) {
    for (s, sample) in batch.enumerated() where sample.count != features {
      require(false, "\(self): expected \(features) features per sample, got \(sample.count) (sample \(s))")
    }
  }
}
