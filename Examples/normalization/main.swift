// normalization: why nobody tunes gains by hand any more. BatchNorm, LayerNorm and residual
// connections on the gain sweep's probe, and the catch the field's own papers report.
//
//   swift run -c release normalization                    # tables in the terminal, SVGs under ./out
//   swift run -c release normalization --notebook out     # also out/normalization.html, .ipynb and .md
//
// Written like a playground: each `/*: ## … */` block starts a step of the notebook, its prose beside the
// code; the page shows the code under it (without the lines that build the page) and what it printed.
// (Figures.swift draws the charts; TrainingRun.swift builds and trains part 5's networks.)
import ExampleSupport
import Foundation
import Micrograd

let parsed = CommandLineOptions(
  tool: "normalization",
  summary: "BatchNorm, LayerNorm and residual connections on deep networks: signal, gradients, training.",
  options: [
    .init("--depth", "N", "blocks of the deep networks of parts 1–4 (default 50, at least 12)"),
    .init("--width", "N", "units per block (default 64, at least 2; part 2 uses twice as many)"),
    .init("--batch", "N", "samples per batch in parts 1, 3 and 4 (default 32, at least 4)"),
    .init("--seed", "SEED", "seed of weights and data (default 0)"),
  ]
).parse()
let depth = parsed.positiveInteger(
  "--depth", default: 50, atLeast: 12, "a growth rate is fitted over blocks 5 to depth − 5")
let width = parsed.positiveInteger(
  "--width", default: 64, atLeast: 2, "LayerNorm of one unit is 0 whatever its input (x minus its own mean)")
let batch = parsed.positiveInteger(
  "--batch", default: 32, atLeast: 4, "part 3's mean-field rate needs E[1/σ²] over the batch, finite from 4 samples")
let seed = parsed.seed("--seed", default: 0)
refuseSizesThatCannotFit(parsed.options, depth: depth, width: width, batch: batch)
let outputs = ExampleOutputs(parsed)
var notebook = Notebook("After initialization: normalization, residual connections, and their catch")
notebook.settings = [
  ("depth", .integer(depth)), ("width", .integer(width)), ("batch", .integer(batch)), ("seed", .integer(seed)),
]
let clock = Stopwatch()

//: ## 1. Normalization makes the gain irrelevant
notebook.section("1. Normalization makes the gain irrelevant")
let gains: [(value: Double, label: String)] = [(0.5, "0.5"), (1, "1"), (5.0 / 3, "5/3"), (3, "3")]
let norms: [NormalizationProbe.Normalization] = [.none, .batch, .layer]
let sweep = await NormalizationProbe.run(
  norms.flatMap { norm in
    gains.map { g in
      .init(activation: .tanh, gain: g.value, normalization: norm, depth: depth, width: width, batch: batch, seed: seed)
    }
  })
/// The four runs (one per gain) of a normalization.
func runs(_ norm: NormalizationProbe.Normalization) -> ArraySlice<NormalizationProbe.Result> {
  sweep.dropFirst(norms.firstIndex(of: norm)! * gains.count).prefix(gains.count)
}
let shown = [1, 10, depth / 2, depth]
var sweepTable = Table(
  "tanh, \(depth) blocks of Linear → [norm] → tanh, xavierNormal(gain)",
  columns: ["norm", "gain"] + shown.map { "std @\($0)" } + ["|grad| input", "|grad| @\(depth / 2)"])
for norm in norms {
  for (g, r) in zip(gains, runs(norm)) {
    let grads = [r.inputGradientMeanAbs, r.layerGradientMeanAbs[depth / 2 - 1]].map {
      Table.Cell.number($0, significant: 2)
    }
    sweepTable.append([.text(norm.description), .text(g.label)] + shown.map { .number(r.outputStd[$0 - 1]) } + grads)
  }
}
notebook.prose(
  """
  The gain sweep's experiment with a normalization layer after every Linear: \(depth) blocks of width \(width), a \
  batch of \(batch) N(0, 1) inputs, loss = the sum of the last block's outputs. BatchNorm1d normalizes every unit over \
  the batch (training mode), LayerNorm every sample over its units; both start with γ = 1 and β = 0.
  """)
notebook.table(sweepTable)
notebook.figure(
  "gain", gainFigure(norms.map { norm in (norm.description, zip(gains, runs(norm)).map { ($0.label, $1) }) }),
  caption:
    "Without normalization the gain decides whether the signal dies or saturates; with either norm the lines overlap.")
/// The largest over the smallest std of the last block across the four gains.
func spread(_ norm: NormalizationProbe.Normalization) -> Double {
  let last = runs(norm).map { $0.outputStd[depth - 1] }
  return last.max()! / last.min()!
}
let (batchInput, layerInput) = (runs(.batch).first!.inputGradientMeanAbs, runs(.layer).first!.inputGradientMeanAbs)
notebook.prose(
  """
  At block \(depth) the std varies by a factor \(f(spread(.none))) across the four gains without normalization, \
  \(f(spread(.batch), 6)) with BatchNorm and \(f(spread(.layer), 6)) with LayerNorm: normalization divides the gain \
  out (only ε = 1e-5 remembers it), and the gradients with it. But they are not flat: the mean |gradient| at the input \
  is \(f(batchInput, 2)) times the last block's with BatchNorm (×\(d(pow(batchInput, 1 / Double(depth)))) per \
  block) and \(f(layerInput, 2)) times with LayerNorm (×\(d(pow(layerInput, 1 / Double(depth)))) per block), \
  whatever the gain.
  """)

//: ## 2. The catch: BatchNorm's gradients explode
notebook.section("2. The catch: BatchNorm's gradients explode")
let wide = 2 * width, window = 5...(depth - 5)
let catches: [(activation: Activation, batch: Int, seeds: Int)] = [
  (.relu, 8, 4), (.relu, 32, 2), (.relu, 128, 2), (.tanh, 8, 4), (.tanh, 32, 2), (.tanh, 128, 2),
]
let catchRuns = await NormalizationProbe.run(
  catches.flatMap { c in
    (0..<UInt64(c.seeds)).map { s in
      .init(
        activation: c.activation, gain: 1, normalization: .batch, readout: .gaussian, depth: depth, width: wide,
        batch: c.batch, seed: seed &+ s)
    }
  })
let theories = await concurrently(catches.map { c in { BatchNormGradients(activation: c.0, batch: c.1).rate() } })
/// Each setting's runs (one per seed), and the growth fitted to each.
var unread = catchRuns[...]
let settings = catches.map { c in
  defer { unread = unread.dropFirst(c.seeds) }; return Array(unread.prefix(c.seeds))
}
let growths = settings.map { $0.map { $0.gradientGrowthPerLayer(over: window) } }
let measuredGrowth = growths.map(\.mean)
var catchTable = Table(
  "Per-block growth of the RMS gradient toward the input, fitted over blocks \(window.lowerBound)–\(window.upperBound)",
  columns: ["φ", "batch", "seeds", "measured", "seed range", "mean field √λ", "√λ, B → ∞", "Yang et al., B → ∞"])
for (growth, (c, theory)) in zip(growths, zip(catches, theories)) {
  catchTable.append([
    .text(c.activation.name), .integer(c.batch), .integer(growth.count), .number(growth.mean, decimals: 4),
    growth.count > 1 ? .text("\(d(growth.min()!, 4))–\(d(growth.max()!, 4))") : "",
    .text("\(d(theory.value.squareRoot(), 4)) ± \(d(theory.standardError / 2, 4))"),
    .number(BatchNormGradients(activation: c.activation, batch: c.batch).largeBatchRate.squareRoot(), decimals: 4),
    c.activation == .relu ? .number(BatchNormGradients.reluLargeBatchLimit.squareRoot(), decimals: 4) : "",
  ])
}
notebook.prose(
  """
  Yang, Pennington, Rao, Sohl-Dickstein & Schoenholz (ICLR 2019) prove that at initialization a deep BatchNorm \
  network's gradients grow exponentially toward the input whatever the gain or the activation; for ReLU, E[g²] grows \
  by π/(π − 1) per layer as the batch grows, so |g| by \(d(BatchNormGradients.reluLargeBatchLimit.squareRoot(), 4)). \
  `BatchNormGradients` computes the rate λ for any batch size B and φ under the same mean-field assumptions (its \
  documentation derives it; Monte Carlo over 20 000 directions, ± one standard error of √λ). Width \(wide), depth \
  \(depth), gain 1 (it cannot matter), seeds \(seed) onward, growth fitted to log RMS |g|. The loss is Σ G ⊙ outputs \
  for a fixed Gaussian G: BatchNorm's backward pass removes any gradient constant over the batch, so from Σ outputs \
  a linear network (part 3) would pass nothing back.
  """)
notebook.table(catchTable)
let gaps = zip(measuredGrowth, theories).map { $0 / $1.value.squareRoot() - 1 }
let worst = gaps.indices.max { Swift.abs(gaps[$0]) < Swift.abs(gaps[$1]) }!
let seedSpread = growths.filter { $0.count > 1 }.map { $0.max()! / $0.min()! - 1 }.max()!
notebook.prose(
  """
  Measured and mean-field rates agree within \(d(100 * Swift.abs(gaps[worst]), 1))% (the largest gap: \
  \(catches[worst].activation) at batch \(catches[worst].batch)); the seeds of one setting spread by up to \
  \(d(100 * seedSpread, 1))%.
  """)
let catchLines = zip(catches, zip(settings, theories)).map { ("\($0.0) B=\($0.1)", $1.0[0], $1.1.value.squareRoot()) }
notebook.figure(
  "catch", catchFigure(catchLines, anchor: window.upperBound),
  caption: "Straight lines on a log scale: exponential growth, steeper for small batches and for ReLU than for tanh.")

//: ## 3. Toward the linear regime
notebook.section("3. Toward the linear regime")
let gammas = [2.0, 1, 0.5, 0.25, 0.1]
let regime = await concurrently(
  (gammas.map { (Activation.tanh, $0) } + [(.identity, 1)]).map { activation, gamma in
    let c = NormalizationProbe.Configuration(
      activation: activation, gain: 1, normalization: .batch, normalizationGamma: gamma, readout: .gaussian,
      depth: depth, width: width, batch: batch, seed: seed)
    return {
      let theory = BatchNormGradients(activation: activation, batch: batch, gamma: gamma).rate()
      return (NormalizationProbe(c).run().gradientGrowthPerLayer(over: window), theory.value.squareRoot())
    }
  })
var regimeTable = Table(
  "φ(γ·ŷ) after BatchNorm1d, batch \(batch), width \(width): per-block growth of the RMS gradient",
  columns: ["φ", "γ", "measured", "mean field √λ"])
for (index, (measured, theory)) in regime.enumerated() {
  let (φ, γ): (Table.Cell, Table.Cell) = index < gammas.count ? ("tanh", .number(gammas[index])) : ("identity", "any")
  regimeTable.append([φ, γ, .number(measured, decimals: 4), .number(theory, decimals: 4)])
}
notebook.prose(
  """
  The paper's way out is the linear regime. With a small γ, tanh(γ·ŷ) ≈ γ·ŷ, and for a linear φ the rate is exactly \
  (B − 2)/(B − 3): |g| ×\(d(BatchNormGradients.linearRate(batch: batch).squareRoot(), 4)) per block at B = \
  \(batch). Measured here: from ×\(d(regime[0].0, 4)) at γ = \(gammas[0]) down to ×\(d(regime[gammas.count - 1].0, 4)) \
  at γ = \(gammas[gammas.count - 1]). In the large-batch limit λ = E[φ′²]/Var[φ] ≥ 1 by the Gaussian Poincaré \
  inequality, with equality only for a linear φ: no activation escapes the explosion.
  """)
notebook.table(regimeTable)

//: ## 4. Residual connections without normalization
notebook.section("4. Residual connections without normalization")
let branches = [(Activation.relu, 2.0.squareRoot(), "√2"), (.tanh, 5.0 / 3, "5/3")]
let scales: [(scale: Residual.Scale, alpha: Double, label: String)] = [
  (.plain, 1, "plain"), (.depthScaled(depth), 1 / Double(depth).squareRoot(), "1/√depth"), (.rezero, 0, "ReZero"),
]
let residualRuns = await NormalizationProbe.run(
  branches.flatMap { b in
    scales.map {
      .init(activation: b.0, gain: b.1, residual: $0.scale, depth: depth, width: width, batch: batch, seed: seed)
    }
  })
let residual: [[ResidualRun]] = branches.enumerated().map { i, b in
  let field = MeanField(activation: b.0, gain: b.1)
  return scales.enumerated().map { j, s in
    let r = residualRuns[i * scales.count + j], q0 = sq(r.inputStd)
    return ResidualRun(
      branch: "\(b.0), \(b.2)", scale: s.label, result: r,
      stream: field.residualLengths(alpha: s.alpha, inputVariance: q0, layers: depth),
      gradient: field.residualGradientSecondMoments(alpha: s.alpha, inputVariance: q0, layers: depth))
  }
}
var residualTable = Table(
  "x + α·φ(W x), \(depth) blocks: E[x²] of the stream and E[g²] of its gradient, measured and derived",
  columns: ["φ, gain", "α", "E[x²] @10", "derived", "E[x²] @\(depth)", "derived", "E[g²] input", "derived"])
for run in residual.joined() {
  let r = run.result
  residualTable.append([
    .text(run.branch), .text(run.scale), .number(r.outputSecondMoment[9]), .number(run.stream[10]),
    .number(r.outputSecondMoment[depth - 1]), .number(run.stream[depth]), .number(sq(r.inputGradientRMS)),
    .number(run.gradient[0]),
  ])
}
notebook.table(residualTable)
notebook.figure(
  "residual", residualFigure(residual),
  caption: "Plain blocks pile up the branches' variance; 1/√depth bounds it for tanh, not for ReLU; ReZero starts flat."
)
let (relu, tanh) = (residual[0], residual[1])  // each: plain, 1/√depth, ReZero
let (perBlock, lastFactor) = (ResidualRun.gainPerBlock, ResidualRun.lastFactor)
notebook.prose(
  """
  The derived law (`MeanField.residualLengths`): a wide branch's fluctuations are independent of the stream's, so \
  second moments add, q(l) = q(l−1) + α²·E[φ²], plus 2α·μ·E[φ] for a branch with a mean, since every block also adds \
  α·E[φ] to the stream's mean μ. A tanh branch (mean 0) adds at most α² per block: measured \
  +\(f(perBlock(tanh[0].measuredStream))) per block over the second half, derived +\(f(perBlock(tanh[0].stream))). A \
  ReLU branch at gain √2 adds q and its mean: measured ×\(f(lastFactor(relu[0].measuredStream), 4)) in the last block, \
  derived ×\(f(lastFactor(relu[0].stream), 4)) (×2 without the mean). With α = 1/√\(depth) the tanh stream ends \
  at \(f(tanh[1].result.outputSecondMoment[depth - 1])), the ReLU stream at \
  \(f(relu[1].result.outputSecondMoment[depth - 1])): \(depth) means of size α add up to √\(depth) of them.

  The derived E[g²] assumes the backward pass's weights independent of the forward pass's. For tanh that holds \
  (input: measured \(f(sq(tanh[0].result.inputGradientRMS), 2)), derived \(f(tanh[0].gradient[0], 2))); a ReLU \
  stream's mean breaks it, and E[g²] grows like the stream, \
  ×\(d(pow(sq(relu[0].result.inputGradientRMS), 1 / Double(depth)))) per block. With 1/√depth for tanh, or \
  ReZero for either, E[g²] at the input is \(f(sq(tanh[1].result.inputGradientRMS), 2)), \
  \(f(sq(tanh[2].result.inputGradientRMS), 2)) and \(f(sq(relu[2].result.inputGradientRMS), 2)) times the last block's.
  """)

//: ## 5. Training a deep tanh network from a bad gain
notebook.section("5. Training a deep tanh network from a bad gain")
let (trainDepth, trainWidth, steps, miniBatch, learningRate) = (20, 16, 150, 32, 0.1)
let (trainSet, testSet) = standardizedMoons(seed: seed)  // 200 to train on, 200 to test, noise 0.1
let contenders: [(Architecture, gain: Double, label: String)] = [
  (.plain, 0.5, "0.5"), (.batchNorm, 0.5, "0.5"), (.rezero, 0.5, "0.5"), (.plain, 5.0 / 3, "5/3"),
]
let trained = await concurrently(
  contenders.map { c in
    {
      trainingRun(
        c.0, gain: c.gain, gainLabel: c.label, depth: trainDepth, width: trainWidth, steps: steps, batchSize: miniBatch,
        learningRate: learningRate, data: trainSet, test: testSet, seed: seed &+ 1)
    }
  })
notebook.prose(
  """
  The init-vs-training comparison one step further: \(trainDepth) tanh blocks of \(trainWidth) and a linear output, \
  every Linear from xavierNormal(0.5), a gain that starves a plain network's signal, with and without BatchNorm and as \
  ReZero blocks; gain 5/3 as the reference. \(steps) SGD steps (lr \(learningRate)) on batches of \(miniBatch) of 200 \
  moons; accuracy in evaluation mode.
  """)
notebook.table(TrainingRun.table(trained, title: "Training from a bad gain"))
notebook.figure(
  "training", trainingFigure(trained),
  caption: "Loss, then log10 update:data of every Linear's weights (≈ −3 is healthy).")
let (plainBad, batchNorm, rezero, plainGood) = (trained[0], trained[1], trained[2], trained[3])
func summary(_ run: TrainingRun) -> String { "loss \(f(run.finalLoss, 2)), test \(d(100 * run.testAccuracy, 1))%" }
let stalls = plainBad.finalLoss > 0.9 * log(2)  // near a coin flip's loss, log 2
notebook.prose(
  """
  From gain 0.5 the plain network \(stalls ? "does not learn" : "learns slowly") (\(summary(plainBad)); its \
  first update is 10^\(d(plainBad.ratios[0][0], 1)) of its first layer's weights). BatchNorm restores the signal, and \
  with it part 2's catch: its first update is 10^\(d(batchNorm.ratios[0][0], 1)) of the first layer's weights (the \
  hand-tuned network's: 10^\(d(plainGood.ratios[0][0], 1))), settling to \
  10^\(d(batchNorm.ratios[0].suffix(20).mean, 1)) over the last 20 steps (\(summary(batchNorm))). ReZero: \
  \(summary(rezero)), its α now between \
  \(f(rezero.alphas.min()!, 2)) and \(f(rezero.alphas.max()!, 2)). The hand-tuned gain 5/3: \(summary(plainGood)).
  """)
print("  (all parts in \(clock))")

//: ## What this run shows
notebook.section("What this run shows")
notebook.prose(
  """
  - Normalization divides the gain out (std spread ×\(f(spread(.none))) → ×\(f(spread(.batch), 6))), but BatchNorm's \
  gradients grow ×\(d(measuredGrowth[2])) (ReLU) and ×\(d(measuredGrowth[5])) (tanh) per block at batch 128, \
  ×\(d(measuredGrowth[0])) and ×\(d(measuredGrowth[3])) at batch 8, and ×\(d(regime[gammas.count - 1].0)) near the \
  linear regime (γ = \(gammas[gammas.count - 1])).
  - Plain residual blocks pile up E[x²] (\(f(relu[0].result.outputSecondMoment[depth - 1], 2)) for ReLU, \
  \(f(tanh[0].result.outputSecondMoment[depth - 1], 2)) for tanh at block \(depth)); 1/√depth leaves tanh's at \
  \(f(tanh[1].result.outputSecondMoment[depth - 1])), ReZero's at \(f(relu[2].result.outputSecondMoment[depth - 1])).
  - From gain 0.5: plain \(summary(plainBad)); BatchNorm \(summary(batchNorm)); ReZero \(summary(rezero)); 5/3 \
  \(summary(plainGood)).
  """)
outputs.save(notebook)
