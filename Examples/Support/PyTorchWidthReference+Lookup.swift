import Micrograd

extension PyTorchWidthReference {
  /// The layers of `Run.gradientMeanAbs`, 0 being the input.
  package static let gradientLayers = [0, 1, 10, 50, 99]
  /// The layers of `Run.outputStd`.
  package static let stdLayers = Array(stride(from: 10, through: 100, by: 10))

  /// PyTorch's run of `activation` at `gain`, `width`, depth `depth` and `batch` (any batch when
  /// nil: the forum's batch of 1000 first), or nil where none was measured.
  package static func run(_ activation: Activation, gain: Double, width: Int, depth: Int, batch: Int? = nil) -> Run? {
    runs.filter {
      $0.activation == activation.name && Swift.abs($0.gain - gain) < 1e-9 && $0.width == width && $0.depth == depth
        && (batch == nil || $0.batch == batch)
    }.max { $0.batch < $1.batch }
  }
}

extension PyTorchWidthReference.Run {
  /// The number of seeds measured.
  package var seeds: Int { outputStd.count }

  /// The mean over seeds of the output std at `layer` (a multiple of 10), or nil.
  package func meanStd(atLayer layer: Int) -> Double? {
    PyTorchWidthReference.stdLayers.firstIndex(of: layer).map { k in mean(outputStd.map { $0[k] }) }
  }

  /// The mean over seeds of mean |∂L/∂h| at `layer` (0 for the input; 1, 10, 50, 99), or nil.
  package func meanGradient(atLayer layer: Int) -> Double? {
    PyTorchWidthReference.gradientLayers.firstIndex(of: layer).map { k in mean(gradientMeanAbs.map { $0[k] }) }
  }

  /// Every seed's output std at `layer` (a multiple of 10), or nil.
  package func stds(atLayer layer: Int) -> [Double]? {
    PyTorchWidthReference.stdLayers.firstIndex(of: layer).map { k in outputStd.map { $0[k] } }
  }

  /// Every seed's mean |∂L/∂h| at `layer` (0 for the input; 1, 10, 50, 99), or nil.
  package func gradients(atLayer layer: Int) -> [Double]? {
    PyTorchWidthReference.gradientLayers.firstIndex(of: layer).map { k in gradientMeanAbs.map { $0[k] } }
  }

  /// The smallest and largest over seeds of mean |∂L/∂h| at `layer`, or nil.
  package func gradientRange(atLayer layer: Int) -> (min: Double, max: Double)? {
    PyTorchWidthReference.gradientLayers.firstIndex(of: layer).flatMap { k in gradientMeanAbs.map { $0[k] }.extent }
  }

  /// "PyTorch, 3 seeds, batch 1000".
  package var label: String { "PyTorch, \(seeds) seeds, batch \(batch)" }

  private func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }
}
