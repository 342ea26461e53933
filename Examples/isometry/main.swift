// isometry: the singular values of a deep network's Jacobian at initialization, Gaussian against orthogonal
// weights (Saxe et al. 2014; Pennington et al. 2017), and LSUV, an initializer that looks at data (Mishkin & Matas 2016).
//
//   swift run -c release isometry                       # SVGs under ./out
//   swift run -c release isometry --notebook out        # also out/isometry.html, .ipynb and .md
//
// Written like a playground: each `/*: ## … */` block starts a step of the notebook, its prose beside the
// code; the page shows the code under it (without the lines that build the page) and what it printed.
import ExampleSupport
import Micrograd

let parsed = CommandLineOptions(
  tool: "isometry",
  summary: "Jacobian spectra of deep networks: Gaussian, orthogonal and LSUV weights; tanh, ReLU, linear.",
  options: [
    .init("--width", "N", "units per layer of the spectrum and LSUV experiments (default 64, at least 2)"),
    .init("--samples", "N", "inputs at which each Jacobian is taken (default 3, at most 100)"),
    .init("--batch", "N", "LSUV's batch and the gain-sweep probe's (default 32; at least 2)"),
    .init("--steps", "N", "training steps of the last experiment (default 120, at most 10000)"),
    .init("--seed", "SEED", "seed of weights and inputs (default 0)"),
  ]
).parse()
let width = parsed.positiveInteger(
  "--width", default: 64, atLeast: 2, "one unit has a single singular value, with no spread to measure")
let samples = parsed.positiveInteger(
  "--samples", default: 3, atMost: 100, "each input is a Jacobian and its singular values at every depth")
let batch = parsed.positiveInteger("--batch", default: 32, atLeast: 2, "a variance needs two samples")
let steps = parsed.positiveInteger(
  "--steps", default: 120, atMost: 10_000, "every start trains that many steps (about 20 ms a step at the defaults)")
let seed = parsed.seed("--seed", default: 0)
parsed.options.requireMemory(width: width, settings: "depth 64, batch \(batch), \(samples) inputs") {
  .isometry(width: $0, batch: batch, samples: samples)  // before any work
}
let outputs = ExampleOutputs(parsed)
let depths = [4, 16, 64]
let total = Stopwatch()

var notebook = Notebook("Beyond the variance: the Jacobian's singular values")
notebook.settings = [
  ("width", .integer(width)), ("samples", .integer(samples)), ("depths", .text("4, 16, 64")),
  ("batch", .integer(batch)), ("steps", .integer(steps)), ("seed", .integer(seed)),
]

/*:
 ## 1. The Jacobian and its singular values

 The gain sweep follows one number per layer: the size of the signal and of the gradient. Behind both is the
 input-output Jacobian J = ∂h_L/∂x, an N × N matrix at each input: backward sends a gradient g from the output to
 Jᵀg at the input. Its singular values σ₁ ≥ … ≥ σ_N say how much J stretches each direction. Their mean square
 (1/N)·Σσᵢ² = (1/N)·tr(JᵀJ) is what the gain sweep watches (gradients neither vanish nor explode when it is 1); their
 *spread* is what it cannot see. Here is J for a tiny network, four reverse passes of the engine
 (`Value.jacobian`), and its singular values by one-sided Jacobi rotations (`SingularValues`).
 */
notebook.section("1. The Jacobian and its singular values")
var smallRNG = SplitMix64(seed: seed)
let small = MLP(
  inputs: 4, sizes: [4, 4, 4], activation: .tanh, outputActivation: .tanh, bias: false,
  initializer: .xavierNormal(gain: 1), using: &smallRNG)
let x0 = (0..<4).map { _ in smallRNG.gaussian() }
let j0 = SpectrumProbe.jacobian(of: small, at: x0)
let s0 = SingularValues(of: j0)
var jTable = Table("J = ∂h₃/∂x of a 4 → 4 → 4 → 4 tanh network at one input", columns: ["row", "x₁", "x₂", "x₃", "x₄"])
for (i, row) in j0.enumerated() { jTable.append([.text("h₃,\(i + 1)")] + row.map { .number($0, significant: 3) }) }
notebook.table(jTable)
notebook.prose(
  """
  σ = \(s0.values.map { f($0) }.joined(separator: ", ")): mean σ² = \(f(s0.values.map { $0 * $0 }.mean)), \
  σ₁/σ₄ = \(f(s0.conditionNumber)), found in \(s0.sweeps) sweeps. An *isometry* has every σ = 1; dynamical isometry
  (Saxe, McClelland & Ganguli 2014; Pennington, Schoenholz & Ganguli 2017) asks for all of them near 1 at
  initialization, not just their mean. We summarize each spectrum by its mean σ², its spread Var(σ²)/mean(σ²)² (0
  for an isometry up to scale), σ₁/σ_N and its rank.
  """)

//: ## 2. tanh at the critical gain: Gaussian or orthogonal weights
notebook.section("2. tanh at the critical gain: Gaussian or orthogonal weights")
let critical = ComputedGains(for: .tanh).critical
let tanhGain = if case .onlyInTheLimit(let g, _) = critical { g } else { critical.value ?? 1 }
let tanhRuns = gaussianAndOrthogonal(
  .tanh, gaussian: .xavierNormal(gain: tanhGain), gain: tanhGain, depths: depths, width: width, samples: samples,
  seed: seed)
notebook.prose(
  """
  Without biases, tanh's critical gain (χ₁ = 1) exists only in the limit gain → \(f(tanhGain)) (`ComputedGains`): we use
  \(f(tanhGain)). The pre-activations then shrink with depth (q_l from the length map: \
  \(f(tanhRuns[1].theory.lengths[0])) at layer 1, \(f(tanhRuns[5].theory.lengths[15])) at 16, \
  \(f(tanhRuns[5].theory.lengths[63])) at 64) and the mean σ² with them, as ∏χ₁(q_l). Both networks draw weights of the same
  variance, \(f(tanhGain))²/N; one draws a Gaussian matrix (`xavierNormal`), the other an orthogonal one. Theory
  (Pennington et al. 2017, from free probability): the same mean, and a spread Σ_l(μ₂/μ₁² − 1) plus 1 per layer for
  Gaussian weights, 0 for orthogonal ones (μ_k = E[φ′^(2k)], `JacobianPrediction`).
  """)
notebook.table(spectrumTable("tanh, gain \(f(tanhGain)), width \(width), \(samples) inputs", tanhRuns))
let tanhDeep = tanhRuns.suffix(2)
let (tanhHistogram, tanhLeftOut) = spectrumHistograms(
  Array(tanhDeep), title: "tanh at depth \(depths.last!): the squared singular values")
notebook.figure(
  "tanh-spectrum", tanhHistogram,
  caption:
    "Histograms of σ²/mean σ² at depth \(depths.last!), \(samples) inputs each (\(tanhLeftOut) Gaussian values below float64's resolution left out)."
)
notebook.figure(
  "tanh-spread", spreadChart(tanhRuns, title: "tanh: spread against depth"),
  caption: "Measured (dots), the free-probability prediction (dashed), and the most N numbers can spread (grey).")
let (tanhG, tanhO) = (tanhRuns[tanhRuns.count - 2], tanhRuns[tanhRuns.count - 1])
notebook.prose(
  """
  At depth \(tanhO.depth) the orthogonal network's spread is \(f(tanhO.result.spread)) (theory \(f(tanhO.theory.spread))), the
  Gaussian one's \(f(tanhG.result.spread)) (theory \(f(tanhG.theory.spread))): \(f(tanhG.result.spread / tanhO.result.spread, 2))×
  larger. The orthogonal mean σ² is \(deviation(tanhO.result.meanSquare, from: tanhO.theory.meanSquare)) from ∏χ₁ and its
  σ₁/σ_N is \(f(tanhO.result.conditionNumber, 2)); the Gaussian network's J has rank \(tanhG.rank) of \(width) (the rest of its
  singular values are below float64's resolution, σ₁·N·ε) and its mean σ² is \(deviation(tanhG.result.meanSquare, from: tanhG.theory.meanSquare))
  from ∏χ₁, a finite-width effect section 5 measures. The Gaussian spread falls below the theory at depth \(tanhG.depth):
  the theory is for infinite width, and \(width) numbers cannot spread more than \(width - 1) at all.
  """)

//: ## 3. ReLU: no isometry with either
notebook.section("3. ReLU: no isometry with either")
let reluGain = ComputedGains(for: .relu).critical.value ?? 2.0.squareRoot()
let reluRuns = gaussianAndOrthogonal(
  .relu, gaussian: .kaimingNormal(nonlinearity: .relu), gain: reluGain, depths: depths, width: width,
  samples: samples, seed: seed)
let reluSlope = JacobianPrediction.slopeSpread(.relu, q: 1)
notebook.prose(
  """
  He's gain \(f(reluGain)) is critical for ReLU at every q (χ₁ = 1): the mean σ² is 1 at any depth. But φ′ is 0 or 1, each
  half the time, so every layer adds μ₂/μ₁² − 1 = \(f(reluSlope)) to the spread, whatever the weights: orthogonal weights
  can only take away the Gaussian's extra 1 per layer (Pennington et al. 2017: ReLU networks are incapable of
  dynamical isometry).
  """)
notebook.table(spectrumTable("ReLU, gain \(f(reluGain)), width \(width), \(samples) inputs", reluRuns))
notebook.figure(
  "relu-spread", spreadChart(reluRuns, title: "ReLU: spread against depth"),
  caption: "Measured (dots), the free-probability prediction (dashed), and the most N numbers can spread (grey).")
let (reluG, reluO) = (reluRuns[reluRuns.count - 2], reluRuns[reluRuns.count - 1])
let reluMeans = reluRuns.filter { $0.depth == depths.last! }.map { f($0.result.meanSquare, 2) }
let reluInputs = reluO.result.spectra.map(\.meanSquare)
notebook.prose(
  """
  At depth \(reluO.depth): spreads \(f(reluG.result.spread)) (Gaussian) and \(f(reluO.result.spread)) (orthogonal), ranks \(reluG.rank) and
  \(reluO.rank) of \(width): each layer's zeros remove directions for good, so J is singular at every depth here (rank
  \(reluRuns.filter { $0.depth == depths[0] }.map { String($0.rank) }.joined(separator: " and ")) already at depth \(depths[0])).
  And the mean σ² (\(reluMeans.joined(separator: " and "))), predicted 1, is far from steady: in the one orthogonal network at
  depth \(reluO.depth) it ranges from \(f(reluInputs.min()!, 2)) to \(f(reluInputs.max()!, 2)) over the \(samples) inputs, since which units are zero
  depends on the input.
  """)

/*:
 ## 4. Linear networks: orthogonal is an exact isometry

 With φ(x) = x, J = W_L ⋯ W_1 is the same at every input (one input suffices). A product of orthogonal matrices is
 orthogonal: Saxe et al. 2014's exact isometry. A product of Gaussian ones spreads by 1 per layer (theory).
 */
notebook.section("4. Linear networks: orthogonal is an exact isometry")
let linearRuns = gaussianAndOrthogonal(
  .identity, gaussian: .xavierNormal(gain: 1), gain: 1, depths: depths, width: width, samples: 1, seed: seed)
let orthogonalError = linearRuns.filter { $0.label == "orthogonal" }.flatMap {
  $0.result.spectra[0].singularValues.values.map { Swift.abs($0 - 1) }
}.max()!
notebook.table(spectrumTable("Linear, gain 1, width \(width), one input", linearRuns))
let linearG = linearRuns[linearRuns.count - 2]
notebook.prose(
  """
  Every orthogonal singular value is within \(f(orthogonalError, 2)) of 1 at every depth (rounding). The Gaussian product
  at depth \(linearG.depth) has spread \(f(linearG.result.spread)), rank \(linearG.rank) of \(width), and mean σ² \(f(linearG.result.meanSquare))
  where mean-field theory says 1.
  """)

/*:
 ## 5. One network is not the average

 Mean-field theory predicts an average over networks: for linear Gaussian layers E[m] = 1 exactly, m = (1/N)·tr(JᵀJ).
 One network at finite width is another matter. Its m is a product of L random factors, and its second moment can be
 computed exactly (a two-term recursion by Wick's theorem, `JacobianPrediction.linearGaussianSecondMoment`): the spread of m grows with
 L/N, and a skewed m with mean 1 has a median near 1/√E[m²] (exact for a log-normal). A typical network falls short;
 rare ones above 1 hold up the average. Orthogonal layers keep every length exactly: no such shortfall.
 */
notebook.section("5. One network is not the average")
let seeds = (0..<6).map { seed &+ UInt64($0) }
let deep = depths.last!
let finite = [width / 4, width / 2, width].filter { $0 >= 2 }.map {
  FiniteWidthRow(width: $0, depth: deep, seeds: seeds)
}
var finiteTable = Table(
  "Linear Gaussian networks, depth \(deep): m = mean σ² of \(seeds.count) networks (seeds \(seeds.first!)–\(seeds.last!))",
  columns: FiniteWidthRow.columns)
for row in finite { finiteTable.append(row.cells) }
notebook.table(finiteTable)
notebook.prose(
  """
  Medians over \(seeds.count) networks against 1/√E[m²]: \(finite.map { "\(f($0.median, 2)) and \(f($0.typical, 2)) at N = \($0.width)" }.joined(separator: ", ")).
  So a single Gaussian network at depth \(deep) and width \(width) is expected to fall short of mean-field's mean by a
  factor of order \(f(finite.last!.typical, 2)); the tanh Gaussian network of section 2 is one such draw (measured/∏χ₁ =
  \(f(tanhG.result.meanSquare / tanhG.theory.meanSquare, 2)), its random slopes adding their own fluctuations).
  """)

/*:
 ## 6. LSUV: unit variance from data, without a formula

 Mishkin & Matas 2016 skip the formula: start orthogonal, then for each layer in turn push a batch through and divide
 the weights by the standard deviation of the layer's output, until its variance is 1 within a tolerance. Which
 output? Their code measures the linear layer's, before the nonlinearity; we do the same by default (`LSUV`), and
 also show what happens measuring after φ. Bias-free pre-activations are linear in W, so one rescaling is exact.
 */
notebook.section("6. LSUV: unit variance from data, without a formula")
var lsuvRNG = SplitMix64(seed: seed &+ 1)
let lsuvBatch = (0..<batch).map { _ in (0..<width).map { _ in lsuvRNG.gaussian() } }
let comparisons = [Activation.tanh, .relu, .selu, .gelu].map {
  LSUVComparison($0, depth: deep, width: width, batch: batch, seed: seed, lsuvBatch: lsuvBatch)
}
let (lsuvTable, sweepTable) = LSUVComparison.tables(comparisons, batch: batch, depth: deep, width: width)
notebook.table(lsuvTable)
notebook.table(sweepTable)
notebook.figure(
  "lsuv-std",
  ChartGrid(title: "Output std by layer: LSUV and the formula", charts: comparisons.map(\.chart), columns: 2),
  caption: "The gain-sweep probe's output std at every layer, depth \(deep), width \(width).")
let tanhProbe = SpectrumProbe(
  .init(activation: .tanh, initializer: .orthogonal(gain: 1), depth: deep, width: width, samples: samples, seed: seed))
let (tanhLSUVNetwork, tanhInputs) = tanhProbe.draw()
LSUV().rescale(tanhLSUVNetwork, on: lsuvBatch)
let tanhLSUV = SpectrumRun("LSUV", depth: deep, result: SpectrumProbe.measure(tanhLSUVNetwork, at: tanhInputs))
notebook.table(spectrumTable("tanh with LSUV, the Jacobian (theory from its own weights)", [tanhO, tanhLSUV]))
let tanhAfter = comparisons[0].after
notebook.prose(
  """
  Measuring pre-activations, \(comparisons.allSatisfy(\.before.converged) ? "every layer of every network ends" : "not every layer ends")
  within 0.1 of variance 1 (total rescalings: \(comparisons.map { "\($0.activation.name) \($0.before.layers.map(\.rounds).reduce(0, +))" }.joined(separator: ", "))),
  GELU included, for which PyTorch has no gain: the stand-in gain 1 lets its signal fade to
  \(f(comparisons[3].formula.outputStd[deep - 1], 2)) by layer \(deep), LSUV's ends at \(f(comparisons[3].lsuv.outputStd[deep - 1], 2)). Measuring
  after φ, tanh's layers \(tanhAfter.converged ? "converge" : "never get there"): its outputs' variance is below 1 for any weights, and after
  \(tanhAfter.layers.map(\.rounds).max()!) rounds it is \(f(tanhAfter.layers.map(\.variance).max()!)) at most, with weights \(f(tanhAfter.layers.map(\.scale).min()!, 2))–\(f(tanhAfter.layers.map(\.scale).max()!, 2))×
  the orthogonal start's.

  Unit variance is not isometry, though. LSUV's tanh layers all sit at q ≈ 1, where χ₁ = \(f(tanhLSUV.theory.chi1[deep - 1]))
  per layer: its mean σ² at depth \(deep) is \(f(tanhLSUV.result.meanSquare)) (∏χ₁ = \(f(tanhLSUV.theory.meanSquare))) and its spread
  \(f(tanhLSUV.result.spread)) (theory \(f(tanhLSUV.theory.spread))), against the orthogonal network's \(f(tanhO.result.meanSquare)) and \(f(tanhO.result.spread)) at gain 1.
  """)

//: ## 7. Training a deep tanh network from three starts
notebook.section("7. Training a deep tanh network from three starts")
let (trainDepth, trainWidth, learningRate) = (16, 16, 0.1)
var dataRNG = SplitMix64(seed: seed &+ 7)
let moons = Dataset.moons(count: 64, noise: 0.1, labels: .zeroOne, using: &dataRNG)
let data = Standardization(fitting: moons)(moons)
let sizes = Array(repeating: trainWidth, count: trainDepth) + [1]
let (starts, lsuvStart) = trainingStarts(sizes: sizes, gain: tanhGain, data: data, seed: seed)
let trainingRuns = starts.map {
  TrainingRun($0.label, model: $0.model, data: data, steps: steps, learningRate: learningRate)
}
notebook.prose(
  """
  Does any of this matter once training starts? The same \(trainDepth) hidden tanh layers of \(trainWidth) units (biases 0), the
  same data and optimizer, three starts: Gaussian and orthogonal at the critical gain, and LSUV on the training inputs
  (its rounds: \(lsuvStart.layers.map { String($0.rounds) }.joined(separator: " "))). The first columns describe step 0:
  the Jacobian of the square hidden stack (layers 2 to \(trainDepth)) at four data points, and the size of the last hidden
  layer's outputs.
  """)
notebook.table(
  trainingTable(
    trainingRuns, thresholds: [0.3, 0.2, 0.1],
    title:
      "\(data.count) moons, 2 → \(trainDepth) × \(trainWidth) tanh → 1, full-batch SGD, lr \(learningRate), \(steps) steps"
  ))
notebook.figure("training", lossChart(trainingRuns), caption: "The loss at every step, one line per start.")
notebook.prose(
  """
  To a loss below 0.1: \(trainingRuns.map { "\($0.label) \(reached($0, 0.1))" }.joined(separator: "; ")). At gain \(f(tanhGain)) the
  deep layers' outputs are small (last hidden std \(f(trainingRuns[0].lastHiddenStd, 2)) and \(f(trainingRuns[1].lastHiddenStd, 2))),
  where tanh is nearly linear, and the mean σ² of the hidden stack is \(f(trainingRuns[0].spectrum.meanSquare, 2)) and \(f(trainingRuns[1].spectrum.meanSquare, 2)):
  gradients reaching the first layers are small. LSUV's layers see unit-variance pre-activations (last hidden std
  \(f(trainingRuns[2].lastHiddenStd, 2)), mean σ² \(f(trainingRuns[2].spectrum.meanSquare, 2))). With one learning rate for all three, this compares
  the starts as a practitioner would use them, not the spreads alone.
  """)

//: ## 8. What this run shows
notebook.section("8. What this run shows")
let best = trainingRuns.min { ($0.steps(below: 0.2) ?? Int.max) < ($1.steps(below: 0.2) ?? Int.max) }!
let (gaussianTrend, orthogonalTrend) = (Trend(tanhRuns, "Gaussian"), Trend(tanhRuns, "orthogonal"))
notebook.prose(
  """
  - **Same mean, different spread.** tanh at gain \(f(tanhGain)), depth \(tanhO.depth): spread \(f(tanhO.result.spread)) with orthogonal
    weights, \(f(tanhG.result.spread)) with Gaussian ones (\(f(tanhG.result.spread / tanhO.result.spread, 2))×); the Gaussian spread \(gaussianTrend.verb)
    (\(tanhRuns.filter { $0.label == "Gaussian" }.map { f($0.result.spread) }.joined(separator: " → "))), the orthogonal one
    \(orthogonalTrend == .steady ? "barely" : orthogonalTrend.verb) (\(tanhRuns.filter { $0.label == "orthogonal" }.map { f($0.result.spread) }.joined(separator: " → "))). Mean σ² against ∏χ₁:
    orthogonal \(deviation(tanhO.result.meanSquare, from: tanhO.theory.meanSquare)), Gaussian \(deviation(tanhG.result.meanSquare, from: tanhG.theory.meanSquare)).
  - \(reluVerdict(reluRuns)) (\(f(reluG.result.spread)) and \(f(reluO.result.spread)) at depth
    \(reluO.depth)) and its Jacobian is singular (rank \(reluG.rank) and \(reluO.rank) of \(width)).
  - **Linear + orthogonal = exact isometry** (every σ within \(f(orthogonalError, 2)) of 1); linear + Gaussian spreads
    (\(f(linearG.result.spread)) at depth \(linearG.depth)).
  - **Mean-field is an average.** One Gaussian network of width N and depth L typically falls short of it: the median
    1/√E[m²] of linear networks is \(finite.map { f($0.typical, 2) }.joined(separator: ", ")) at L/N = \(finite.map { f(Double(deep) / Double($0.width), 2) }.joined(separator: ", ")) (theory);
    the medians of \(seeds.count) networks here were \(finite.map { f($0.median, 2) }.joined(separator: ", ")).
  - **LSUV** reaches unit pre-activation variance for \(comparisons.filter(\.before.converged).map(\.activation.name).joined(separator: ", ")) without a gain formula, in at most
    \(comparisons.flatMap { $0.before.layers.map(\.rounds) }.max()!) round per layer; it fixes the forward pass, not χ₁ (tanh: mean σ² \(f(tanhLSUV.result.meanSquare)) at depth \(deep)).
  - **Training** (\(trainDepth) tanh layers, lr \(learningRate)): \(trainingVerdict(best, steps: steps)).
  """)

outputs.save(notebook)
print("(the whole run took \(total))")
