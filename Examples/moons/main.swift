// moons: micrograd's demo (karpathy/micrograd, demo.ipynb), step by step.
// A two-layer relu network learns to separate two interleaving half moons.
// Run: swift run -c release moons [--out FOLDER]     (figures go to ./out by default)
import ExampleSupport
import Micrograd

// MARK: - Options: --out FOLDER (default ./out)

let folder = CommandLineOptions(
  tool: "moons", summary: "micrograd's demo: MLP(2, [16, 16, 1]) learns the two moons.",
  options: [.init("--out", "FOLDER", "where the SVG figure goes (default ./out)")]
).parse().string("--out", default: "out")

// MARK: - 1. The data: 100 points on two noisy half moons

print("1. The data: scikit-learn's make_moons(100, noise=0.1), labels -1 / +1\n")
var rng = SplitMix64(seed: 1337)
let data = Dataset.moons(count: 100, noise: 0.1, labels: .signed, using: &rng)
print("   \(data)")
print("   first point \(data.inputs[0].map { formatted($0, decimals: 3) }) has label \(data.labels[0])\n")

// MARK: - 2. The model: MLP(2, [16, 16, 1]), micrograd's initialization

print("2. The model: 2 inputs -> 16 relu -> 16 relu -> 1 score, weights U(-1, 1), biases 0\n")
let model = MLP(inputs: 2, sizes: [16, 16, 1], using: &rng)
print("   \(model.parameters.count) parameters (micrograd: 337)")
print("   the score's sign is the predicted class; training pushes y·score above 1\n")

// MARK: - 3. Training: hinge loss + L2, full-batch SGD with a decaying learning rate

print("3. Training: loss = mean relu(1 - y·score) + 1e-4·Σp², SGD with lr = 1.0 - 0.9·k/100\n")
var optimizer = SGD(parameters: model.parameters, learningRate: 1.0)
let history = train(
  model.callAsFunction, on: data, criterion: .hinge, l2: 1e-4,
  optimizer: &optimizer, schedule: .micrograd, steps: 100
) { step in
  print(
    "   step \(step.step)  loss \(formatted(step.loss, decimals: 6))  accuracy \(formatted(100 * step.accuracy, decimals: 1))%"
      + "  (lr \(formatted(step.learningRate, decimals: 3)))")
}
let finalAccuracy = Criterion.hinge.accuracy(of: model.callAsFunction, on: data)
let firstPerfect = history.accuracies.firstIndex(of: 1).map(String.init) ?? "never"
print(
  "\n   after training: accuracy \(formatted(100 * finalAccuracy, decimals: 1))%; first 100% step: \(firstPerfect)\n")

// MARK: - 4. The decision boundary, in the terminal

print("4. The decision boundary: '·' where the model says -1, '#' where it says +1; points o (-1) and x (+1)\n")
let boundary = DecisionBoundary(
  data: data, x: -1.5...2.5, y: -1.0...1.5,
  title:
    "micrograd's moons demo: MLP(2, [16, 16, 1]) after 100 SGD steps, accuracy \(formatted(100 * finalAccuracy, decimals: 0))%"
) { x, y in model([Value(x), Value(y)])[0].data }
for line in boundary.text().split(separator: "\n") { print("   " + line) }

// MARK: - 5. The same picture as SVG

let path = folder + "/training-moons-boundary.svg"
write(boundary, to: path, tool: "moons")
print("\n5. Wrote \(path): the regions coloured by the predicted class, the points on top.")
