// Cost per gradient as the graph grows: the same tanh MLP at every width and depth asked for, its loss
// gradient taken each way, timed on this thread's CPU clock, with the bytes each way's record holds.
import Micrograd

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The ways to a gradient the sweep times.
enum Way: String, CaseIterable {
  case tape = "tape"
  case compiled = "compiled"
  case elementwise = "by element"
  case differences = "differences"

  /// The way in a legend.
  var label: String {
    switch self {
    case .tape: "our tape"
    case .compiled: "compiler, layer derivatives registered"
    case .elementwise: "compiler, element by element"
    case .differences: "finite differences"
    }
  }

  /// The way in a sentence.
  var name: String {
    switch self {
    case .tape: "our tape"
    case .compiled: "the compiled gradient (layer derivatives registered)"
    case .elementwise: "the compiled gradient written element by element"
    case .differences: "finite differences"
    }
  }

  /// How its cost grows with the parameter count P, for deciding what to skip: the tape and a registered
  /// layer touch each parameter a fixed number of times; element by element, each read of an array element
  /// costs a pullback as long as the array, and finite differences run 2P forward passes of P multiply-adds.
  var growth: Double { self == .tape || self == .compiled ? 1 : 2 }
}

/// One size of the network and what each way cost there (nil: not run, with `skipped` saying why).
struct SweepRow {
  var width: Int, depth: Int, parameters: Int
  var seconds: [Way: Double] = [:]
  var bytes: [Way: Int] = [:]
  var skipped: [Way: String] = [:]
}

/// The sweep's problem for one size: an MLP(2, [width × depth, 1]) drawn from `seed`, tanh at gain 5/3 with
/// Xavier-normal weights, and `batch` Gaussian inputs with targets ±1.
func sweepModel(width: Int, depth: Int, batch: Int, seed: UInt64) -> (MLP, DenseMLP, Problem) {
  var rng = SplitMix64(seed: seed)
  let sizes = Array(repeating: width, count: depth) + [1]
  let mlp = MLP(
    inputs: 2, sizes: sizes, activation: .tanh, initializer: .xavierNormal(gain: 5.0 / 3), using: &rng)
  let inputs = (0..<batch).map { _ in [rng.gaussian(), rng.gaussian()] }
  let targets = (0..<batch).map { $0 % 2 == 0 ? 1.0 : -1.0 }
  return (mlp, DenseMLP(mlp), Problem(inputs: inputs, targets: targets, sizes: sizes))
}

/// Every width × depth, smallest parameter count first. A way whose cost, grown from the last size it ran
/// at by its `growth`, would pass `budget` CPU seconds per gradient is not run at that size or above. So
/// that the first size is predicted too, not run blind, every way is first timed on a small network (width
/// 16, depth 2) when the smallest size asked for is larger: alone, `--widths 256 --depths 64` would
/// otherwise run finite differences on 4 million parameters for hours.
func sweep(
  widths: [Int], depths: [Int], batch: Int, seed: UInt64, budget: Double, loss: ModelLoss,
  report: (String) -> Void
) -> [SweepRow] {
  var rows = widths.flatMap { w in
    depths.map { d in SweepRow(width: w, depth: d, parameters: Int(parameterCount(w, d))) }
  }
  rows.sort { ($0.parameters, $0.width) < ($1.parameters, $1.width) }
  let ways = Way.allCases.filter { compilerAvailable || ($0 != .compiled && $0 != .elementwise) }
  var last: [Way: (parameters: Int, seconds: Double)] = [:]
  let calibration = (width: 16, depth: 2)
  if let smallest = rows.first, Double(smallest.parameters) > parameterCount(calibration.width, calibration.depth) {
    let small = sweepModel(width: calibration.width, depth: calibration.depth, batch: batch, seed: seed)
    for way in ways {
      last[way] = (Int(parameterCount(calibration.width, calibration.depth)), measure(way, small, loss: loss).seconds)
    }
  }
  for r in rows.indices {
    let model = sweepModel(width: rows[r].width, depth: rows[r].depth, batch: batch, seed: seed)
    for way in Way.allCases {
      guard ways.contains(way) else {
        rows[r].skipped[way] = "no _Differentiation module"
        continue
      }
      if let (p, s) = last[way], s * pow(Double(rows[r].parameters) / Double(p), way.growth) > budget {
        rows[r].skipped[way] = "over the \(g(budget)) s budget (\(duration(s)) at \(p) parameters)"
        continue
      }
      let (seconds, bytes) = measure(way, model, loss: loss)
      (rows[r].seconds[way], rows[r].bytes[way]) = (seconds, bytes)
      last[way] = (rows[r].parameters, seconds)
    }
    report(
      "  width \(rows[r].width), depth \(rows[r].depth), \(rows[r].parameters) parameters: "
        + Way.allCases.compactMap { w in rows[r].seconds[w].map { "\(w.label) \(duration($0))" } }.joined(
          separator: ", "))
  }
  return rows
}

/// One way's gradient of one sweep model: CPU seconds per gradient, and the bytes its record holds
/// (nil for finite differences, which keep no record).
func measure(_ way: Way, _ model: (MLP, DenseMLP, Problem), loss: ModelLoss) -> (seconds: Double, bytes: Int?) {
  let (mlp, dense, problem) = model
  switch way {
  case .tape:
    let seconds = cpuSecondsPerCall {
      mlp.zeroGrad()
      tapeLoss(mlp, problem).backward()
    }
    return (seconds, bytesHeld { tapeLoss(mlp, problem) })
  case .compiled, .elementwise:
    var p = problem
    p.elementwise = way == .elementwise
    return (
      cpuSecondsPerCall { _ = compiledGradient(loss, of: dense, on: p) }, compiledRecordBytes(loss, of: dense, on: p)
    )
  case .differences:
    return (cpuSecondsPerCall { _ = differencesGradient(dense, problem, step: step) }, nil)
  }
}

/// The parameters of MLP(2, [width × depth, 1]): weights and biases of every layer (in floating point, so
/// that a size too large to run is still counted, and refused).
func parameterCount(_ width: Int, _ depth: Int) -> Double {
  let (w, d) = (Double(width), Double(depth))
  return 3 * w + (d - 1) * (w + 1) * w + (w + 1)
}

/// The loss gradient by central differences, every parameter in `MLP.parameters` order: 2P forward passes.
func differencesGradient(_ model: DenseMLP, _ problem: Problem, step h: Double) -> [Double] {
  var m = model
  var result: [Double] = []
  for l in m.layers.indices {
    for j in m.layers[l].b.indices {
      for i in m.layers[l].w[j].indices {
        let original = m.layers[l].w[j][i]
        m.layers[l].w[j][i] = original + h
        let plus = loss(m, problem)
        m.layers[l].w[j][i] = original - h
        let minus = loss(m, problem)
        m.layers[l].w[j][i] = original
        result.append((plus - minus) / (2 * h))
      }
      let original = m.layers[l].b[j]
      m.layers[l].b[j] = original + h
      let plus = loss(m, problem)
      m.layers[l].b[j] = original - h
      let minus = loss(m, problem)
      m.layers[l].b[j] = original
      result.append((plus - minus) / (2 * h))
    }
  }
  return result
}
