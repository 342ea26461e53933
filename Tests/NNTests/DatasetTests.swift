import TestSupport
import Testing
@testable import MicrogradEngine
@testable import MicrogradNN

@Suite("Datasets: shapes, labels, reproducible from a seed")
struct DatasetTests {
  @Test("moons: scikit-learn's half circles, split ⌊n/2⌋ / ⌈n/2⌉")
  func moons() {
    var rng = SplitMix64(seed: 1)
    let data = Dataset.moons(count: 101, noise: 0, labels: .signed, using: &rng)
    #expect(data.count == 101 && data.featureCount == 2)
    #expect(data.labels.filter { $0 == -1 }.count == 50)
    #expect(data.labels.filter { $0 == 1 }.count == 51)
    // Without noise every point lies exactly on its circle.
    for (x, y) in zip(data.inputs, data.labels) {
      let (cx, cy) = y == -1 ? (0.0, 0.0) : (1.0, 0.5)
      let r = ((x[0] - cx) * (x[0] - cx) + (x[1] - cy) * (x[1] - cy)).squareRoot()
      expectClose(r, 1, .absolute(1e-12))
      #expect(y == -1 ? x[1] >= -1e-12 : x[1] <= 0.5 + 1e-12)
    }
    // The end points of both arcs are there (t = 0 and t = π).
    #expect(data.inputs.contains([1, 0]) && data.inputs.contains([0, 0.5]))
  }

  @Test("moons: zero-one labels and noise")
  func moonsNoise() {
    var rng = SplitMix64(seed: 2)
    let data = Dataset.moons(count: 100, noise: 0.1, using: &rng)
    #expect(data.classes == [0, 1])
    #expect(data.labels.filter { $0 == 1 }.count == 50)
  }

  @Test("the same seed gives the same data, another seed different data")
  func reproducible() {
    func all(seed: UInt64) -> [Dataset] {
      var rng = SplitMix64(seed: seed)
      return [
        .moons(using: &rng), .circles(using: &rng), .spirals(using: &rng), .xor(using: &rng), .blobs(using: &rng),
      ]
    }
    #expect(all(seed: 7) == all(seed: 7))
    for (a, b) in zip(all(seed: 7), all(seed: 8)) { #expect(a != b) }
  }

  @Test("circles: two radii")
  func circles() {
    var rng = SplitMix64(seed: 3)
    let data = Dataset.circles(count: 60, noise: 0, factor: 0.5, using: &rng)
    #expect(data.count == 60 && data.featureCount == 2 && data.classes == [0, 1])
    for (x, y) in zip(data.inputs, data.labels) {
      expectClose((x[0] * x[0] + x[1] * x[1]).squareRoot(), y == 0 ? 1 : 0.5, .absolute(1e-12))
    }
  }

  @Test("spirals: k classes of n points, radius from 0 to 1")
  func spirals() {
    var rng = SplitMix64(seed: 4)
    let data = Dataset.spirals(pointsPerClass: 40, classes: 4, using: &rng)
    #expect(data.count == 160 && data.featureCount == 2)
    #expect(data.classes == [0, 1, 2, 3])
    for k in 0..<4 { #expect(data.labels.filter { $0 == k }.count == 40) }
    for x in data.inputs {
      let radius: Double = (x[0] * x[0] + x[1] * x[1]).squareRoot()
      #expect(radius <= 1 + 1e-12)
    }
  }

  @Test("XOR: the label says whether the signs differ")
  func xor() {
    var rng = SplitMix64(seed: 5)
    let data = Dataset.xor(count: 200, labels: .signed, using: &rng)
    #expect(data.count == 200 && data.classes == [-1, 1])
    for (x, y) in zip(data.inputs, data.labels) {
      #expect(abs(x[0]) <= 1 && abs(x[1]) <= 1)
      #expect(y == ((x[0] > 0) != (x[1] > 0) ? 1 : -1))
    }
  }

  @Test("blobs: even split between centres, points near their centre")
  func blobs() {
    var rng = SplitMix64(seed: 6)
    let centers: [[Double]] = [[0, 0, 0], [10, 10, 10]]
    let data = Dataset.blobs(count: 101, centers: centers, std: 0.5, using: &rng)
    #expect(data.count == 101 && data.featureCount == 3)
    #expect(data.labels.filter { $0 == 0 }.count == 51)
    // |x − c| > 4 would be an 8-sigma event per coordinate for std 0.5.
    for (x, k) in zip(data.inputs, data.labels) {
      for j in 0..<3 { #expect(abs(x[j] - centers[k][j]) < 4) }
    }
  }

  @Test("shuffling permutes samples and keeps each input with its label")
  func shuffling() {
    let data = Dataset(inputs: (0..<20).map { [Double($0)] }, labels: Array(0..<20))
    var rng = SplitMix64(seed: 9)
    let shuffled = data.shuffled(using: &rng)
    #expect(shuffled != data)
    #expect(shuffled.labels.sorted() == data.labels)
    for (x, y) in zip(shuffled.inputs, shuffled.labels) { #expect(x == [Double(y)]) }
  }

  @Test("mini-batches cover the data in order, the last one smaller")
  func batches() {
    let data = Dataset(inputs: (0..<10).map { [Double($0)] }, labels: Array(0..<10))
    let batches = data.batches(of: 4)
    #expect(batches.map(\.count) == [4, 4, 2])
    #expect(batches.flatMap(\.labels) == data.labels)
  }

  @Test("standardization: mean 0 and std 1 per feature, the same transform for new data")
  func standardization() {
    var rng = SplitMix64(seed: 10)
    let data = Dataset.blobs(count: 50, centers: [[5, -3], [7, 1]], std: 2, using: &rng)
    let standardize = Standardization(fitting: data)
    let s = standardize(data)
    for j in 0..<2 {
      let column = s.inputs.map { $0[j] }
      let mean = column.reduce(Double(0), +) / 50
      let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(Double(0), +) / 50
      expectClose(mean, 0, .absolute(1e-14))
      expectClose(variance, 1, .relative(1e-13))
    }
    #expect(data.standardized() == s)
    expectClose(standardize(standardize.means), [0, 0])
  }

  @Test("relabelling between 0/1 and ±1")
  func relabel() {
    let data = Dataset(inputs: [[0], [1]], labels: [0, 1])
    #expect(data.relabelled(.signed).labels == [-1, 1])
    #expect(data.relabelled(.signed).relabelled(.zeroOne).labels == [0, 1])
  }

  @Test("mismatched inputs and labels stop with a message")
  func mismatch() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Dataset(inputs: [[1, 2]], labels: [0, 1])
    }
    #expect(result?.printed("Dataset: inputs and labels must have equal counts (got 1 and 2)") == true)
  }

  @Test("infinite noise stops with a message")
  func infiniteNoise() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Dataset.moons(noise: .infinity)
    }
    #expect(result?.printed("Dataset.moons: noise must be a finite number ≥ 0 (got inf)") == true)
  }

  @Test("the system-generator overloads give data of the same shape")
  func systemGenerator() {
    #expect(Dataset.moons(count: 10).count == 10)
    #expect(Dataset.circles(count: 10).count == 10)
    #expect(Dataset.spirals(pointsPerClass: 4, classes: 2).count == 8)
    #expect(Dataset.xor(count: 6).count == 6)
    #expect(Dataset.blobs(count: 9).count == 9)
  }
}

@Suite("Random numbers: out-of-domain arguments stop with a message")
struct RandomPreconditionTests {
  @Test("uniform(1, 0)")
  func uniformOrder() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = rng.uniform(1, 0)
    }
    #expect(result?.printed("uniform(a, b): a must not exceed b (got a = 1.0, b = 0.0)") == true)
  }

  @Test("uniform(0, inf)")
  func uniformInfinite() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = rng.uniform(0, .infinity)
    }
    #expect(result?.printed("uniform(a, b): a and b must be finite numbers (got 0.0 and inf)") == true)
  }

  @Test("gaussian(std: -1)")
  func gaussianStd() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = SplitMix64(seed: 0)
      _ = rng.gaussian(std: -1)
    }
    #expect(result?.printed("gaussian: std must be a finite number ≥ 0 (got -1.0)") == true)
  }

  @Test("predictedLabel of an empty output")
  func emptyPrediction() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Criterion.hinge.predictedLabel([])
    }
    #expect(result?.printed("Criterion.predictedLabel: the output must not be empty") == true)
  }
}
