// Sections 6 and 7 of three-ways: what each way can differentiate and how each fails, each claim a small
// run whose numbers fill the table.
import Micrograd

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A table and the sentences under it.
struct Findings {
  var table: Table, prose: String
}

/// A gradient as text: "45.5625", or "–" for none.
func shown(_ gradient: [Double]?) -> Table.Cell {
  guard let gradient else { return "–" }
  return .text(gradient.map { g($0, 10) }.joined(separator: ", "))
}

func capabilities(
  untilTen: (plain: ([Double]) -> Double, tape: (Value) -> Value), tower: ([Double], Int) -> Double,
  program: [Instruction], expression: String, compiledUntilTen: ([Double]) -> [Double]?,
  compiledTower: (Int, [Double]) -> [Double]?
) -> Findings {
  var table = Table(
    "What each way differentiated (cells: the gradient it gave)",
    columns: ["what", "at", "our tape", "compiler", "finite differences"])
  func onTape(_ x: Double, _ f: (Value) -> Value) -> [Double] {
    let v = Value(x)
    f(v).backward()
    return [v.grad]
  }
  // A loop whose count depends on x: 1.5⁶ ≥ 10, so f = x⁶ and f′ = 6x⁵ = 45.5625; at 10^(1/6) the count changes.
  let edge = pow(10, 1.0 / 6)
  for x in [1.5, edge] {
    table.append([
      "while y < 10 { y = y·x }", .text(x == 1.5 ? "x = 1.5" : "x = 10^(1/6), where the count changes"),
      shown(onTape(x, untilTen.tape)), shown(compiledUntilTen([x])),
      shown(centralDifferences(of: untilTen.plain, at: [x], step: step)),
    ])
  }
  // A graph from the command line: recorded by the tape, interpreted for the compiler and the differences.
  let (x, y) = (Value(0.5), Value(-1.2))
  tape(program, x: x, y: y).backward()
  let evaluate: ([Double]) -> Double = { run(program, $0) }
  table.append([
    .text("--expression \"\(expression)\""), "(x, y) = (0.5, −1.2)", shown([x.grad, y.grad]),
    shown(compiledGradient(interpreter(program), at: [0.5, -1.2])),
    shown(centralDifferences(of: evaluate, at: [0.5, -1.2], step: step)),
  ])
  // A loop whose count is a parameter: compiled once, without knowing it.
  let layers = 12
  table.append([
    .text("\(layers) layers y = tanh(0.9·y + 0.1), the count a parameter"), "x = 0.3",
    shown(onTape(0.3) { v in (0..<layers).reduce(v) { y, _ in (0.9 * y + 0.1).tanh() } }),
    shown(compiledTower(layers, [0.3])), shown(centralDifferences(of: { tower($0, layers) }, at: [0.3], step: step)),
  ])
  // Mutation: a node's data changed after the forward pass.
  let (p, q) = (Value(3), Value(4))
  let product = p * q
  p.data = 10
  product.backward()
  table.append([
    "mutation: y = p·q, then p.data = 10 before backward()", "p = 3, q = 4",
    .text("dy/dq = \(g(q.grad)) though y = \(g(product.data)) = 3·4"),
    "Doubles are values, nothing to change in between; var and += work (the README expression); a[i] = … does not compile",
    "only evaluates, nothing to change",
  ])
  let compilerNote =
    compilerAvailable
    ? "The compiler differentiated every one of them: the loop and the branch are control flow it follows; the expression it never saw, because it differentiated the interpreter (`run` in Expression.swift), and `values.append(…)` in a loop is the interpreter's own tape. It refuses, when building, what it cannot: `a[i] = …` (Swift 6.3 has no derivative for Array's subscript setter), `abs`, `max`, `min`, and a function from another file not marked `@differentiable(reverse)`."
    : "The compiler column is empty: this toolchain has no `_Differentiation` module."
  var (power, loops) = (edge, 1)  // at the edge the loop leaves f = x^loops
  while power < 10 { (power, loops) = (power * edge, loops + 1) }
  let prose = """
    At x = 1.5 all three agree. At x = 10^(1/6), rounded to a Double, the loop ends with y = x^\(loops); the tape and \
    the compiler give the derivative of that branch, \(loops)·x^\(loops - 1) = \
    \(g(Double(loops) * pow(edge, Double(loops - 1)), 6)), while the two evaluations of finite differences land on \
    different branches, one loop apart. \
    \(compilerNote) The tape records whatever runs, but it reads each input's `data` when `backward()` runs: change \
    it in between and the gradient belongs to neither point.
    """
  return Findings(table: table, prose: prose)
}

func failureTable(
  rounded: ([Double]) -> Double, compiledRounded: ([Double]) -> [Double]?, sqrtOfSquare: ([Double]) -> Double,
  compiledSqrt: ([Double]) -> [Double]?, steps: [Double], stepErrors: [Double]
) -> Findings {
  var table = Table(
    "How each way failed (cells: what it gave)",
    columns: ["failure", "at", "our tape", "compiler", "finite differences"])
  for x in [2.3, 2.5] {
    let v = Value(x)
    let cut = Value(v.data.rounded()) * 2  // no op of the engine rounds: the graph is cut here
    cut.backward()
    table.append([
      "an op without a derivative: round(x)·2", .text("x = \(x)"), .text("\(g(v.grad)) (the graph is cut, no error)"),
      compiledRounded([x]).map { .text("\(g($0[0])) (C's round has derivative 0)") } ?? "–",
      shown(centralDifferences(of: rounded, at: [x], step: step)),
    ])
  }
  let v = Value(0)
  let root = (v * v).sqrt()
  root.backward()
  let blame = root.checkFinite().map { "checkFinite() blames \($0.node.op)'s rule" } ?? "checkFinite() finds nothing"
  table.append([
    "NaN: √(x·x) = |x| at its kink", "x = 0", .text("\(g(v.grad)); \(blame)"),
    shown(compiledSqrt([0])), shown(centralDifferences(of: sqrtOfSquare, at: [0], step: step)),
  ])
  let tiny = steps.last!
  table.append([
    "a step too small", .text("the small MLP above, h = \(g(tiny, 1))"), "no step", "no step",
    .text("error \(g(stepErrors.last!, 2)) of the largest gradient"),
  ])
  let prose = """
    None of the three raises an error. The tape cannot see an op that leaves the graph (`Value(x.data.rounded())` \
    is a new leaf), so the gradient is 0 with no warning; the compiler knows C's `round` (a registered derivative \
    of 0) and refuses `x.rounded()` when building; finite differences see the jump at 2.5 as a slope of 1/h. At \
    the kink of √(x·x), both reverse modes multiply 0 by ∞: the tape's `checkFinite()` names the op, the compiler \
    gives a bare NaN, and finite differences, blind to the formula, give the symmetric slope 0.
    """
  return Findings(table: table, prose: prose)
}
