// three-ways: one gradient three ways — our tape, Swift's compiler autodiff, finite differences.
//
//   swift run -c release three-ways                    # prints the story, figures in ./out
//   swift run -c release three-ways --notebook out     # also out/three-ways.html, .ipynb and .md
//
// Our engine records a tape at run time and walks it backward. Swift's compiler can differentiate code
// itself (`import _Differentiation`, on Swift.org toolchains): it writes the backward pass at compile time.
// Finite differences only evaluate.
//
// Written like a playground: each `/*: ## … */` block starts a step of the notebook, its prose beside the
// code; the page shows the code under it (without the lines that build the page) and what it printed.
import ExampleSupport
import Micrograd

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
#if canImport(_Differentiation)
  import _Differentiation
#endif

let defaultExpression = "tanh(x*y + 1) * x"
let parsed = CommandLineOptions(
  tool: "three-ways", summary: "One gradient three ways: our tape, Swift's compiler autodiff, finite differences.",
  options: [
    .init(
      "--expression", "TEXT", "a function of x and y, differentiated at (0.5, -1.2) (default \"\(defaultExpression)\")"),
    .init("--widths", "N,N,...", "widths of the timed MLPs (default 4,16,64,256)"),
    .init("--depths", "N,N,...", "depths of the timed MLPs (default 1,4,16,64)"),
    .init("--seed", "N", "seed of the networks and their data (default 24)"),
  ], epilogue: "--expression: numbers, x, y, + - * / ^, parentheses, " + expressionFunctions.joined(separator: ", ")
).parse()
let expression = parsed.string("--expression", default: defaultExpression)
let program: [Instruction]
do { program = try ExpressionParser(expression).program } catch {
  let quoted = expression.count > 60 ? expression.prefix(60) + "…" : Substring(expression)
  parsed.options.usageError("--expression '\(quoted)': \(error.message)")
}
let widths = parsed.positiveIntegers("--widths", default: [4, 16, 64, 256])
let depths = parsed.positiveIntegers("--depths", default: [1, 4, 16, 64])
let (seed, batch, budget) = (parsed.seed("--seed", default: 24), 4, 4.0)
parsed.options.requireMemory(width: widths.max()!, option: "--widths", settings: "depth \(depths.max()!)") {
  .threeWays(parameters: parameterCount($0, depths.max()!), width: $0, depth: depths.max()!)
}
let outputs = ExampleOutputs(parsed)
var notebook = Notebook("Three ways to a derivative: our tape, Swift's compiler, finite differences")
notebook.settings = [
  ("seed", .integer(Int(seed))), ("batch", .integer(batch)),
  ("compiler autodiff", .text(compilerAvailable ? "yes" : "no")),
  ("machine", .text(machineName())),
]
if !compilerAvailable {
  notebook.prose(
    """
    **This toolchain has no `_Differentiation` module** (the Swift.org toolchains have it), so the
    compiler's way is left out below (its columns show –), and the tape and finite differences run as usual.
    """)
}

//: ## 1. The lecture neuron, three ways
notebook.section("1. The lecture neuron, three ways")
let neuronAt = [2.0, -3, 0, 1, 6.8813735870195432]  // x1, w1, x2, w2, b
func neuron(_ v: [Double]) -> Double { tanh(v[0] * v[1] + v[2] * v[3] + v[4]) }
let leaves = neuronAt.map { Value($0) }
(leaves[0] * leaves[1] + leaves[2] * leaves[3] + leaves[4]).tanh().backward()
let threeNeuron = threeWays(
  tape: leaves.map(\.grad), compiled: compiledGradient(neuron, at: neuronAt),
  differences: centralDifferences(of: neuron, at: neuronAt, step: step))
notebook.table(
  threeWaysTable(
    "The lecture neuron o = tanh(x1·w1 + x2·w2 + b): do/d(each)", names: ["x1", "w1", "x2", "w2", "b"], threeNeuron))
notebook.prose(
  """
  The tape records five nodes and runs each one's rule backward; the compiler differentiated the function `neuron`
  when this program was built; finite differences called it \(2 * neuronAt.count) times with h = ∛ε = \(g(step)).
  """)

//: ## 2. micrograd's README expression
notebook.section("2. micrograd's README expression")
func readme(_ v: [Double]) -> Double {
  let (a, b) = (v[0], v[1])
  var c = a + b
  var d = a * b + b * b * b
  c += c + 1
  c += 1 + c + (-a)
  d += d * 2 + relu(b + a)
  d += 3 * d + relu(b - a)
  let e = c - d
  let f = e * e
  var g = f / 2.0
  g += 10.0 / f
  return g
}
func relu(_ x: Double) -> Double { x > 0 ? x : 0 }
func readmeOnTape(_ a: Value, _ b: Value) -> Value {
  var c = a + b
  var d = a * b + b.pow(3)
  c += c + 1
  c += 1 + c + (-a)
  d += d * 2 + (b + a).relu()
  d += 3 * d + (b - a).relu()
  let e = c - d
  let f = e.pow(2)
  var g = f / 2.0
  g += 10.0 / f
  return g
}
let (readmeA, readmeB) = (Value(-4.0), Value(2.0))
readmeOnTape(readmeA, readmeB).backward()
let threeReadme = threeWays(
  tape: [readmeA.grad, readmeB.grad], compiled: compiledGradient(readme, at: [-4, 2]),
  differences: centralDifferences(of: readme, at: [-4, 2], step: step))
notebook.table(threeWaysTable("micrograd's README expression: dg/da and dg/db", names: ["a", "b"], threeReadme))
/*:
 The same lines twice: on `Value`s (`readmeOnTape`, the README's code, `+=` rebinding a name to a new node) and on
 `Double`s (`readme`, which the compiler differentiates, `+=` and all, and finite differences evaluate). micrograd
 prints 138.8338 and 645.5773.
 */

/*:
 ## 3. The model, written for each way

 For the tape the model is the library's `MLP`: every weight a `Value`, every op recorded as it runs, so the loss
 is five lines (`tapeLoss`). For the compiler it is a struct of `[Double]`s and a function over it (`loss`), with
 the rules the compiler sets: index loops, not `for x in array` (an iterator has no derivative); counts that
 steer loops from outside the differentiable value; no `abs`, `max` or `min` (no derivative; a branch instead);
 no writes into an array element (`a[i] = …` has no derivative in Swift 6.3). Finite differences take
 the same `loss` and need nothing else.
 */
notebook.section("3. The model, written for each way")
/// One dense layer over plain numbers: row `w[j]` holds neuron j's weights, `b[j]` its bias.
struct DenseLayer { var w: [[Double]], b: [Double] }
/// An MLP as a struct of arrays the compiler can differentiate: tanh hidden layers, a linear last layer.
struct DenseMLP { var layers: [DenseLayer] }
extension DenseMLP {
  init(_ mlp: MLP) { layers = mlp.layers.map { DenseLayer(w: $0.weightMatrix, b: $0.biasVector!) } }
}
/// What the loss needs besides the parameters. The sizes travel apart: a count read from a differentiable
/// array cannot bound a loop the compiler differentiates (it asks for `withoutDerivative(at:)`).
struct Problem { var inputs: [[Double]], targets: [Double], sizes: [Int], elementwise = false }

/// The mean squared error of `m` on the problem's inputs.
func loss(_ m: DenseMLP, _ p: Problem) -> Double {
  var total = 0.0
  for s in 0..<p.inputs.count {
    var (h, fanIn) = (p.inputs[s], 2)
    for l in 0..<p.sizes.count {
      let (w, b, n) = (m.layers[l].w, m.layers[l].b, p.sizes[l])
      let u =
        p.elementwise ? affineByElement(w, b, h, inputs: fanIn, outputs: n) : affine(w, b, h, inputs: fanIn, outputs: n)
      h = l == p.sizes.count - 1 ? u : (p.elementwise ? tanhByElement(u, n) : tanhLayer(u, n))
      fanIn = n
    }
    let error = h[0] - p.targets[s]
    total = total + error * error
  }
  return total / Double(p.inputs.count)
}
/// w·x + b for every neuron. `affine` and `tanhLayer` have derivatives registered in Compiled.swift; the
/// `ByElement` twins, the same code, are differentiated by the compiler one array element at a time.
func affine(_ w: [[Double]], _ b: [Double], _ x: [Double], inputs: Int, outputs: Int) -> [Double] {
  affineByElement(w, b, x, inputs: inputs, outputs: outputs)
}
func affineByElement(_ w: [[Double]], _ b: [Double], _ x: [Double], inputs: Int, outputs: Int) -> [Double] {
  var out: [Double] = []
  for j in 0..<outputs {
    let row = w[j]
    var u = b[j]
    for i in 0..<inputs { u = u + row[i] * x[i] }
    out.append(u)
  }
  return out
}
func tanhLayer(_ u: [Double], _ n: Int) -> [Double] { tanhByElement(u, n) }
func tanhByElement(_ u: [Double], _ n: Int) -> [Double] {
  var out: [Double] = []
  for i in 0..<n { out.append(tanh(u[i])) }
  return out
}
#if canImport(_Differentiation)
  extension DenseLayer: Differentiable {}  // all it takes: the compiler writes the tangent types
  extension DenseMLP: Differentiable {}
#endif
let compiledLoss: ModelLoss = loss  // here the compiler differentiates `loss` and everything it calls

/// The same loss on our tape: the library's `MLP`, over the batch at once.
func tapeLoss(_ mlp: MLP, _ p: Problem) -> Value {
  let outputs = mlp(batch: p.inputs.map { $0.map { Value($0) } })
  let errors = zip(outputs, p.targets).map { y, t in (y[0] - t) * (y[0] - t) }
  return Value.sum(errors) / Double(p.inputs.count)
}

//: ## 4. A small MLP's loss gradient, three ways
notebook.section("4. A small MLP's loss gradient, three ways")
let (small, smallDense, smallProblem) = sweepModel(width: 16, depth: 2, batch: batch, seed: seed)
tapeLoss(small, smallProblem).backward()
let mlp = threeWays(
  tape: small.parameters.map(\.grad), compiled: compiledGradient(compiledLoss, of: smallDense, on: smallProblem),
  differences: differencesGradient(smallDense, smallProblem, step: step))
notebook.table(agreementTable("MLP(2, [16, 16, 1]), tanh, \(batch) samples: all \(mlp.tape.count) gradients", mlp))
let steps = (1...16).map { pow(10, -Double($0)) }
let stepErrors = steps.map { largestDifference(mlp.tape, differencesGradient(smallDense, smallProblem, step: $0)) }
var stepTable = Table(
  "Finite differences of the MLP's loss: the error of every step h", columns: ["h", "largest error", "digits"])
for (h, e) in zip(steps, stepErrors) {
  stepTable.append([.number(h, significant: 1), .number(e, significant: 2), digitsCell(e)])
}
notebook.table(stepTable)
let best = zip(steps, stepErrors).min { $0.1 < $1.1 }!
var stepChart = Chart(
  title: "Central differences: error against the tape by step h", xLabel: "step h", yLabel: "largest error, relative",
  xScale: .log10, yScale: .log10)
stepChart.addLine("central differences", xs: steps, ys: stepErrors.map { Swift.max($0, 1e-17) })
stepChart.addPoints("h = ∛ε", xs: [step], ys: [Swift.max(largestDifference(mlp.tape, mlp.differences), 1e-17)])
notebook.figure(
  "steps", stepChart,
  caption: "Truncation error falls like h² from the right; rounding error grows like ε/h to the left.")
notebook.prose(
  stepProse(best: best, steps: steps, errors: stepErrors, chosen: largestDifference(mlp.tape, mlp.differences)))

//: ## 5. Cost per gradient as the graph grows
notebook.section("5. Cost per gradient as the graph grows")
let rows = sweep(widths: widths, depths: depths, batch: batch, seed: seed, budget: budget, loss: compiledLoss) {
  print($0)
}
notebook.table(costTable(rows))
notebook.figure(
  "cost", costChart(rows), caption: "CPU seconds per gradient against the parameter count, log-log, one run.")
notebook.prose(costProse(rows, budget: budget))

//: ## 6. What each way can differentiate
notebook.section("6. What each way can differentiate")
func untilTen(_ v: [Double]) -> Double {  // data-dependent control flow: how often it loops depends on x
  var y = v[0]
  while y < 10 { y = y * v[0] }
  return y
}
func untilTenOnTape(_ x: Value) -> Value {
  var y = x
  while y.data < 10 { y = y * x }
  return y
}
func tower(_ v: [Double], layers: Int) -> Double {  // a loop whose count is a parameter, unknown when compiled
  var y = v[0]
  for _ in 0..<layers { y = tanh(0.9 * y + 0.1) }
  return y
}
let capability = capabilities(
  untilTen: (untilTen, untilTenOnTape), tower: tower, program: program, expression: expression,
  compiledUntilTen: { compiledGradient(untilTen, at: $0) },
  compiledTower: { n, x in compiledGradient({ tower($0, layers: n) }, at: x) })
notebook.table(capability.table)
notebook.prose(capability.prose)

//: ## 7. How each way fails
notebook.section("7. How each way fails")
func rounded(_ v: [Double]) -> Double { round(v[0]) * 2 }  // a step function: derivative 0 or undefined
func sqrtOfSquare(_ v: [Double]) -> Double { (v[0] * v[0]).squareRoot() }  // |x|, written so the rule hits 0·∞
let failures = failureTable(
  rounded: rounded, compiledRounded: { compiledGradient(rounded, at: $0) }, sqrtOfSquare: sqrtOfSquare,
  compiledSqrt: { compiledGradient(sqrtOfSquare, at: $0) }, steps: steps, stepErrors: stepErrors)
notebook.table(failures.table)
notebook.prose(failures.prose)

//: ## 8. The crossover, from this run
notebook.section("8. The crossover, from this run")
let conclusion = conclusions(rows, mlp: mlp, best: best, steps: steps, stepErrors: stepErrors)
notebook.prose(conclusion)

outputs.save(notebook)
