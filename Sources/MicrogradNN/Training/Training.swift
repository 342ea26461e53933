import MicrogradEngine
import MicrogradSupport

/// The training loop: forward, loss, backward, update — repeated.
///
/// ```swift
/// var optimizer = SGD(parameters: model.parameters, learningRate: 1.0)
/// let history = train(model.callAsFunction, on: moons, criterion: .hinge, l2: 1e-4,
///                     optimizer: &optimizer, schedule: .micrograd, steps: 100) { step in
///   print(step.step, step.loss, step.accuracy)
/// }
/// ```

/// What happened in one training step, handed to the `onStep` callback right after the update.
///
/// It carries this step's graph (`graph`, the loss node) and how much every parameter moved
/// (`updates`), so a callback can compute diagnostics such as the share of saturated tanh
/// units or the update:data ratio without the loop knowing about them.
public struct TrainingStep {
  /// The step number, from 0.
  public let step: Int
  /// The learning rate used for this step's update.
  public let learningRate: Double
  /// The loss that was minimized: data loss plus the L2 penalty.
  public let loss: Double
  /// The data loss alone (the criterion's loss, without the L2 penalty).
  let dataLoss: Double
  /// The share of this step's samples classified correctly *before* the update, in [0, 1].
  public let accuracy: Double
  /// The number of samples in this step's batch.
  let batchSize: Int
  /// The root of this step's computation graph (the loss node): walk it with
  /// `topologicalOrder()` to inspect activations; parameters still hold their gradients.
  public let graph: Value
  /// How far each parameter moved in this step (new − old), in the optimizer's order.
  public let updates: [Double]
}

/// The loss, accuracy and learning rate of every step of a run.
public struct TrainingHistory: Sendable {
  /// The total loss at each step.
  public var losses: [Double] = []
  /// The batch accuracy at each step (before that step's update).
  public var accuracies: [Double] = []
  /// The learning rate of each step.
  var learningRates: [Double] = []
  /// The first step whose loss was NaN or infinite, if any (see `DivergencePolicy`).
  public var divergence: Divergence?

  /// An empty history.
  init() {}
}

/// The step at which training diverged: its loss was NaN or infinite.
public struct Divergence: Sendable, Equatable, CustomStringConvertible {
  /// The step number, from 0.
  public var step: Int
  /// The loss at that step (NaN, +∞ or −∞).
  public var loss: Double

  /// "the loss was nan at step 12".
  public var description: String { "the loss was \(loss.isNaN ? "nan" : "\(loss)") at step \(step)" }
}

/// What training does when the loss becomes NaN or infinite.
public enum DivergencePolicy: Sendable {
  /// Stop before that step's update (the default): the history ends with the step before, and
  /// its `divergence` says which step and which loss. The parameters keep their last finite values.
  case stop
  /// Go on updating (the parameters will usually turn NaN); the history still records the first
  /// diverging step in `divergence`.
  case `continue`
}

/// Which samples each training step sees.
public enum Batches: Sendable, Hashable {
  /// Every sample, every step (full-batch training, micrograd's demo).
  case full
  /// `size` samples drawn without replacement for each step, from a `SplitMix64` seeded with `seed`:
  /// the same seed gives the same batches.
  case random(size: Int, seed: UInt64)
}

/// Trains `model` on `data` for `steps` steps and returns the history.
///
/// Each step: take a batch (`batches`: the whole data set, or random samples), run the model on
/// the batch (an `MLP`, a `Layer`, a `Sequential`: layer by layer over the whole batch, the same
/// numbers as sample by sample), compute the criterion's loss plus `l2`·Σp², zero the gradients,
/// `backward()`, set the learning rate from `schedule`, and let the optimizer update the
/// parameters. `onStep` sees each step after its update.
///
/// - Parameters:
///   - model: any batch module.
///   - data: the training set; labels must follow `criterion`'s convention.
///   - criterion: the loss and its accuracy.
///   - l2: the coefficient α of the penalty α·Σp² over the optimizer's parameters (0: none).
///   - optimizer: updates the parameters; its `learningRate` is set from `schedule` if given.
///   - schedule: the learning rate per step, or nil to keep the optimizer's.
///   - steps: how many updates to make.
///   - batches: the samples of each step (default: all of them).
///   - onDivergence: stop (the default) or go on when the loss is NaN or infinite; either way
///     `TrainingHistory.divergence` records the first such step. Training never traps.
///   - onStep: called after every update.
public func train(
  _ model: some BatchModule, on data: Dataset, criterion: Criterion, l2: Double = 0,
  optimizer: inout some Optimizer, schedule: LearningRateSchedule? = nil, steps: Int, batches: Batches = .full,
  onDivergence: DivergencePolicy = .stop, onStep: (TrainingStep) -> Void = { _ in }
) -> TrainingHistory {
  var rng: SplitMix64?
  var batchSize: Int?
  if case .random(let size, let seed) = batches {
    require(size >= 1, "train: a random batch needs at least 1 sample (got \(size))")
    (rng, batchSize) = (SplitMix64(seed: seed), size)
  }
  return trainBatches(
    { model(batch: $0) }, on: data, criterion: criterion, l2: l2, optimizer: &optimizer, schedule: schedule,
    steps: steps, batchSize: batchSize, rng: &rng, onDivergence: onDivergence, onStep: onStep)
}

/// The training loop over a model of batches.
private func trainBatches(
  _ model: ([[Value]]) -> [[Value]], on data: Dataset, criterion: Criterion, l2: Double,
  optimizer: inout some Optimizer, schedule: LearningRateSchedule?, steps: Int, batchSize: Int?,
  rng: inout SplitMix64?, onDivergence: DivergencePolicy, onStep: (TrainingStep) -> Void
) -> TrainingHistory {
  require(steps >= 0, "train: steps must be at least 0 (got \(steps))")
  require(data.count > 0, "train: the data set must not be empty")
  var history = TrainingHistory()
  for k in 0..<steps {
    // 1. A batch: everything, or a random subset.
    let batch = batchSize.map { size in data[permutation(data.count, using: &rng!).prefix(size)] } ?? data

    // 2. Forward: outputs, loss, accuracy.
    let outputs = model(batch.inputs.map { x in x.map { Value($0) } })
    let dataLoss = criterion.loss(outputs, labels: batch.labels)
    let loss = l2 > 0 ? dataLoss + Loss.l2(optimizer.parameters, alpha: l2) : dataLoss
    let accuracy = criterion.accuracy(outputs.map { $0.map(\.data) }, labels: batch.labels)
    if !loss.data.isFinite && history.divergence == nil {
      history.divergence = Divergence(step: k, loss: loss.data)
      if onDivergence == .stop { break }
    }

    // 3. Backward: fresh gradients.
    optimizer.zeroGrad()
    loss.backward()

    // 4. Update.
    if let schedule { optimizer.learningRate = schedule(k) }
    let before = optimizer.parameters.map(\.data)
    optimizer.step()

    let record = TrainingStep(
      step: k, learningRate: optimizer.learningRate, loss: loss.data, dataLoss: dataLoss.data,
      accuracy: accuracy, batchSize: batch.count, graph: loss,
      updates: zip(optimizer.parameters, before).map { $0.data - $1 })
    history.losses.append(record.loss)
    history.accuracies.append(record.accuracy)
    history.learningRates.append(record.learningRate)
    onStep(record)
  }
  return history
}

extension Criterion {
  /// The share of samples `model` classifies correctly under this criterion, in [0, 1].
  public func accuracy(of model: ([Value]) -> [Value], on data: Dataset) -> Double {
    let outputs = data.inputs.map { x in model(x.map { Value($0) }).map(\.data) }
    return accuracy(outputs, labels: data.labels)
  }
}
