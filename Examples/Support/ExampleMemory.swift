import Micrograd

// The peak memory of each example that allocates by size: its probes' estimates (`MemoryEstimate`),
// as many at once as the example runs, and what it keeps beside them, measured like the probes
// (`Tests/Reference/measure_memory.py`, `Docs/data/memory.csv`; `MemoryEstimateTests` holds every
// estimate between the measured peak and 25% above it).

extension MemoryEstimate {
  /// An example's process before any work: the Swift runtime, Foundation and the package's code
  /// (measured: 20.2–20.3 MB for the lab's smallest runs).
  package static let exampleProcess = MemoryEstimate(bytes: 20.5e6)

  /// How many of `jobs` probe runs the library runs at once: `atATime` (`GainSweepProbe.run`'s and
  /// `NormalizationProbe.run`'s default is two; `concurrently`'s the number of processors).
  package static func atOnce(_ jobs: Int, atATime: Int = 2) -> Int { Swift.max(1, Swift.min(jobs, atATime)) }

  /// `lab`: one probe run (`probe` is "sweep", "saturation" or "spectrum"; a spectrum's `batch`
  /// is its number of inputs), with LSUV's rescaling before it with `--init lsuv`.
  package static func lab(
    probe: String, lsuv: Bool, normalization: NormalizationProbe.Normalization, residual: Residual.Scale?,
    depth: Int, width: Int, batch: Int
  ) -> MemoryEstimate {
    exampleProcess
      + labRun(
        probe: probe, lsuv: lsuv, normalization: normalization, residual: residual, depth: depth, width: width,
        batch: batch)
  }

  /// `lab`'s probe run, without the process. The sweep's page keeps about 1.3 kB per layer beside
  /// the probe (measured: the lab's sweeps against `gain-sweep`'s).
  ///
  /// With LSUV the sweep holds its weights twice for a while: `GainSweepProbe.run(_:)` draws the
  /// network again for its inputs, a copy dropped before the graph is built (whose memory the
  /// graph reuses), after LSUV's own copies of a layer (28 bytes per weight of one layer, measured).
  static func labRun(
    probe: String, lsuv: Bool, normalization: NormalizationProbe.Normalization, residual: Residual.Scale?,
    depth: Int, width: Int, batch: Int
  ) -> MemoryEstimate {
    switch probe {
    case "saturation":
      var c = SaturationProbe.Configuration()
      guard depth <= 1 << 24 else { return MemoryEstimate(bytes: .infinity) }  // no machine holds 2²⁴ layers' nodes
      (c.hidden, c.batch) = (Array(repeating: width, count: depth), batch)
      return c.estimatedMemory
    case "spectrum":
      // LSUV rescales on 128 samples before the Jacobians: less than the Jacobians take.
      return SpectrumProbe.Configuration(
        activation: .tanh, initializer: .xavierNormal(gain: 1), depth: depth, width: width, samples: batch
      ).estimatedMemory
    default:
      if normalization != .none || residual != nil {
        return NormalizationProbe.Configuration(
          activation: .tanh, gain: 1, normalization: normalization, residual: residual, depth: depth, width: width,
          batch: batch
        ).estimatedMemory
      }
      let page = MemoryEstimate(bytes: 1300 * Double(depth))
      return page + (lsuv ? lsuvSweep(depth: depth, width: width, batch: batch) : sweep(depth, width, batch))
    }
  }

  /// `GainSweepProbe`'s run at this size.
  static func sweep(_ depth: Int, _ width: Int, _ batch: Int) -> MemoryEstimate {
    GainSweepProbe.Configuration(activation: .tanh, gain: 1, depth: depth, width: width, batch: batch)
      .estimatedMemory
  }

  /// `GainSweepProbe(c).run(network)` on a network LSUV rescaled (see `labRun`):
  /// 8·L·W² + max(8·L·W² + 28·W², graph).
  static func lsuvSweep(depth: Int, width: Int, batch: Int) -> MemoryEstimate {
    let w = Double(width), weights = MemoryEstimate.bytesPerConstantWeight * Double(depth) * w * w
    let graph = MemoryEstimate(graph: GainSweepProbe.Configuration.graphCosts, depth: depth, width: width, batch: batch)
    return MemoryEstimate(bytes: weights + Swift.max(weights + 28 * w * w, graph.bytes))
  }

  /// `gain-sweep`: its eight configurations two at a time and, with `--notebook`, the gain explorer's
  /// 61 runs at width 32 and batch 8 beside them (`processors` at a time). Every run is synchronous,
  /// so the pool's `processors` threads run that many at once, the largest first in the worst case.
  /// Beside the runs: 2.6 MB (the tables of PyTorch's numbers and the page), and the explorer's
  /// results, predictions and page, 17.5 kB per layer (measured).
  package static func gainSweep(
    width: Int, depth: Int, batch: Int, notebook: Bool, processors: Int = processorCount
  ) -> MemoryEstimate {
    var runs = Array(repeating: sweep(depth, width, batch), count: atOnce(8, atATime: Swift.min(2, processors)))
    if notebook { runs += Array(repeating: sweep(depth, 32, 8), count: atOnce(61, atATime: processors)) }
    let running = runs.sorted(by: >).prefix(Swift.max(1, processors)).reduce(.zero, +)
    let kept = MemoryEstimate(bytes: 2.6e6 + (notebook ? 17_500 * Double(depth) : 0))
    return exampleProcess + running + kept
  }

  /// `width-sweep` at depth 100 and batch 100: five configurations at each width, `seeds` runs at a
  /// time up to two, and part 5, which reruns the configurations the theory misses through
  /// `NormalizationProbe` (two nodes per element). Part 5 may run once there are two widths; whether
  /// it does depends on the results, so the estimate assumes it does. Beside the runs: 4 MB (the
  /// tables of PyTorch's numbers) and 18.8 kB per width and seed (five results and their points in
  /// the figures, measured).
  package static func widthSweep(widths: [Int], seeds: Int) -> MemoryEstimate {
    let widest = widths.max() ?? 1
    var run = sweep(100, widest, 100)
    if widths.count >= 2 {
      let rerun = NormalizationProbe.Configuration(
        activation: .relu, gain: 1, readout: .gaussian, depth: 100, width: widest, batch: 100)
      run = Swift.max(run, rerun.estimatedMemory)
    }
    let kept = MemoryEstimate(bytes: 4e6 + 18_800 * Double(widths.count) * Double(seeds))
    return exampleProcess + run * atOnce(seeds) + kept
  }

  /// `fixed-point` at depth 100 and batch 32: each configuration's `seeds` runs two at a time, with
  /// every run's result kept until the configuration is done (5.3 kB a seed, measured), in a process
  /// without Foundation that also holds the theory's tables and the page (13.3 MB, measured). A run here
  /// peaks 1.5% above the lab's sweep at width 512 (measured).
  package static func fixedPoint(width: Int, seeds: Int) -> MemoryEstimate {
    MemoryEstimate(bytes: 13.3e6 + 5300 * Double(seeds)) + MemoryEstimate(bytes: 1.015 * sweep(100, width, 32).bytes)
      * atOnce(seeds)
  }

  /// `isometry`: spectra at depths up to 64 (`SpectrumProbe`, one at a time) or the LSUV comparison on
  /// the gain-sweep probe at depth 64 and `batch` (LSUV's network drawn again for the probe's inputs,
  /// as in the lab), whichever is larger. Beside them: 7.2 MB (the training section, the page) and
  /// 940 bytes per input and unit (every run's singular values and their histograms), measured.
  package static func isometry(width: Int, batch: Int, samples: Int) -> MemoryEstimate {
    let spectra = SpectrumProbe.Configuration(
      activation: .tanh, initializer: .orthogonal(gain: 1), depth: 64, width: width, samples: samples
    ).estimatedMemory
    let kept = MemoryEstimate(bytes: 7.2e6 + 940 * Double(samples) * Double(width))
    return exampleProcess + Swift.max(spectra, lsuvSweep(depth: 64, width: width, batch: batch)) + kept
  }

  /// `normalization`, whose parts run one after the other: part 1's LayerNorm runs and part 3's
  /// BatchNorm runs at the width and batch (part 3 six at a time up to `processors`), part 2's
  /// BatchNorm runs at twice the width and a batch of 128, part 4's ReZero blocks, or part 5's
  /// training (10.25 MB), whichever is largest; beside them 3.75 MB (the page; measured).
  package static func normalization(
    depth: Int, width: Int, batch: Int, processors: Int = processorCount
  ) -> MemoryEstimate {
    func run(_ norm: NormalizationProbe.Normalization, _ residual: Residual.Scale?, width: Int, batch: Int)
      -> MemoryEstimate
    {
      NormalizationProbe.Configuration(
        activation: .tanh, gain: 1, normalization: norm, residual: residual, depth: depth, width: width, batch: batch
      ).estimatedMemory
    }
    let parts = [
      run(.layer, nil, width: width, batch: batch) * atOnce(12),
      run(.batch, nil, width: width, batch: batch) * atOnce(6, atATime: processors),
      run(.batch, nil, width: 2 * width, batch: 128) * atOnce(16),
      run(.none, .rezero, width: width, batch: batch) * atOnce(6),
      MemoryEstimate(bytes: 10.25e6),
    ]
    return exampleProcess + MemoryEstimate(bytes: 3.75e6) + parts.max()!
  }

  /// `training-diagnostics`: five trainings of 2 → `depth` tanh blocks of `width` → 3 (the last two with
  /// BatchNorm), `processors` at a time. Each holds its parameters as trainable nodes with the optimizer's and
  /// the ratios' lists (140 bytes a parameter), one step's graph of `batch` samples through Linear, BatchNorm,
  /// tanh and the watched copy (1,330 bytes per unit, sample and block; 900 per sample and block), 16 bytes per
  /// block and step of recorded ratios, 40 bytes per weight of one hidden layer for a moment, and 0.8 MB of its
  /// own (measured: `Docs/data/memory.csv`).
  package static func trainingDiagnostics(
    depth: Int, width: Int, batch: Int, steps: Int, processors: Int = processorCount
  ) -> MemoryEstimate {
    let (l, w, b) = (Double(depth), Double(width), Double(batch))
    let parameters = 3 * w + (l - 1) * (w * w + w) + 3 * w + 3 + l * 2 * w  // weights, biases, γ and β
    let graph = 1330 * l * w * b + 900 * l * b
    let run = MemoryEstimate(bytes: 140 * parameters + graph + 16 * Double(steps) * l + 40 * w * w + 0.8e6)
    return exampleProcess + run * atOnce(5, atATime: processors)
  }

  /// `three-ways` at its largest size, an MLP of `parameters` weights and biases in `depth` layers of `width`
  /// on a batch of 4: 13.5 MB, 150 bytes a parameter and 500 a unit (the tape, the compiled gradient), and,
  /// where element by element may still run within its time budget (up to a million parameters), its record:
  /// 2.2 kB a parameter and 45 kB a layer, at most 1 GB. Measured (`Docs/data/memory.csv`): at least the peak
  /// everywhere, and within 25% above it from a million parameters wherever the ways ran; up to 12× above below
  /// a million parameters, where the budget stops element by element before it reaches the size, and 1.34×
  /// at width 256 and depth 256, where every way's predicted time was over the budget and none ran.
  package static func threeWays(parameters p: Double, width: Int, depth: Int) -> MemoryEstimate {
    let (l, w) = (Double(depth), Double(width))
    let elementwise = p <= 1_000_000 ? Swift.min(2200 * p + 45_000 * l, 1e9) : 0
    return MemoryEstimate(bytes: 13.5e6 + 150 * p + 500 * l * w + elementwise)
  }

  /// `benchmark probe WIDTH DEPTH BATCH`: packed layers on a batch without `ForwardTrace`'s record,
  /// in a process with Foundation (20.3 MB): 8·L·W² + max(12·W², 170·W·B + L·(150·W·B + 1100)).
  package static func benchmarkProbe(width: Int, depth: Int, batch: Int) -> MemoryEstimate {
    let graph = MemoryEstimate(graph: benchmarkCosts, depth: depth, width: width, batch: batch)
    return MemoryEstimate(bytes: 20.3e6) + MemoryEstimate(constantLayers: depth, width: width, graph: graph)
  }

  /// The costs of `benchmark probe`'s graph: `GainSweepProbe`'s packed layers without the trace.
  package static let benchmarkCosts = MemoryEstimate.GraphCosts(
    perInput: 170, perElement: 150, perRow: 0, perLayer: 1100)
}
