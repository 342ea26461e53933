import TestSupport
import Testing
@testable import MicrogradEngine
@testable import MicrogradNN

@Suite("The training loop")
struct TrainingTests {
  @Test("micrograd's demo: moons reaches 100% training accuracy within 100 SGD steps")
  func moonsDemo() {
    var rng = SplitMix64(seed: 1337)
    let data = Dataset.moons(count: 100, noise: 0.1, labels: .signed, using: &rng)
    let model = MLP(inputs: 2, sizes: [16, 16, 1], using: &rng)
    #expect(model.parameters.count == 337)
    var optimizer = SGD(parameters: model.parameters, learningRate: 1)
    var firstPerfectStep: Int?
    let history = train(
      model, on: data, criterion: .hinge, l2: 1e-4,
      optimizer: &optimizer, schedule: .micrograd, steps: 100
    ) { step in
      if step.accuracy == 1, firstPerfectStep == nil { firstPerfectStep = step.step }
    }
    #expect(history.losses.count == 100)
    #expect(history.losses.last! < history.losses.first!)
    #expect(firstPerfectStep != nil, "accuracy never reached 100%: last \(history.accuracies.last!)")
    expectClose(Criterion.hinge.accuracy(of: model.callAsFunction, on: data), 1, .exact)
  }

  /// The reproduction: mean squared error with SGD at learning rate 50 on moons.
  func divergingRun(_ policy: DivergencePolicy) -> (TrainingHistory, MLP) {
    var rng = SplitMix64(seed: 1337)
    let data = Dataset.moons(count: 100, noise: 0.1, labels: .zeroOne, using: &rng)
    let model = MLP(inputs: 2, sizes: [16, 16, 1], using: &rng)
    var optimizer = SGD(parameters: model.parameters, learningRate: 50)
    let history = train(
      model, on: data, criterion: .meanSquaredError, optimizer: &optimizer, steps: 40, onDivergence: policy)
    return (history, model)
  }

  @Test("a diverging run stops at the first non-finite loss and says which step and loss")
  func divergenceStops() throws {
    let (history, model) = divergingRun(.stop)
    let divergence = try #require(history.divergence)
    #expect(!divergence.loss.isFinite)
    #expect(history.losses.count == divergence.step)
    #expect(history.losses.allSatisfy { $0.isFinite })
    #expect(model.parameters.allSatisfy { $0.data.isFinite })
    #expect(divergence.description.hasPrefix("the loss was "))
  }

  @Test("a diverging run told to continue records the step and goes on, with accuracy 0 on NaN outputs")
  func divergenceContinues() throws {
    let (history, _) = divergingRun(.continue)
    let divergence = try #require(history.divergence)
    #expect(history.losses.count == 40)
    #expect(history.losses[divergence.step].isFinite == false)
    #expect(history.losses.last!.isNaN)
    #expect(history.accuracies.last! == 0)
  }

  @Test("one step: the loss is the criterion's plus the L2 term, the update is −lr·grad")
  func oneStep() {
    let model = Layer(weights: [[0.5, -0.25]], biases: [0.1], activation: .identity)
    let w = model.parameters
    let data = Dataset(inputs: [[1, 2], [-1, 0.5], [0.3, -0.7]], labels: [1, -1, 1])
    let start = w.map(\.data)
    // The same loss built by hand, for its value and gradient.
    let copy = start.map { Value($0) }
    let scores = data.inputs.map { Value.affine(copy, $0.map { Value($0) }) }
    let expected = Loss.hinge(scores: scores, labels: [1, -1, 1]) + Loss.l2(copy, alpha: 0.01)
    expected.backward()

    var optimizer = SGD(parameters: w, learningRate: 0.5)
    var seen: [TrainingStep] = []
    let history = train(
      model, on: data, criterion: .hinge, l2: 0.01, optimizer: &optimizer, steps: 1
    ) { seen.append($0) }
    #expect(seen.count == 1)
    expectClose(history.losses, [expected.data])
    expectClose(seen[0].updates, copy.map { -0.5 * $0.grad })
    expectClose(w.map(\.data), zip(start, copy).map { $0 - 0.5 * $1.grad })
    #expect(seen[0].graph.data == expected.data)
    #expect(seen[0].batchSize == 3)
  }

  @Test("mini-batches of the requested size, reproducible from the seed")
  func miniBatches() {
    func run(seed: UInt64) -> [Double] {
      var rng = SplitMix64(seed: seed)
      let data = Dataset.blobs(count: 40, centers: [[-2, 0], [2, 0]], std: 0.5, using: &rng)
      let model = Layer(weights: [[0.1, 0.1]], biases: [0], activation: .identity)
      var optimizer = Adam(parameters: model.parameters, learningRate: 0.05)
      var sizes: Set<Int> = []
      let history = train(
        model, on: data, criterion: .binaryCrossEntropy, optimizer: &optimizer, steps: 30,
        batches: .random(size: 8, seed: seed)
      ) { sizes.insert($0.batchSize) }
      #expect(sizes == [8])
      return history.losses
    }
    let losses = run(seed: 3)
    #expect(losses == run(seed: 3))
    let (late, early): (Double, Double) = (losses.suffix(5).reduce(0, +), losses.prefix(5).reduce(0, +))
    #expect(late < early)
  }

  @Test("softmax classifier on three blobs learns with Adam")
  func softmax() {
    var rng = SplitMix64(seed: 11)
    let data = Dataset.blobs(count: 60, std: 0.5, using: &rng)
    let model = MLP(inputs: 2, sizes: [3], using: &rng)
    var optimizer = Adam(parameters: model.parameters, learningRate: 0.1)
    let history = train(
      model, on: data, criterion: .softmaxCrossEntropy, optimizer: &optimizer, steps: 60)
    #expect(history.accuracies.last! == 1)
  }
}
