// Quickstart: micrograd's README example, the lecture neuron, and a drawing of a graph.
// Run: swift run quickstart
import ExampleSupport
import Micrograd

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// MARK: - 1. micrograd's README expression

print("1. micrograd's README expression, on our engine\n")
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
print("   g.data = \(formatted(g.data, decimals: 4))   (the outcome of this forward pass)")
print("   a.grad = \(formatted(a.grad, decimals: 4))  (dg/da)")
print("   b.grad = \(formatted(b.grad, decimals: 4))  (dg/db)")

// MARK: - 2. The lecture neuron

print("\n2. The lecture neuron: o = tanh(x1·w1 + x2·w2 + b)\n")
let x1 = Value(2.0, label: "x1"), x2 = Value(0.0, label: "x2")
let w1 = Value(-3.0, label: "w1"), w2 = Value(1.0, label: "w2")
let bias = Value(6.8813735870195432, label: "b")
let n = x1 * w1 + x2 * w2 + bias
n.label = "n"
let o = n.tanh()
o.label = "o"
o.backward()
print("   o = \(formatted(o.data, decimals: 4))")
for v in [x1, w1, x2, w2, bias] {
  print("   d o / d \(v.label!) = \(formatted(v.grad, decimals: 4))")
}
print("   (tanh's rule is (1 - t*t) * out.grad: at t = 0.7071 the local slope is 0.5.)")

// MARK: - 3. The graph, as Graphviz DOT

print("\n3. The same graph in Graphviz's DOT language:\n")
let dotText = o.graphviz()
print(dotText)

// Render it if Graphviz is installed: write out/neuron.dot and run `dot -Tsvg`.
mkdir("out", 0o755)
if let file = fopen("out/neuron.dot", "w") {
  fputs(dotText, file)
  fclose(file)
  if system("command -v dot >/dev/null 2>&1 && dot -Tsvg out/neuron.dot -o out/neuron.svg") == 0 {
    print("Rendered with graphviz: out/neuron.svg (source: out/neuron.dot)")
  } else {
    print("Wrote out/neuron.dot. Install graphviz and run `dot -Tsvg out/neuron.dot -o out/neuron.svg` to see it.")
  }
}
