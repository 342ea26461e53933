// quickstart: micrograd's README example, the lecture neuron, and a drawing of its graph.
//
//   swift run quickstart                     # prints the story
//   swift run quickstart --notebook out      # also out/quickstart.html, .ipynb and .md
//
// Written like a playground: each `/*: ## … */` block starts a step of the notebook, its prose beside the
// code; the page shows the code under it (without the lines that build the page) and what it printed.
import ExampleSupport
import Micrograd

let outputs = ExampleOutputs(
  CommandLineOptions(
    tool: "quickstart", summary: "micrograd's README example, the lecture neuron, and its graph (drawn, and in DOT).",
    options: []
  ).parse())
var notebook = Notebook("Quickstart: micrograd, in Swift")

/*:
 ## 1. micrograd's README expression

 The expression of micrograd's README, on our engine: every `+`, `*`, `pow` and `relu` records a node, and
 `backward()` runs the chain rule through all of them.
 */
notebook.section("1. micrograd's README expression")
let a = Value(-4.0)
let b = Value(2.0)
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
g.backward()
notebook.prose(
  """
  The forward pass gives g = \(g.data.formatted(decimals: 4)), and `backward()` gives dg/da = \(a.grad.formatted(decimals: 4)) and dg/db = \(b.grad.formatted(decimals: 4))
  (micrograd prints 24.7041, 138.8338 and 645.5773).
  """)

/*:
 ## 2. The lecture neuron

 The neuron of Karpathy's lecture: o = tanh(x1·w1 + x2·w2 + b), with b chosen so that o is 1/√2.
 */
notebook.section("2. The lecture neuron")
let x1 = Value(2.0, label: "x1"), x2 = Value(0.0, label: "x2")
let w1 = Value(-3.0, label: "w1"), w2 = Value(1.0, label: "w2")
let bias = Value(6.8813735870195432, label: "b")
let n = x1 * w1 + x2 * w2 + bias
n.label = "n"
let o = n.tanh()
o.label = "o"
let forwardOnly = try GraphDrawing(of: o, title: "The lecture neuron after the forward pass")
o.backward()
var gradients = Table(
  "o = tanh(x1·w1 + x2·w2 + b) = \(o.data.formatted(decimals: 4))", columns: ["value", "data", "do/dvalue"])
for v in [x1, w1, x2, w2, bias] {
  gradients.append([.text(v.label!), .number(v.data, decimals: 4), .number(v.grad, decimals: 4)])
}
notebook.table(gradients)
notebook.prose(
  """
  tanh's rule is `(1 - t*t) * out.grad`: at t = \(o.data.formatted(decimals: 4)) the local slope is \
  \((1 - o.data * o.data).formatted(decimals: 4)), which every gradient below o carries.
  """)

/*:
 ## 3. The graph, drawn

 micrograd's `draw_dot`, without Graphviz: a record per value (its label, data and grad) and an oval per op.
 */
notebook.section("3. The graph, drawn")
notebook.figure(
  "graph-forward", forwardOnly,
  caption: "Drawn before o.backward(): each value's data, every grad still 0. An oval is the op that made the value.")
let afterBackward = try GraphDrawing(of: o, title: "The lecture neuron after o.backward()")
notebook.figure(
  "graph-backward", afterBackward,
  caption: "Drawn after o.backward(): each grad is do/dvalue, from o back to the inputs.")

/*:
 ## 4. The graph, as Graphviz DOT

 `o.graphviz()` describes the graph in Graphviz's DOT language, like micrograd's `draw_dot`: render it with
 `dot -Tsvg neuron.dot -o neuron.svg`.
 */
notebook.section("4. The graph, as Graphviz DOT")
let dot = o.graphviz()
notebook.output(dot)

outputs.save(notebook)
