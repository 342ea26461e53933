// swift-tools-version: 6.0
import PackageDescription

/// Micrograd: a scalar reverse-mode autograd engine for teaching weight initialization.
///
/// Four layers, each a product of its own, and an umbrella that re-exports them
/// (`Docs/Architecture.md`):
///
///     MicrogradEngine   Value, its ops, backward()            (karpathy/micrograd's engine.py)
///     MicrogradNN       Neuron, Layer, MLP, initializers,     (its nn.py, and training)
///                       losses, optimizers, datasets
///     MicrogradLab      traces, probes, theory, plots          (what a teacher uses to look)
///     MicrogradPages    notebook pages: HTML, Jupyter, Markdown, JSON
///     Micrograd         re-exports the four
///
/// `MicrogradSupport` holds what every layer shares and a learner never calls (`require`, number
/// formatting): it is not a product. The package has no dependencies. Every folder under
/// `Examples/` is an executable you run like a notebook: `swift run -c release gain-sweep`.
/// `ExampleSupport` holds what only the examples need (argument parsing, PyTorch's reference
/// numbers, clocks): it is not a product either, and it uses only the public API.
let examples = [
  "quickstart",
  "gain-sweep",
  "tanh-saturation",
  "fixed-point",
  "lab",
  "moons",
  "init-vs-training",
  "normalization",
  "width-sweep",
  "benchmark",
  "isometry",
  "three-ways",
  "training-diagnostics",
]

let package = Package(
  name: "Micrograd",
  platforms: [.macOS(.v13)],  // String.replacing and ContinuousClock
  products: [
    .library(name: "Micrograd", targets: ["Micrograd"]),
    .library(name: "MicrogradEngine", targets: ["MicrogradEngine"]),
    .library(name: "MicrogradNN", targets: ["MicrogradNN"]),
    .library(name: "MicrogradLab", targets: ["MicrogradLab"]),
    .library(name: "MicrogradPages", targets: ["MicrogradPages"]),
  ],
  targets: [
    .target(name: "MicrogradSupport"),
    .target(name: "MicrogradEngine", dependencies: ["MicrogradSupport"], exclude: ["README.md"]),
    .target(name: "MicrogradNN", dependencies: ["MicrogradEngine", "MicrogradSupport"], exclude: ["README.md"]),
    .target(name: "MicrogradLab", dependencies: ["MicrogradEngine", "MicrogradNN", "MicrogradSupport"]),
    .target(
      name: "MicrogradPages", dependencies: ["MicrogradEngine", "MicrogradNN", "MicrogradLab", "MicrogradSupport"]),
    .target(name: "Micrograd", dependencies: ["MicrogradEngine", "MicrogradNN", "MicrogradLab", "MicrogradPages"]),

    .target(name: "ExampleSupport", dependencies: ["Micrograd"], path: "Examples/Support"),
    .target(name: "TestSupport", path: "Tests/TestSupport"),

    // The engine and the nets are checked with the lab's tools too (checkGradient, jacobian, graphviz).
    .testTarget(
      name: "EngineTests", dependencies: ["MicrogradEngine", "MicrogradLab", "TestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "NNTests", dependencies: ["MicrogradNN", "MicrogradLab", "TestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(name: "LabTests", dependencies: ["Micrograd", "TestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(name: "PagesTests", dependencies: ["Micrograd", "TestSupport"]),
    .testTarget(name: "ExampleTests", dependencies: ["Micrograd", "ExampleSupport", "TestSupport"]),
  ]
    + examples.map { name in
      .executableTarget(
        name: name, dependencies: ["Micrograd", "ExampleSupport"], path: "Examples/\(name)",
        exclude: name == "benchmark" ? ["reference"] : [])
    },
  swiftLanguageModes: [.v6]
)
