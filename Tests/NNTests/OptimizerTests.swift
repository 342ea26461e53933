import Foundation
import TestSupport
import Testing
@testable import MicrogradEngine
@testable import MicrogradNN

/// The test problem of the PyTorch fixture: a convex quadratic with one coupling term,
/// loss(p) = Σᵢ (i+1)·(pᵢ − tᵢ)²·0.5 + 0.1·p₀·p₁. Its Hessian is diag(1, 2, 3, 4, 5) plus
/// 0.1 off the diagonal between p₀ and p₁: positive definite, so there is one minimum.
enum Quadratic {
  static let initial = [0.5, -1.5, 2.0, 0.0, 3.0]
  static let targets = [1.0, -2.0, 0.5, 0.25, -1.0]

  static func loss(_ p: [Value]) -> Value {
    var terms: [Value] = []
    for i in p.indices { terms.append((p[i] - targets[i]).pow(2) * (Double(i + 1) * 0.5)) }
    terms.append(p[0] * p[1] * 0.1)
    return Value.sum(terms)
  }

  /// The minimum of loss(p) + (λ/2)·Σp² (λ = 0: of the loss): where the gradient
  /// (i+1)(pᵢ − tᵢ) + λpᵢ (+ 0.1·p₁ for i = 0, + 0.1·p₀ for i = 1) vanishes.
  static func minimum(weightDecay λ: Double = 0) -> [Double] {
    // The 2×2 system for p₀, p₁ by Cramer's rule; the others decouple.
    let (a, b, c, d) = (1 + λ, 0.1, 0.1, 2 + λ)
    let (e, f) = (targets[0], 2 * targets[1])
    let det = a * d - b * c
    var p = [(e * d - b * f) / det, (a * f - c * e) / det]
    for i in 2..<targets.count { p.append(Double(i + 1) * targets[i] / (Double(i + 1) + λ)) }
    return p
  }

  /// Runs `steps` optimizer steps from `initial` and returns the parameters after each.
  static func run(
    steps: Int, schedule: LearningRateSchedule? = nil, _ makeOptimizer: ([Value]) -> any Optimizer
  ) -> [[Double]] {
    let p = initial.map { Value($0) }
    var optimizer = makeOptimizer(p)
    var trajectory: [[Double]] = []
    for k in 0..<steps {
      optimizer.zeroGrad()
      loss(p).backward()
      if let schedule { optimizer.learningRate = schedule(k) }
      optimizer.step()
      trajectory.append(p.map(\.data))
    }
    return trajectory
  }
}

@Suite("Optimizers: convergence on a convex quadratic, PyTorch's exact steps")
struct OptimizerTests {
  @Test("the quadratic's minimum has zero gradient")
  func minimumIsStationary() {
    for λ in [0.0, 0.1] {
      let p = Quadratic.minimum(weightDecay: λ).map { Value($0) }
      (Quadratic.loss(p) + Loss.l2(p, alpha: λ / 2)).backward()
      for v in p { expectClose(v.grad, 0, .absolute(1e-14)) }
    }
  }

  struct ConvergenceCase: Sendable, CustomTestStringConvertible {
    let name: String
    let steps: Int
    let schedule: LearningRateSchedule?
    let weightDecay: Double
    let make: @Sendable ([Value]) -> any Optimizer
    var testDescription: String { name }
  }

  // Gradient descent with lr 0.3 contracts every direction by |1 − 0.3·h| ≤ 0.5 per step
  // (Hessian eigenvalues h in [0.99, 5]), so 100 steps reach 1e-8 many times over. Adam
  // moves each coordinate by about lr per step whatever the gradient, so it needs a
  // learning rate that decays to ~1e-10 to settle within 1e-8: halve it every 100 steps.
  static let convergenceCases: [ConvergenceCase] = [
    .init(name: "SGD", steps: 200, schedule: nil, weightDecay: 0) { SGD(parameters: $0, learningRate: 0.3) },
    .init(name: "SGD momentum 0.9", steps: 400, schedule: nil, weightDecay: 0) {
      SGD(parameters: $0, learningRate: 0.1, momentum: 0.9)
    },
    .init(name: "SGD Nesterov", steps: 400, schedule: nil, weightDecay: 0) {
      SGD(parameters: $0, learningRate: 0.1, momentum: 0.9, nesterov: true)
    },
    .init(name: "SGD weight decay 0.1", steps: 200, schedule: nil, weightDecay: 0.1) {
      SGD(parameters: $0, learningRate: 0.3, weightDecay: 0.1)
    },
    .init(name: "Adam", steps: 3000, schedule: .step(initial: 0.1, factor: 0.5, every: 100), weightDecay: 0) {
      Adam(parameters: $0)
    },
    .init(name: "AdamW (no decay)", steps: 3000, schedule: .step(initial: 0.1, factor: 0.5, every: 100), weightDecay: 0)
    {
      Adam.adamW(parameters: $0, weightDecay: 0)
    },
  ]

  @Test("drives the quadratic to within 1e-8 of its minimum", arguments: convergenceCases)
  func converges(_ c: ConvergenceCase) {
    let final = Quadratic.run(steps: c.steps, schedule: c.schedule, c.make).last!
    expectClose(final, Quadratic.minimum(weightDecay: c.weightDecay), .absolute(1e-8), "\(c.name)")
  }

  @Test("PyTorch's defaults")
  func defaults() {
    let adam = Adam(parameters: [Value(1)])
    #expect(adam.learningRate == 1e-3 && adam.betas == (0.9, 0.999) && adam.epsilon == 1e-8 && adam.weightDecay == 0)
    let adamW = Adam.adamW(parameters: [Value(1)])
    #expect(adamW.weightDecay == 0.01 && adamW.weightDecayStyle == .decoupled)
  }

  @Test("SGD without momentum is micrograd's p −= lr·grad")
  func plainSGD() {
    let p = [Value(1.0), Value(-2.0)]
    p[0].grad = 0.5
    p[1].grad = -3
    var sgd = SGD(parameters: p, learningRate: 0.1)
    sgd.step()
    expectClose(p.map(\.data), [1.0 - 0.1 * 0.5, -2.0 + 0.1 * 3])
  }

  @Test("learning-rate schedules")
  func schedules() {
    let micrograd = LearningRateSchedule.micrograd
    for k in [0, 1, 50, 99] { expectClose(micrograd(k), 1.0 - 0.9 * Double(k) / 100, .relative(1e-15)) }
    expectClose(micrograd(100), 0.1)
    expectClose(micrograd(1000), 0.1)
    expectClose(LearningRateSchedule.constant(0.3)(77), 0.3)
    let step = LearningRateSchedule.step(initial: 1, factor: 0.5, every: 10)
    expectClose([step(0), step(9), step(10), step(25)], [1, 1, 0.5, 0.25])
    let cosine = LearningRateSchedule.cosine(from: 1, to: 0.1, steps: 100)
    expectClose(cosine(0), 1)
    expectClose(cosine(50), 0.55)
    expectClose(cosine(100), 0.1)
  }

  struct ScheduleFixture: Decodable {
    struct Run: Decodable {
      var name: String
      var base_lr: Double, T_max: Int, eta_min: Double
      var steps: [Int], torch: [Double]
    }
    var cosine_annealing: [Run]
  }

  @Test("cosine equals PyTorch's CosineAnnealingLR up to T_max, then holds where PyTorch climbs back")
  func cosineAgainstPyTorch() throws {
    let fixture = try loadFixture("schedules.json", from: .module, as: ScheduleFixture.self)
    #expect(!fixture.cosine_annealing.isEmpty)
    for run in fixture.cosine_annealing {
      let cosine = LearningRateSchedule.cosine(from: run.base_lr, to: run.eta_min, steps: run.T_max)
      for (k, torch) in zip(run.steps, run.torch) {
        if k <= run.T_max {
          expectClose(cosine(k), torch, .relative(1e-14), "\(run.name) step \(k)")
        } else {
          #expect(cosine(k) == run.eta_min, "\(run.name) step \(k): ours holds eta_min")
          if (k - run.T_max) % (2 * run.T_max) != 0 { #expect(torch > run.eta_min, "PyTorch climbs back at step \(k)") }
        }
      }
    }
  }

  // MARK: - PyTorch fixture

  /// The fixture written by PyTorch (float64), see its "loss" field.
  struct Fixture: Decodable {
    struct Settings: Decodable {
      var lr: Double
      var betas: [Double]?
      var eps: Double?
      var weight_decay: Double?
      var momentum: Double?
      var nesterov: Bool?
    }
    struct Case: Decodable {
      var name: String
      var optimizer: String
      var settings: Settings
      var steps: [[Double]]
    }
    var loss: String
    var initial: [Double]
    var targets: [Double]
    var cases: [Case]
  }

  static func optimizer(for c: Fixture.Case, _ p: [Value]) -> any Optimizer {
    let s = c.settings
    let betas = s.betas.map { ($0[0], $0[1]) } ?? (0.9, 0.999)
    switch c.optimizer {
    case "SGD":
      return SGD(
        parameters: p, learningRate: s.lr, momentum: s.momentum ?? 0, nesterov: s.nesterov ?? false,
        weightDecay: s.weight_decay ?? 0)
    case "Adam":
      return Adam(
        parameters: p, learningRate: s.lr, betas: betas, epsilon: s.eps ?? 1e-8, weightDecay: s.weight_decay ?? 0)
    case "AdamW":
      return Adam.adamW(
        parameters: p, learningRate: s.lr, betas: betas, epsilon: s.eps ?? 1e-8, weightDecay: s.weight_decay ?? 0.01)
    default:
      Issue.record("unknown optimizer \(c.optimizer) in the fixture")
      return SGD(parameters: p, learningRate: 0)
    }
  }

  @Test("every step equals PyTorch's (Fixtures/optimizers.json)")
  func matchesPyTorch() throws {
    let fixture = try loadFixture("optimizers.json", from: .module, as: Fixture.self)
    #expect(fixture.initial == Quadratic.initial)
    #expect(fixture.targets == Quadratic.targets)
    #expect(fixture.loss.contains("0.1"), "the fixture's loss: \(fixture.loss)")
    #expect(Set(fixture.cases.map(\.optimizer)) == Set<String>(["SGD", "Adam", "AdamW"]))
    for c in fixture.cases {
      let ours = Quadratic.run(steps: c.steps.count) { Self.optimizer(for: c, $0) }
      for (k, (mine, theirs)) in zip(ours, c.steps).enumerated() {
        expectClose(mine, theirs, .exact, "\(c.name), step \(k + 1)")
      }
    }
  }
}
