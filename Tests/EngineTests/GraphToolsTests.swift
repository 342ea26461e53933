import MicrogradLab
import TestSupport
import Testing
@testable import MicrogradEngine

@Suite("Seeing and checking the graph")
struct GraphToolsTests {
  @Test("DOT export: a record per value with label, data and grad, an ellipse per op, edges through ops")
  func graphviz() {
    let a = Value(2.0, label: "a"), b = Value(-3.0, label: "b")
    let c = a * b
    c.label = "c"
    let d = (c + a).tanh()
    d.label = "d"
    d.backward()
    let dot = d.graphviz()
    let lines = dot.split(separator: "\n").map(String.init)
    #expect(lines.first == "digraph Value {")
    #expect(lines.last == "}")
    #expect(lines.contains("  rankdir=LR;"))
    let records = lines.filter { $0.contains("shape=record") }
    let ops = lines.filter { $0.contains("shape=ellipse") }
    let edges = lines.filter { $0.contains("->") }
    #expect(records.count == 5)  // a, b, c, c + a, d
    #expect(ops.count == 3)  // *, +, tanh
    #expect(edges.count == 3 + 5)  // op -> output, plus one per input (c + a has 2, * has 2, tanh 1)
    #expect(records.contains { $0.contains("{ a | data 2.0000 | grad ") })
    #expect(ops.contains { $0.contains("label=\"tanh\"") })
    #expect(ops.contains { $0.contains("label=\"*\"") })
  }

  @Test("a drawn graph says what was computed: constants with their side, exponents, labeled literals")
  func graphvizShowsConstants() {
    let x = Value(2.0, label: "x")
    func ops(_ v: Value) -> [String] {
      v.graphviz().split(separator: "\n").filter { $0.contains("shape=ellipse") }.map {
        String($0.split(separator: "label=\"")[1].dropLast(3))
      }
    }
    #expect(ops(x / 4) == ["/ 4.0"])
    #expect(ops(10 / x) == ["10.0 /"])
    #expect(ops(x - 1) == ["- 1.0"])
    #expect(ops(1 - x) == ["1.0 -"])
    #expect(ops(x ** 3) == ["** 3.0"])
    #expect(ops(x.leakyReLU(0.2)) == ["leaky_relu 0.2"])
    // A labeled temporary is a node of its own, so its name is drawn.
    let y = x * Value(3, label: "k")
    #expect(ops(y) == ["*"])
    #expect(y.graphviz().contains("{ k | data 3.0000"))
    #expect(x.graphviz(direction: .topToBottom).contains("rankdir=TB;"))
  }

  @Test("print(value) reads like the Swift that makes it")
  func description() {
    #expect(Value(2, label: "x").description == #"Value(data: 2.0, grad: 0.0, label: "x")"#)
    #expect(Value(0.5).description == "Value(data: 0.5, grad: 0.0)")
  }

  @Test("checkFinite on a NaN input says it was created that way")
  func nanInput() {
    let x = Value(.nan, label: "x")
    let report = (x * 2 + 1).checkFinite()
    #expect(report?.kind == .input)
    #expect(report?.description == "the input (x) is nan: no op produced it, it was created that way")
  }

  @Test("checkFinite names the op with its constant: / 0.0 made the infinity")
  func namesConstant() {
    let report = (Value(1) / 0.0 * 2).checkFinite()
    #expect(report?.description == "/ 0.0 produced inf from inputs [1.0]")
  }

  @Test("checkFinite names log as the op that made a NaN from a negative input")
  func findsNaNSource() {
    let x = Value(-1.0, label: "x")
    let y = x.log()
    y.label = "y"
    let z = (y * 2).exp() + 1
    #expect(z.data.isNaN)
    let report = z.checkFinite()
    #expect(report?.kind == .output)
    #expect(report?.node === y)
    #expect(report?.node.op == .log)
    #expect(report?.inputs == [-1.0])
    #expect(report?.description == "log (y) produced nan from inputs [-1.0]")
    #expect(report!.description.contains("log (y) produced nan"))
  }

  @Test("checkFinite finds a gradient that overflows in a backward rule, and leaves grads as they were")
  func findsGradientSource() {
    let x = Value(0.0)
    let r = x.sqrt()  // data 0 is finite, but d/dx = 1/(2·0) = inf
    let y = r * 3
    y.backward()
    #expect(x.grad == .infinity)
    let report = y.checkFinite()
    #expect(report?.kind == .gradient)
    #expect(report?.node.op == .sqrt)
    #expect(x.grad == .infinity)
    #expect(r.grad == 3)
  }

  @Test("checkFinite returns nil for a healthy graph")
  func healthy() {
    let x = Value(0.3)
    #expect((x.tanh() * x.exp()).checkFinite() == nil)
  }
}

@Suite("Programmer errors stop with a message that names the problem")
struct EnginePreconditionTests {
  @Test("dot of arrays with different lengths")
  func dotLengths() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Value.dot([Value(1), Value(2)], [Value(3)])
    }
    #expect(result?.printed("Value.dot: the two arrays must have equal lengths (got 2 and 1)") == true)
  }

  @Test("affine with the wrong number of weights")
  func affineLengths() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Value.affine([Value(1), Value(2)], [Value(3), Value(4)])
    }
    #expect(result?.printed("Value.affine: expected 3 weights and bias for 2 inputs, got 2") == true)
  }

  @Test("log-softmax of no logits")
  func logSoftmaxEmpty() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Value.logSoftmax([])
    }
    #expect(result?.printed("Value.logSoftmax: the logits must not be empty") == true)
  }

  @Test("a gradient check with step 0")
  func gradientCheckStep() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = checkGradient(at: [1], step: 0) { $0[0] * $0[0] }
    }
    #expect(result?.printed("checkGradient: step must be a finite number > 0 (got 0.0)") == true)
  }

  @Test("a gradient check at a NaN point")
  func gradientCheckPoint() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = checkGradient(at: [1, .nan]) { $0[0] * $0[1] }
    }
    #expect(result?.printed("checkGradient: the point must be finite (got [1.0, nan])") == true)
  }

  @Test("a drawing with 50 decimals")
  func graphvizDecimals() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Value(1).graphviz(decimals: 50)
    }
    #expect(result?.printed("Value.graphviz: decimals must be in 0...17 (got 50)") == true)
  }
}
