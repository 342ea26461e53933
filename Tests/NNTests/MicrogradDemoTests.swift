import Foundation
import Testing

@testable import MicrogradEngine
@testable import MicrogradNN

/// micrograd's demo (`demo.ipynb`), written as close to its Python as Swift allows; the changes are the
/// ones `Sources/MicrogradNN/README.md` lists. It must compile and train as micrograd's does.
@Suite("micrograd's demo, as written in Python, compiles and trains")
struct MicrogradDemoTests {
  @Test("the hinge-loss training loop of demo.ipynb reaches 100% on moons")
  func demo() {
    var rng = SplitMix64(seed: 1337)
    let data = Dataset.moons(count: 100, noise: 0.1, labels: .signed, using: &rng)
    let (X, y) = (data.inputs, data.labels.map(Double.init))
    let model = MLP(inputs: 2, sizes: [16, 16, 1], using: &rng)  // MLP(2, [16, 16, 1]), seeded

    func loss() -> (Value, Double) {
      let inputs = X.map { xrow in xrow.map(Value.init) }  // [list(map(Value, xrow)) for xrow in X]
      let scores = inputs.map { model($0)[0] }  // list(map(model, inputs))
      let losses = zip(y, scores).map { yi, scorei in (1 + -yi * scorei).relu() }
      let dataLoss = Value.sum(losses) * (1.0 / Double(losses.count))
      let alpha = 1e-4
      let regLoss = alpha * Value.sum(model.parameters.map { p in p * p })
      let totalLoss = dataLoss + regLoss
      let accuracy = zip(y, scores).map { yi, scorei in (yi > 0) == (scorei.data > 0) }
      return (totalLoss, Double(accuracy.filter { $0 }.count) / Double(accuracy.count))
    }

    var accuracy = 0.0
    for k in 0..<100 {
      let (totalLoss, acc) = loss()
      accuracy = acc
      model.zero_grad()
      totalLoss.backward()
      let learningRate = 1.0 - 0.9 * Double(k) / 100
      for p in model.parameters { p.data -= learningRate * p.grad }
    }
    #expect(loss().1 == 1, "accuracy after 100 steps: \(accuracy)")
  }

  @Test("a model takes a [Double] variable as micrograd's does, and the literal picks [Value]: the same numbers")
  func doublesAndLiterals() {
    let model = MLP(layers: [Layer(weights: [[1, -2], [0.5, 3]], biases: [0.25, 0], activation: .tanh)])
    let x: [Double] = [0.5, -1]
    #expect(model(x).map(\.data) == model([0.5, -1]).map(\.data))
    #expect(model.layers[0](x).map(\.data) == model(x).map(\.data))
    #expect(model.layers[0].neurons[1](x).data == model(x)[1].data)
  }
}

/// `Sources/MicrogradNN/README.md` maps each part of micrograd's `nn.py` to a file and line here;
/// this keeps the map true as the code moves.
@Suite("The NN README points at the right lines")
struct NNReadmeTests {
  static let folder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources/MicrogradNN")

  /// `| … | [Modules/File.swift:12](Modules/File.swift#L12) | `the line` |`: the file, the line, the text.
  static func rows() throws -> [String] {
    let readme = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
    return readme.split(separator: "\n").map(String.init).filter { $0.firstMatch(of: row) != nil }
  }

  nonisolated(unsafe) static let row = /\[([A-Za-z+\/]+\.swift):(\d+)\]\(\1#L\2\) \| `([^`]+)` \|/

  @Test("the table has a row for every class, method and attribute of nn.py")
  func coverage() throws {
    #expect(try Self.rows().count >= 23)
  }

  @Test("each row's line holds the code the table quotes", arguments: try rows())
  func line(_ row: String) throws {
    let match = try #require(row.firstMatch(of: Self.row))
    let source = try String(contentsOf: Self.folder.appendingPathComponent(String(match.1)), encoding: .utf8)
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    let number = Int(match.2)!
    try #require(number >= 1 && number <= lines.count, "\(match.1) has \(lines.count) lines")
    #expect(
      lines[number - 1].contains(match.3),
      "line \(number) of \(match.1) is: \(lines[number - 1]) (python3 .ci/readme-lines.py updates the README)")
  }
}
