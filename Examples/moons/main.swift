// moons: micrograd's demo (karpathy/micrograd, demo.ipynb), step by step.
// A two-layer relu network learns to separate two interleaving half moons.
//
//   swift run -c release moons                     # prints the story, figures in ./out
//   swift run -c release moons --notebook out      # also out/moons.html, .ipynb and .md
//
// Written like a playground: each `/*: ## … */` block starts a step of the notebook, its prose beside the
// code; the page shows the code under it (without the lines that build the page) and what it printed.
import ExampleSupport
import Micrograd

let parsed = CommandLineOptions(
  tool: "moons", summary: "micrograd's demo: MLP(2, [16, 16, 1]) learns the two moons.",
  options: [.init("--seed", "SEED", "seed of the data and the weights (default 1337)")]
).parse()
let seed = parsed.seed("--seed", default: 1337)
let outputs = ExampleOutputs(parsed)
var notebook = Notebook("micrograd's demo: two moons")
notebook.settings = [("seed", .integer(seed))]

//: ## 1. The data: 100 points on two noisy half moons
notebook.section("1. The data: 100 points on two noisy half moons")
var rng = SplitMix64(seed: seed)
let data = Dataset.moons(count: 100, noise: 0.1, labels: .signed, using: &rng)
notebook.prose(
  """
  scikit-learn's `make_moons(100, noise=0.1)`, with labels −1 and +1: \(data). The first point, \
  (\(data.inputs[0].map { ($0).formatted(decimals: 3) }.joined(separator: ", "))), has label \(data.labels[0]).
  """)

//: ## 2. The model: MLP(2, [16, 16, 1]), micrograd's initialization
notebook.section("2. The model: MLP(2, [16, 16, 1]), micrograd's initialization")
let model = MLP(inputs: 2, sizes: [16, 16, 1], using: &rng)
notebook.prose(
  """
  2 inputs → 16 relu → 16 relu → 1 score, weights U(−1, 1), biases 0: \(model.parameters.count) parameters
  (micrograd: 337). The score's sign is the predicted class; training pushes y·score above 1.
  """)

/*:
 ## 3. Training: hinge loss + L2, full-batch SGD with a decaying learning rate

 loss = mean relu(1 − y·score) + 1e-4·Σp², SGD with lr = 1.0 − 0.9·k/100, 100 steps on the whole batch.
 */
notebook.section("3. Training: hinge loss + L2, full-batch SGD with a decaying learning rate")
var optimizer = SGD(parameters: model.parameters, learningRate: 1.0)
var log = Table("Every 10th step", columns: ["step", "loss", "accuracy", "learning rate"])
var nodesPerStep = 0
let history = train(
  model, on: data, criterion: .hinge, l2: 1e-4,
  optimizer: &optimizer, schedule: .micrograd, steps: 100
) { step in
  if step.step == 0 { nodesPerStep = step.graph.topologicalOrder().count }
  if step.step % 10 == 0 || step.step == 99 {
    log.append([
      .integer(step.step), .number(step.loss, decimals: 6), .percent(step.accuracy),
      .number(step.learningRate, decimals: 3),
    ])
  }
}
notebook.table(log)
let finalAccuracy = Criterion.hinge.accuracy(of: model.callAsFunction, on: data)
let firstPerfect = history.accuracies.firstIndex(of: 1)
var result = Table(
  "After training", columns: ["parameters", "nodes in one step's graph", "accuracy", "first step at 100%"])
result.append([
  .integer(model.parameters.count), .integer(nodesPerStep), .percent(finalAccuracy),
  firstPerfect.map { .integer($0) } ?? "none",
])
notebook.table(result)
notebook.prose(
  """
  After training the accuracy is \((100 * finalAccuracy).formatted(decimals: 1))%; \
  \(firstPerfect.map { "the first step at 100% was step \($0)" } ?? "no step reached 100%"). One step's graph \
  (100 forward passes, the loss and its L2 term) holds \(nodesPerStep) nodes: a neuron's weighted sum is one node, \
  and a layer over the batch is one block.
  """)
var curve = Chart(title: "Training loss (hinge + L2)", xLabel: "step", yLabel: "loss", yScale: .log10)
curve.addLine("loss", xs: history.losses.indices.map(Double.init), ys: history.losses)
notebook.figure("loss", curve, caption: "The loss of every step.")

/*:
 ## 4. The decision boundary

 The plane coloured by the model's class: `·` where it says −1, `#` where it says +1; points `o` (−1) and `x` (+1).
 */
notebook.section("4. The decision boundary")
let boundary = DecisionBoundary(
  data: data, x: -1.5...2.5, y: -1.0...1.5,
  title: "MLP(2, [16, 16, 1]) after 100 SGD steps, accuracy \((100 * finalAccuracy).formatted(decimals: 0))%"
) { x, y in model([Value(x), Value(y)])[0].data }
notebook.figure(
  "boundary", boundary, caption: "The regions of each predicted class, the data points on top.",
  text: boundary.text().split(separator: "\n").map { "   " + $0 }.joined(separator: "\n"))

//: ## 5. One neuron, drawn
notebook.section("5. One neuron, drawn")
model.zeroGrad()
let neuron = model.layers[0].neurons[0]
for (parameter, name) in zip(neuron.parameters, ["w1", "w2", "b"]) { parameter.label = name }
let h = neuron([Value(data.inputs[0][0], label: "x1"), Value(data.inputs[0][1], label: "x2")])
h.label = "h"
h.backward()
let drawing = try GraphDrawing(of: h, title: "The first neuron of layer 1 at the first point, after h.backward()")
notebook.figure(
  "neuron", drawing,
  caption:
    "h = relu(w1·x1 + w2·x2 + b), trained: w·x+b is one node of the graph, and relu passes a gradient only where it is positive."
)

outputs.save(notebook)
