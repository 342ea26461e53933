// swift-tools-version: 6.0
import PackageDescription

/// Micrograd: a scalar reverse-mode autograd engine for teaching weight initialization.
///
/// The library has no dependencies. Every folder under `Examples/` is an executable
/// you run like a notebook: `swift run -c release gain-sweep`.
let examples = [
  "quickstart",
  "gain-sweep",
  "tanh-saturation",
  "fixed-point",
  "lab",
  "moons",
  "init-vs-training",
  "benchmark",
]

let package = Package(
  name: "Micrograd",
  products: [
    .library(name: "Micrograd", targets: ["Micrograd"])
  ],
  targets: [
    .target(name: "Micrograd"),
    .testTarget(name: "MicrogradTests", dependencies: ["Micrograd"]),
  ]
    + examples.map { name in
      .executableTarget(name: name, dependencies: ["Micrograd"], path: "Examples/\(name)")
    },
  swiftLanguageModes: [.v6]
)
