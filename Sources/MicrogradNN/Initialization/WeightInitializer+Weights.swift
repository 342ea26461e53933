import MicrogradEngine
import MicrogradSupport

extension WeightInitializer {
  /// A `fanOut × fanIn` weight matrix drawn by this strategy: row `i` holds the weights of
  /// neuron `i`, as in PyTorch's `nn.Linear.weight` (so `fanIn` is the number of columns).
  ///
  /// Bad settings stop the program with a message that names the parameter and its value
  /// (a negative std, a sparsity outside [0, 1], `eye` on a non-square layer, a non-finite
  /// gain, a nonlinearity `calculateGain` does not know).
  public func weights(fanOut: Int, fanIn: Int, using rng: inout some RandomNumberGenerator) -> [[Double]] {
    require(fanIn >= 1, "\(self): fanIn must be at least 1 (got \(fanIn))")
    require(fanOut >= 1, "\(self): fanOut must be at least 1 (got \(fanOut))")
    func matrix(_ draw: () -> Double) -> [[Double]] {
      (0..<fanOut).map { _ in (0..<fanIn).map { _ in draw() } }
    }
    // The same numbers as matrix { rng.gaussian(mean: mean, std: std) }, drawn about 8,192 at a time into two
    // buffers of 64 KB kept for the whole matrix (bigger ones, coming and going between the rows, cost glibc's
    // malloc 4 MB more at width 1000, depth 10, measured).
    func gaussianMatrix(mean: Double = 0, std: Double) -> [[Double]] {
      let rowsAtATime = Swift.max(1, (1 << 13) / fanIn)
      var u = [Double](repeating: 0, count: Swift.min(fanOut, rowsAtATime) * fanIn)
      var s = u
      var rows: [[Double]] = []
      rows.reserveCapacity(fanOut)
      for first in stride(from: 0, to: fanOut, by: rowsAtATime) {
        let count = Swift.min(rowsAtATime, fanOut - first)
        rng.fillGaussians(&u, &s, count: count * fanIn, mean: mean, std: std)
        for r in 0..<count { rows.append(Array(u[(r * fanIn)..<((r + 1) * fanIn)])) }
      }
      return rows
    }

    switch self {
    case .micrograd:
      return matrix { rng.uniform(-1, 1) }

    case .uniform(let a, let b):
      require(
        a.isFinite && b.isFinite && a <= b, "WeightInitializer.uniform: need finite a ≤ b (got a = \(a), b = \(b))")
      return matrix { rng.uniform(a, b) }

    case .normal(let mean, let std):
      requireFinite(mean, "WeightInitializer.normal: mean")
      requireStd(std, "WeightInitializer.normal")
      return gaussianMatrix(mean: mean, std: std)

    case .truncatedNormal(let mean, let std, let a, let b):
      requireFinite(mean, "WeightInitializer.truncatedNormal: mean")
      requireStd(std, "WeightInitializer.truncatedNormal")
      require(
        a.isFinite && b.isFinite && a < b,
        "WeightInitializer.truncatedNormal: need finite a < b (got a = \(a), b = \(b))")
      let mass = gaussianMass(from: (a - mean) / std, to: (b - mean) / std)
      require(
        std > 0 ? mass > 1e-6 : (a...b).contains(mean),
        "WeightInitializer.truncatedNormal: [a, b] = [\(a), \(b)] holds almost none of N(\(mean), \(std)²)")
      return matrix {
        while true {  // rejection: keep the first Gaussian draw that lands in [a, b]
          let w = rng.gaussian(mean: mean, std: std)
          if a <= w && w <= b { return w }
        }
      }

    case .constant(let value):
      requireFinite(value, "WeightInitializer.constant: value")
      return matrix { value }

    case .eye:
      require(
        fanIn == fanOut, "WeightInitializer.eye: the layer must be square (got fanOut = \(fanOut), fanIn = \(fanIn))")
      return (0..<fanOut).map { i in (0..<fanIn).map { j in i == j ? 1 : 0 } }

    case .xavierUniform(let gain):
      requireFinite(gain, "WeightInitializer.xavierUniform: gain")
      let std = gain * (2.0 / Double(fanIn + fanOut)).squareRoot()
      let bound = (3.0).squareRoot() * std
      return matrix { rng.uniform(-bound, bound) }

    case .xavierNormal(let gain):
      requireFinite(gain, "WeightInitializer.xavierNormal: gain")
      let std = gain * (2.0 / Double(fanIn + fanOut)).squareRoot()
      return gaussianMatrix(std: std)

    case .kaimingUniform(let mode, let nonlinearity):
      let std = kaimingStd(mode: mode, nonlinearity: nonlinearity, fanOut: fanOut, fanIn: fanIn)
      let bound = (3.0).squareRoot() * std
      return matrix { rng.uniform(-bound, bound) }

    case .kaimingNormal(let mode, let nonlinearity):
      let std = kaimingStd(mode: mode, nonlinearity: nonlinearity, fanOut: fanOut, fanIn: fanIn)
      return gaussianMatrix(std: std)

    case .lecunUniform:
      let bound = (3.0 / Double(fanIn)).squareRoot()
      return matrix { rng.uniform(-bound, bound) }

    case .lecunNormal:
      let std = 1 / Double(fanIn).squareRoot()
      return gaussianMatrix(std: std)

    case .orthogonal(let gain):
      requireFinite(gain, "WeightInitializer.orthogonal: gain")
      return orthogonalMatrix(rows: fanOut, columns: fanIn, gain: gain, using: &rng)

    case .sparse(let sparsity, let std):
      require(
        sparsity.isFinite && (0...1).contains(sparsity),
        "WeightInitializer.sparse: sparsity must be in [0, 1] (got \(sparsity))")
      requireStd(std, "WeightInitializer.sparse")
      var w = gaussianMatrix(std: std)
      let zerosPerColumn = Int((sparsity * Double(fanOut)).rounded(.up))
      for column in 0..<fanIn {
        for row in permutation(fanOut, using: &rng).prefix(zerosPerColumn) {
          w[row][column] = 0
        }
      }
      return w

    case .pytorchLinear:
      // nn.Linear.reset_parameters: kaiming_uniform_(weight, a=math.sqrt(5)).
      return WeightInitializer.kaimingUniform(nonlinearity: .leakyReLU(negativeSlope: (5.0).squareRoot()))
        .weights(fanOut: fanOut, fanIn: fanIn, using: &rng)

    case .custom(let strategy):
      let w = strategy.weights(fanOut: fanOut, fanIn: fanIn, using: &rng)
      require(
        w.count == fanOut && w.allSatisfy { $0.count == fanIn },
        "WeightInitializer.custom(\(strategy.name)): must return \(fanOut) rows of \(fanIn) weights")
      return w
    }
  }

  /// The bias initializer that goes with this weight initializer when none is given:
  /// PyTorch's U(±1/√fanIn) for `pytorchLinear` (what `nn.Linear` does), zeros otherwise
  /// (micrograd's choice).
  var defaultBias: BiasInitializer {
    if case .pytorchLinear = self { return .pytorchLinear }
    return .zeros
  }
}

/// Kaiming's `std = gain / √fan` (PyTorch's `kaiming_normal_`, `kaiming_uniform_`), with the
/// nonlinearity's gain from `calculateGain` (for leaky ReLU, its own slope).
private func kaimingStd(mode: KaimingMode, nonlinearity: Activation, fanOut: Int, fanIn: Int) -> Double {
  let gain: Double
  do {
    gain = try calculateGain(nonlinearity)
  } catch {
    require(false, "WeightInitializer.kaiming: \(error)")
    return .nan
  }
  let fan = mode == .fanIn ? fanIn : fanOut
  return gain / Double(fan).squareRoot()
}

/// P(lo ≤ z ≤ hi) for z ~ N(0, 1): (erf(hi/√2) − erf(lo/√2)) / 2.
private func gaussianMass(from lo: Double, to hi: Double) -> Double {
  let s: Double = 1 / (2.0).squareRoot()
  return (Math.erf(hi * s) - Math.erf(lo * s)) / 2
}

private func requireFinite(_ x: Double, _ what: String) {
  require(x.isFinite, "\(what) must be finite (got \(x))")
}

private func requireStd(_ std: Double, _ owner: String) {
  require(std.isFinite && std >= 0, "\(owner): std must be finite and ≥ 0 (got \(std))")
}

extension WeightInitializer {
  /// The same, with the system's random generator (not reproducible: pass `using:` for that).
  func weights(fanOut: Int, fanIn: Int) -> [[Double]] {
    var rng = SystemRandomNumberGenerator()
    return weights(fanOut: fanOut, fanIn: fanIn, using: &rng)
  }
}
