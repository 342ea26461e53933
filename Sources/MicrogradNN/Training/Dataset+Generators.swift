import MicrogradEngine
import MicrogradSupport

/// Toy data sets in two dimensions, each a classic test of what a small network can learn.
///
/// All of them are deterministic from the generator: the same seed gives the same points
/// on every run and machine (noise comes from `gaussian(mean:std:)`, which uses only
/// IEEE-exact arithmetic; angles use `Math.cos`/`Math.sin`, exact to the last bit or so).
extension Dataset {
  /// Two interleaving half circles, as scikit-learn's `make_moons(n_samples, noise=noise)`.
  ///
  /// The first ⌊n/2⌋ points lie on the upper half circle (cos t, sin t), the rest on the
  /// lower one (1 − cos t, 0.5 − sin t), t evenly spaced over [0, π]; the points are
  /// shuffled, then Gaussian noise of standard deviation `noise` is added to both
  /// coordinates. Labels: upper moon first class, lower moon second class.
  /// micrograd's demo uses 100 points, noise 0.1, labels −1/+1.
  public static func moons(
    count: Int = 100, noise: Double = 0.1, labels style: LabelStyle = .zeroOne,
    using rng: inout some RandomNumberGenerator
  ) -> Dataset {
    require(count >= 2, "Dataset.moons: count must be at least 2 (got \(count))")
    require(noise.isFinite && noise >= 0, "Dataset.moons: noise must be a finite number ≥ 0 (got \(noise))")
    let outer = count / 2, inner = count - outer
    var inputs: [[Double]] = []
    var labels: [Int] = []
    for t in linspace(0, Double.pi, outer) {
      inputs.append([Math.cos(t), Math.sin(t)])
      labels.append(style.label(binary: false))
    }
    for t in linspace(0, Double.pi, inner) {
      inputs.append([1 - Math.cos(t), 1 - Math.sin(t) - 0.5])
      labels.append(style.label(binary: true))
    }
    return Dataset(inputs: inputs, labels: labels).shuffled(using: &rng).addingNoise(noise, using: &rng)
  }

  /// A small circle inside a large one, as scikit-learn's `make_circles(n_samples, noise, factor)`.
  ///
  /// ⌊n/2⌋ points on the unit circle (first class) and the rest on a circle of radius
  /// `factor` (second class), angles evenly spaced over [0, 2π) — not separable by a line.
  public static func circles(
    count: Int = 100, noise: Double = 0.05, factor: Double = 0.8, labels style: LabelStyle = .zeroOne,
    using rng: inout some RandomNumberGenerator
  ) -> Dataset {
    require(count >= 2, "Dataset.circles: count must be at least 2 (got \(count))")
    require(noise.isFinite && noise >= 0, "Dataset.circles: noise must be a finite number ≥ 0 (got \(noise))")
    require(factor >= 0 && factor < 1, "Dataset.circles: factor must be in [0, 1) (got \(factor))")
    let outer = count / 2, inner = count - outer
    var inputs: [[Double]] = []
    var labels: [Int] = []
    for i in 0..<outer {
      let t = 2 * Double.pi * Double(i) / Double(outer)
      inputs.append([Math.cos(t), Math.sin(t)])
      labels.append(style.label(binary: false))
    }
    for i in 0..<inner {
      let t = 2 * Double.pi * Double(i) / Double(inner)
      inputs.append([factor * Math.cos(t), factor * Math.sin(t)])
      labels.append(style.label(binary: true))
    }
    return Dataset(inputs: inputs, labels: labels).shuffled(using: &rng).addingNoise(noise, using: &rng)
  }

  /// `classes` interleaved spiral arms, as in Stanford's CS231n notes ("Putting it together:
  /// minimal neural network case study"): for arm j, point i has radius r = i/(n−1) and
  /// angle t = 4j + 4r + N(0, noise²), at (r·sin t, r·cos t). Labels 0 … classes−1.
  public static func spirals(
    pointsPerClass: Int = 50, classes: Int = 3, noise: Double = 0.2,
    using rng: inout some RandomNumberGenerator
  ) -> Dataset {
    require(pointsPerClass >= 2, "Dataset.spirals: pointsPerClass must be at least 2 (got \(pointsPerClass))")
    require(classes >= 2, "Dataset.spirals: classes must be at least 2 (got \(classes))")
    require(noise.isFinite && noise >= 0, "Dataset.spirals: noise must be a finite number ≥ 0 (got \(noise))")
    var inputs: [[Double]] = []
    var labels: [Int] = []
    for j in 0..<classes {
      for r in linspace(0, 1, pointsPerClass) {
        let t = 4 * Double(j) + 4 * r + rng.gaussian(mean: 0, std: noise)
        inputs.append([r * Math.sin(t), r * Math.cos(t)])
        labels.append(j)
      }
    }
    return Dataset(inputs: inputs, labels: labels).shuffled(using: &rng)
  }

  /// The XOR problem: points uniform in the square [−1, 1]², in the second class when the
  /// signs of the two coordinates differ. No straight line separates the classes, the
  /// classic case a single neuron cannot learn (Minsky & Papert 1969).
  public static func xor(
    count: Int = 100, labels style: LabelStyle = .zeroOne, using rng: inout some RandomNumberGenerator
  ) -> Dataset {
    require(count >= 1, "Dataset.xor: count must be at least 1 (got \(count))")
    var inputs: [[Double]] = []
    var labels: [Int] = []
    for _ in 0..<count {
      let x = rng.uniform(-1, 1), y = rng.uniform(-1, 1)
      inputs.append([x, y])
      labels.append(style.label(binary: (x > 0) != (y > 0)))
    }
    return Dataset(inputs: inputs, labels: labels)
  }

  /// Gaussian blobs, as scikit-learn's `make_blobs`: `count` points split as evenly as
  /// possible between the centres (the first ones get one more), each centre's points
  /// drawn from N(centre, std²) per coordinate; shuffled. Labels are the centre indices.
  ///
  /// - Parameter centers: the blob centres; all of the same dimension.
  public static func blobs(
    count: Int = 100, centers: [[Double]] = [[-2, -2], [2, 2], [-2, 2]], std: Double = 1,
    using rng: inout some RandomNumberGenerator
  ) -> Dataset {
    require(count >= 1, "Dataset.blobs: count must be at least 1 (got \(count))")
    require(!centers.isEmpty, "Dataset.blobs: centers must not be empty")
    require(std.isFinite && std >= 0, "Dataset.blobs: std must be a finite number ≥ 0 (got \(std))")
    var inputs: [[Double]] = []
    var labels: [Int] = []
    for (k, center) in centers.enumerated() {
      let share = count / centers.count + (k < count % centers.count ? 1 : 0)
      for _ in 0..<share {
        inputs.append(center.map { rng.gaussian(mean: $0, std: std) })
        labels.append(k)
      }
    }
    return Dataset(inputs: inputs, labels: labels).shuffled(using: &rng)
  }

  /// Every coordinate plus independent N(0, std²) noise (unchanged when std is 0).
  func addingNoise(_ std: Double, using rng: inout some RandomNumberGenerator) -> Dataset {
    guard std > 0 else { return self }
    return Dataset(inputs: inputs.map { $0.map { rng.gaussian(mean: $0, std: std) } }, labels: labels)
  }
}

/// n evenly spaced numbers from `start` to `stop` inclusive, as NumPy's `linspace`.
func linspace(_ start: Double, _ stop: Double, _ n: Int) -> [Double] {
  if n == 1 { return [start] }
  let step = (stop - start) / Double(n - 1)
  return (0..<n).map { i in i == n - 1 ? stop : start + Double(i) * step }
}

/// The generators with the system's random generator: a different data set every run (pass
/// `using:` a seeded generator to get the same one every time).
extension Dataset {
  /// `moons(count:noise:labels:using:)` with the system's random generator.
  static func moons(count: Int = 100, noise: Double = 0.1, labels style: LabelStyle = .zeroOne) -> Dataset {
    var rng = SystemRandomNumberGenerator()
    return moons(count: count, noise: noise, labels: style, using: &rng)
  }

  /// `circles(count:noise:factor:labels:using:)` with the system's random generator.
  static func circles(
    count: Int = 100, noise: Double = 0.05, factor: Double = 0.8, labels style: LabelStyle = .zeroOne
  ) -> Dataset {
    var rng = SystemRandomNumberGenerator()
    return circles(count: count, noise: noise, factor: factor, labels: style, using: &rng)
  }

  /// `spirals(pointsPerClass:classes:noise:using:)` with the system's random generator.
  static func spirals(pointsPerClass: Int = 50, classes: Int = 3, noise: Double = 0.2) -> Dataset {
    var rng = SystemRandomNumberGenerator()
    return spirals(pointsPerClass: pointsPerClass, classes: classes, noise: noise, using: &rng)
  }

  /// `xor(count:labels:using:)` with the system's random generator.
  static func xor(count: Int = 100, labels style: LabelStyle = .zeroOne) -> Dataset {
    var rng = SystemRandomNumberGenerator()
    return xor(count: count, labels: style, using: &rng)
  }

  /// `blobs(count:centers:std:using:)` with the system's random generator.
  static func blobs(
    count: Int = 100, centers: [[Double]] = [[-2, -2], [2, 2], [-2, 2]], std: Double = 1
  ) -> Dataset {
    var rng = SystemRandomNumberGenerator()
    return blobs(count: count, centers: centers, std: std, using: &rng)
  }
}
