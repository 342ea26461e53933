import MicrogradEngine
import TestSupport
import Testing

/// `Value.affine(weights:biases:batch:)`: a layer over a whole batch on contiguous arrays must
/// be indistinguishable from one `Value.affine` node per neuron per sample — the same numbers
/// forward and the same gradients backward, bit for bit.
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
    let weights = shapes.map { rows, columns in
      (0..<rows).map { _ in (0..<columns).map { _ in Value(draws.next() * scale) } }
    }
    let biases = shapes.map { rows, _ in bias ? (0..<rows).map { _ in Value(draws.next()) } : nil }
    let inputs = (0..<batch).map { _ in (0..<width).map { _ in Value(draws.next()) } }
    var current = inputs
    for (w, b) in zip(weights, biases) {
      let u: [[Value]]
      if packed {
        u = Value.affine(weights: w, biases: b, batch: current)
      } else {
        u = current.map { x in w.indices.map { j in b == nil ? Value.dot(w[j], x) : Value.affine(w[j] + [b![j]], x) } }
      }
      current = u.map { $0.map { $0.tanh() } }
    }
    let seeds = current.flatMap { $0 }.indices.map { Double($0 % 7) - 3 }
    for _ in 0..<backwards { Value.backward(current.flatMap { $0 }, seeds: seeds) }
    var numbers: [Double] = current.flatMap { $0.map(\.data) }
    numbers += inputs.flatMap { $0.map(\.grad) }
    numbers += weights.flatMap { layer in layer.flatMap { $0.map(\.grad) } }
    numbers += biases.flatMap { ($0 ?? []).map(\.grad) }
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
    let out = Value.affine(constants: w, biases: [0.1, -0.2], batch: batch)
    Value.backward(out.flatMap { $0 }, seeds: [1, 2, 3, 4, 5, 6])
    let twin = batch.map { $0.map { Value($0.data) } }
    let trainable = Value.affine(
      weights: w.map { $0.map { Value($0) } }, biases: [Value(0.1), Value(-0.2)], batch: twin)
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
    let out = Value.affine(weights: [[Value(3), Value(4)]], biases: nil, batch: [[a, b], [a, a]])
    Value.backward(out.flatMap { $0 }, seeds: [1, 10])
    // out = [3a + 4b, 3a + 4a]: d/da = 3 + 10·7, d/db = 4.
    #expect(a.grad == 73 && b.grad == 4)
  }

  @Test("an entry's children are its neuron's weights and its sample's inputs, as micrograd's _prev")
  func children() {
    let w = [[Value(1), Value(2)], [Value(3), Value(4)]]
    let x = [[Value(5), Value(6)], [Value(7), Value(8)]]
    let out = Value.affine(weights: w, biases: nil, batch: x)
    #expect(out[1][0].children.map(\.data) == [1, 2, 7, 8])
    #expect(out[1][0].data == 23)  // 1·7 + 2·8
  }

  @Test("a long chain of packed layers is differentiated and released without recursion")
  func deepChain() {
    let x = Value(1)
    var current = [[x]]
    for _ in 0..<200_000 { current = Value.affine(constants: [[1]], biases: [0.5], batch: current) }
    let last = current[0][0]
    last.backward()
    #expect(last.data == 100_001 && x.grad == 1)
    current = []  // the last references: 200,000 blocks are released here
  }

  @Test("bad shapes stop with a message that names them")
  func badShapes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Value.affine(constants: [[1, 2]], biases: nil, batch: [[Value(1)]])
    }
    #expect(result?.printed("Value.affine: sample 0 has 1 inputs, the weights expect 2") == true)
  }
}
