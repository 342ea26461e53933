// swift-tools-version: 6.0
import PackageDescription

/// Micrograd: a scalar reverse-mode autograd engine for teaching weight initialization.
///
/// Three layers behind one import (`Docs/Architecture.md`):
///
///     MicrogradEngine   Value, its ops, backward()            (karpathy/micrograd's engine.py)
///     MicrogradNN       Neuron, Layer, MLP, initializers,     (its nn.py, and training)
///                       losses, optimizers, datasets
///     MicrogradLab      traces, probes, theory, plots          (what a teacher uses to look)
///     Micrograd         re-exports the three
///
/// The package has no dependencies. Every folder under `Examples/` is an executable you run
/// like a notebook: `swift run -c release gain-sweep`. `ExampleSupport` holds what only the
/// examples need (argument parsing, PyTorch's reference numbers, clocks): it is not a product.
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
]

let package = Package(
  name: "Micrograd",
  products: [
    .library(name: "Micrograd", targets: ["Micrograd"])
  ],
  targets: [
    .target(name: "MicrogradEngine", exclude: ["README.md"]),
    .target(name: "MicrogradNN", dependencies: ["MicrogradEngine"]),
    .target(name: "MicrogradLab", dependencies: ["MicrogradEngine", "MicrogradNN"]),
    .target(name: "Micrograd", dependencies: ["MicrogradEngine", "MicrogradNN", "MicrogradLab"]),

    .target(name: "ExampleSupport", dependencies: ["Micrograd"], path: "Examples/Support"),
    .target(name: "TestSupport", path: "Tests/TestSupport"),

    .testTarget(name: "EngineTests", dependencies: ["MicrogradEngine", "TestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(name: "NNTests", dependencies: ["MicrogradNN", "TestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(name: "LabTests", dependencies: ["Micrograd", "TestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(name: "ExampleTests", dependencies: ["Micrograd", "ExampleSupport", "TestSupport"]),
  ]
    + examples.map { name in
      .executableTarget(
        name: name, dependencies: ["Micrograd", "ExampleSupport"], path: "Examples/\(name)",
        exclude: name == "benchmark" ? ["reference"] : [])
    },
  swiftLanguageModes: [.v6]
)
