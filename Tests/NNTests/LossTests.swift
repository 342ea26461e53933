import MicrogradLab
import TestSupport
import Testing
@testable import MicrogradEngine
@testable import MicrogradNN

@Suite("Losses: values, gradients against finite differences, stability")
struct LossTests {
  // Points chosen away from the hinge's kink (y·score = 1).
  static let scores = [0.3, -1.2, 2.5, 0.05, -0.4]
  static let signedLabels: [Double] = [1, -1, -1, 1, 1]
  static let zeroOneLabels: [Double] = [1, 0, 0, 1, 1]

  @Test("mean squared error: value and gradient")
  func meanSquaredError() {
    let targets = [1.0, -1.0, 0.5, 0.0, 2.0]
    let loss = Loss.meanSquaredError(Self.scores.map { Value($0) }, targets)
    let expected = zip(Self.scores, targets).map { ($0 - $1) * ($0 - $1) }.reduce(Double(0), +) / 5
    expectClose(loss.data, expected)
    let check = checkGradient(at: Self.scores) { Loss.meanSquaredError($0, targets) }
    #expect(check.passes(tolerance: 1e-7), "\(check)")
  }

  @Test("hinge: mean relu(1 − y·score), micrograd's max-margin loss")
  func hinge() {
    let loss = Loss.hinge(scores: Self.scores.map { Value($0) }, labels: Self.signedLabels)
    // margins 1 − y·s: 0.7, −0.2 → 0, 3.5, 0.95, 1.4
    expectClose(loss.data, (0.7 + 0 + 3.5 + 0.95 + 1.4) / 5)
    let check = checkGradient(at: Self.scores) { Loss.hinge(scores: $0, labels: Self.signedLabels) }
    #expect(check.passes(tolerance: 1e-7), "\(check)")
  }

  @Test("binary cross-entropy with logits equals the textbook formula and its gradient")
  func binaryCrossEntropy() {
    let loss = Loss.binaryCrossEntropy(logits: Self.scores.map { Value($0) }, labels: Self.zeroOneLabels)
    let naive =
      zip(Self.scores, Self.zeroOneLabels).map { x, y -> Double in
        let p = 1 / (1 + Math.exp(-x))
        return -(y * Math.log(p) + (1 - y) * Math.log(1 - p))
      }.reduce(Double(0), +) / 5
    expectClose(loss.data, naive, .relative(1e-14))
    let check = checkGradient(at: Self.scores) { Loss.binaryCrossEntropy(logits: $0, labels: Self.zeroOneLabels) }
    #expect(check.passes(tolerance: 1e-7), "\(check)")
  }

  @Test("softmax cross-entropy equals −log softmax and its gradient")
  func softmaxCrossEntropy() {
    let logits = [[0.3, -1.2, 2.5], [0.05, -0.4, 1.1], [-2.0, 0.7, 0.2]]
    let labels = [2, 0, 1]
    let loss = Loss.softmaxCrossEntropy(logits: logits.map { $0.map { Value($0) } }, labels: labels)
    let naive =
      zip(logits, labels).map { z, k -> Double in
        -Math.log(Math.exp(z[k]) / z.map { Math.exp($0) }.reduce(Double(0), +))
      }.reduce(Double(0), +) / 3
    expectClose(loss.data, naive, .relative(1e-14))
    let check = checkGradient(at: logits.flatMap { $0 }) { v in
      Loss.softmaxCrossEntropy(logits: [Array(v[0..<3]), Array(v[3..<6]), Array(v[6..<9])], labels: labels)
    }
    #expect(check.passes(tolerance: 1e-7), "\(check)")
  }

  @Test("L2 regularization: α·Σp², gradient 2αp, two nodes")
  func l2() {
    let point = [0.5, -1.5, 2.0]
    let penalty = Loss.l2(point.map { Value($0) }, alpha: 1e-2)
    expectClose(penalty.data, 1e-2 * (0.25 + 2.25 + 4))
    #expect(penalty.topologicalOrder().filter { !$0.isLeaf }.count == 2)
    let check = checkGradient(at: point) { Loss.l2($0, alpha: 1e-2) }
    #expect(check.passes(tolerance: 1e-7), "\(check)")
  }

  @Test("binary cross-entropy is finite at logits ±1000 (value and gradient)")
  func binaryCrossEntropyExtremeLogits() {
    let logits = [Value(1000), Value(-1000), Value(1000), Value(-1000)]
    let loss = Loss.binaryCrossEntropy(logits: logits, labels: [1, 0, 0, 1])
    loss.backward()
    // Right and confident: 0. Wrong and confident: 1000 each. Mean: 2000 / 4.
    expectClose(loss.data, 500)
    // d/dx = (σ(x) − y)/n: 0, 0, +1/4, −1/4.
    expectClose(logits.map(\.grad), [0, 0, 0.25, -0.25])
  }

  @Test("softmax cross-entropy is finite at logits ±1000 (value and gradient)")
  func softmaxCrossEntropyExtremeLogits() {
    let z = [Value(1000), Value(-1000), Value(0)]
    let loss = Loss.softmaxCrossEntropy(logits: [z], labels: [1])
    loss.backward()
    expectClose(loss.data, 2000)  // log(e¹⁰⁰⁰ + e⁻¹⁰⁰⁰ + 1) + 1000 = 2000 to double precision
    // Gradient softmax(z) − onehot(1) = (1, −1, e⁻¹⁰⁰⁰ ≈ 0).
    expectClose(z.map(\.grad), [1, -1, 0])
    for v in z { #expect(v.grad.isFinite) }
  }

  @Test("a mismatched label count stops with a message")
  func mismatchedCounts() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Loss.hinge(scores: [Value(1), Value(2)], labels: [1])
    }
    #expect(result?.printed("Loss.hinge: scores and labels must have equal lengths (got 2 and 1)") == true)
  }

  @Test("criteria predict classes by their convention")
  func criteria() {
    #expect(Criterion.hinge.predictedLabel([-0.3]) == -1)
    #expect(Criterion.binaryCrossEntropy.predictedLabel([0.3]) == 1)
    #expect(Criterion.softmaxCrossEntropy.predictedLabel([0.3, 2.0, -1.0]) == 1)
    expectClose(Criterion.hinge.accuracy([[1], [-1], [2], [0.5]], labels: [1, -1, -1, 1]), 0.75)
  }

  @Test(
    "a NaN or infinite output predicts no class and is never correct",
    arguments: Criterion.allCases, [Double.nan, .infinity, -.infinity])
  func nonFinitePredictions(criterion: Criterion, bad: Double) {
    let output = criterion == .softmaxCrossEntropy ? [0.5, bad] : [bad]
    #expect(criterion.predictedLabel(output) == nil)
    let labels = criterion == .hinge ? [-1, 1] : [0, 1]
    #expect(criterion.accuracy([output, output], labels: labels) == 0)
  }

  @Test("mean squared error predicts no class for an output too large to be an Int")
  func hugePrediction() {
    #expect(Criterion.meanSquaredError.predictedLabel([4e17]) == 400_000_000_000_000_000)
    #expect(Criterion.meanSquaredError.predictedLabel([1e300]) == nil)
    #expect(Criterion.meanSquaredError.predictedLabel([-2.6]) == -3)
  }
}
