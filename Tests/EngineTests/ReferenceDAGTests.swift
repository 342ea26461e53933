import TestSupport
import Testing
@testable import MicrogradEngine

/// Random computation graphs with shared subexpressions (a node used by several parents,
/// `a + a`, `x * x`, repeated entries in sums and dot products), built and differentiated
/// by PyTorch in float64 (`Tests/Reference/generate_dags.py`), rebuilt here from the same
/// program and compared to 1e-9 relative.
@Suite("Random DAGs agree with PyTorch")
struct ReferenceDAGTests {
  struct Fixture: Decodable {
    var tool: String
    var cases: [Case]
  }

  struct Case: Decodable, CustomTestStringConvertible, Sendable {
    var name: String
    var inputs: [Double]
    var nodes: [Node]
    var output: Double
    var grads: [Double]
    var testDescription: String { "\(name) (\(nodes.count) nodes)" }
  }

  struct Node: Decodable, Sendable {
    var op: String
    var args: [Int]
    var args2: [Int]?
    var c: Double?
  }

  static let cases: [Case] = (try? loadFixture("dags.json", from: .module, as: Fixture.self).cases) ?? []

  @Test("the fixture has at least 200 cases and uses every op")
  func coverage() throws {
    let fixture = try loadFixture("dags.json", from: .module, as: Fixture.self)
    #expect(fixture.cases.count >= 200)
    let ops = Set(fixture.cases.flatMap { $0.nodes.map(\.op) })
    let expected: Set<String> = [
      "add", "sub", "mul", "div", "neg", "exp", "log", "sqrt", "abs", "tanh", "relu", "sigmoid", "selu", "gelu",
      "silu", "softsign", "softplus", "add_const", "mul_const", "div_const", "rsub_const", "rdiv_const", "pow",
      "leaky_relu", "elu", "sum", "dot",
    ]
    #expect(expected.isSubset(of: ops), "missing: \(expected.subtracting(ops))")
  }

  @Test("value and gradients match PyTorch", arguments: cases)
  func matchesPyTorch(_ dag: Case) throws {
    let inputs = dag.inputs.map { Value($0) }
    var nodes = inputs
    for node in dag.nodes {
      nodes.append(try Self.build(node, from: nodes))
    }
    let output = nodes.last!
    output.backward()
    expectClose(output.data, dag.output, .reference, "output of \(dag.name)")
    expectClose(inputs.map(\.grad), dag.grads, .reference, "gradients of \(dag.name)")
  }

  struct UnknownOp: Error { var op: String }

  /// Builds one node of the program with our engine's ops.
  static func build(_ node: Node, from nodes: [Value]) throws -> Value {
    let a = nodes[node.args[0]]
    let b = node.args.count > 1 ? nodes[node.args[1]] : a
    let c = node.c ?? 0
    switch node.op {
    case "add": return a + b
    case "sub": return a - b
    case "mul": return a * b
    case "div": return a / b
    case "neg": return -a
    case "exp": return a.exp()
    case "log": return a.log()
    case "sqrt": return a.sqrt()
    case "abs": return a.abs()
    case "tanh": return a.tanh()
    case "relu": return a.relu()
    case "sigmoid": return a.sigmoid()
    case "selu": return a.selu()
    case "gelu": return a.gelu()
    case "silu": return a.silu()
    case "softsign": return a.softsign()
    case "softplus": return a.softplus()
    case "add_const": return a + c
    case "mul_const": return a * c
    case "div_const": return a / c
    case "rsub_const": return c - a
    case "rdiv_const": return c / a
    case "pow": return a.pow(c)
    case "leaky_relu": return a.leakyReLU(c)
    case "elu": return a.elu(alpha: c)
    case "sum": return Value.sum(node.args.map { nodes[$0] })
    case "dot": return Value.dot(node.args.map { nodes[$0] }, node.args2!.map { nodes[$0] })
    default: throw UnknownOp(op: node.op)
    }
  }
}
