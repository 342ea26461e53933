import MicrogradEngine
@testable import MicrogradNN
import TestSupport
import Testing

/// A layer over a whole batch (`AffineBlock`, on contiguous arrays) must be indistinguishable from
/// one `Value.affine` node per neuron per sample — the same numbers forward and the same gradients
/// backward, bit for bit.
@Suite("A layer over a batch equals the per-sample graph, bit for bit")
struct AffineBatchTests {
  /// Numbers from a fixed generator (xorshift), so both graphs see the same draws.
  struct Draws {
    var state: UInt64
    mutating func next() -> Double {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return Double(state >> 11) * 0x1p-53 * 2 - 1
    }
  }

  /// A two-layer tanh network (width → width → 3) on a batch, built per sample or packed,
  /// with a loss that weighs every output differently; returns every gradient after backward.
  static func run(packed: Bool, width: Int, batch: Int, bias: Bool, backwards: Int = 1) -> [Double] {
    var draws = Draws(state: 0x9E37_79B9_7F4A_7C15)
    let scale = 1 / Double(width).squareRoot()
    let shapes = [(width, width), (3, width)]
    let layers = shapes.map { rows, columns in
      Layer(
        weights: (0..<rows).map { _ in (0..<columns).map { _ in draws.next() * scale } },
        biases: bias ? (0..<rows).map { _ in draws.next() } : nil, activation: .identity)
    }
    let inputs = (0..<batch).map { _ in (0..<width).map { _ in Value(draws.next()) } }
    var current = inputs
    for layer in layers {
      let u =
        packed
        ? layer.preActivations(batch: current) : current.map { x in layer.neurons.map { $0.preActivation(x) } }
      current = u.map { $0.map { $0.tanh() } }
    }
    let seeds = current.flatMap { $0 }.indices.map { Double($0 % 7) - 3 }
    for _ in 0..<backwards { Value.backward(current.flatMap { $0 }, seeds: seeds) }
    var numbers: [Double] = current.flatMap { $0.map(\.data) }
    numbers += inputs.flatMap { $0.map(\.grad) }
    numbers += layers.flatMap { $0.parameters.map(\.grad) }
    return numbers
  }

  struct Shape: Sendable, CustomTestStringConvertible {
    var width: Int, batch: Int, bias: Bool
    var testDescription: String { "width \(width), batch \(batch), \(bias ? "with" : "without") bias" }
  }

  @Test(
    "outputs and every gradient are bit-identical",
    arguments: [
      Shape(width: 1, batch: 1, bias: true), Shape(width: 5, batch: 3, bias: true),
      Shape(width: 7, batch: 9, bias: false),
      Shape(width: 16, batch: 4, bias: true), Shape(width: 512, batch: 5, bias: true),
      Shape(width: 9, batch: 13, bias: true), Shape(width: 38, batch: 11, bias: false),
    ])
  func bitIdentical(_ shape: Shape) {
    let perSample = Self.run(packed: false, width: shape.width, batch: shape.batch, bias: shape.bias)
    let packed = Self.run(packed: true, width: shape.width, batch: shape.batch, bias: shape.bias)
    #expect(perSample.count == packed.count)
    let differing = zip(perSample, packed).filter { $0.bitPattern != $1.bitPattern }.count
    #expect(differing == 0, "\(differing) of \(packed.count) numbers differ")
  }

  @Test("a second backward adds to the leaves exactly as the per-sample graph does")
  func accumulates() {
    let perSample = Self.run(packed: false, width: 6, batch: 5, bias: true, backwards: 2)
    let packed = Self.run(packed: true, width: 6, batch: 5, bias: true, backwards: 2)
    #expect(zip(perSample, packed).allSatisfy { $0.bitPattern == $1.bitPattern })
  }

  @Test("constant weights give the inputs the same gradients as trainable ones")
  func constants() {
    let w: [[Double]] = [[0.5, -1.25, 2], [1.5, 0.25, -0.75]]
    let batch: [[Value]] = (0..<3).map { (s: Int) -> [Value] in
      (0..<3).map { (i: Int) -> Value in Value(Double(s) - Double(i) / 2) }
    }
    let constant = Layer(weights: w, biases: [0.1, -0.2], activation: .identity, requiresGrad: false)
    let out = constant.preActivations(batch: batch)
    Value.backward(out.flatMap { $0 }, seeds: [1, 2, 3, 4, 5, 6])
    let twin = batch.map { $0.map { Value($0.data) } }
    let trainable = Layer(weights: w, biases: [0.1, -0.2], activation: .identity).preActivations(batch: twin)
    Value.backward(trainable.flatMap { $0 }, seeds: [1, 2, 3, 4, 5, 6])
    let (packed, perSample): ([Double], [Double]) = (out.joined().map(\.data), trainable.joined().map(\.data))
    #expect(packed == perSample)
    let (constantGradients, trainableGradients): ([Double], [Double]) = (
      batch.joined().map(\.grad), twin.joined().map(\.grad)
    )
    #expect(constantGradients == trainableGradients)
  }

  @Test("a value that appears twice in the batch gets both shares")
  func repeatedInputs() {
    let a = Value(0.5), b = Value(-2)
    let out = Layer(weights: [[3, 4]], activation: .identity).preActivations(batch: [[a, b], [a, a]])
    Value.backward(out.flatMap { $0 }, seeds: [1, 10])
    // out = [3a + 4b, 3a + 4a]: d/da = 3 + 10·7, d/db = 4.
    #expect(a.grad == 73 && b.grad == 4)
  }

  @Test("an entry's children are its neuron's weights and its sample's inputs, as micrograd's _prev")
  func children() {
    let layer = Layer(weights: [[1, 2], [3, 4]], activation: .identity)
    let x = [[Value(5), Value(6)], [Value(7), Value(8)]]
    let out = layer.preActivations(batch: x)
    #expect(out[1][0].children.map(\.data) == [1, 2, 7, 8])
    #expect(out[1][0].children[0] === layer.neurons[0].weights.first!, "the weights themselves, not copies")
    #expect(out[1][0].data == 23)  // 1·7 + 2·8
  }

  @Test("a long chain of packed layers is differentiated and released without recursion")
  func deepChain() {
    let x = Value(1)
    let layer = Layer(weights: [[1]], biases: [0.5], activation: .identity, requiresGrad: false)
    var current = [[x]]
    for _ in 0..<200_000 { current = layer.preActivations(batch: current) }
    let last = current[0][0]
    last.backward()
    #expect(last.data == 100_001 && x.grad == 1)
    current = []  // the last references: 200,000 blocks are released here
  }

  @Test("bad shapes stop with a message that names them")
  func badShapes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Layer(weights: [[1, 2]], activation: .identity, requiresGrad: false).preActivations(batch: [[Value(1)]])
    }
    #expect(result?.printed("Layer: expected 2 inputs, got 1") == true)
  }
}
