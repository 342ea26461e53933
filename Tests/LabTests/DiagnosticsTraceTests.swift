import TestSupport
import Testing

@testable import MicrogradLab
@testable import Micrograd

@Suite("Diagnostics: forward trace")
struct DiagnosticsTraceTests {
  /// A 2 → 2 → 1 network small enough to differentiate by hand:
  /// layer 1 (ReLU): W₁ = [[1, 1], [0, 0]], b₁ = [0.1, −0.2]; layer 2 (tanh): W₂ = [[1, 2]], no bias.
  /// Inputs x = (1, 2) and (−1, 0).
  ///   sample 1: u₁ = (3.1, −0.2), h₁ = (3.1, 0), u₂ = 3.1, h₂ = tanh 3.1 = t
  ///   sample 2: u₁ = (−0.9, −0.2), h₁ = (0, 0),  u₂ = 0,   h₂ = 0
  /// Loss = h₂(1) + h₂(2): ∂L/∂u₂ = (1 − t², 1), ∂L/∂h₁ = W₂ᵀ ∂L/∂u₂ = ((1 − t²)(1, 2), (1, 2)),
  /// ∂L/∂W₂ = (3.1 (1 − t²), 0), ∂L/∂W₁ = [[(1 − t²)(1, 2)], [0, 0]], ∂L/∂x = ((1 − t²)(1, 1), (0, 0)).
  func handNetwork() -> (trace: ForwardTrace, w1: [[Value]], w2: [[Value]]) {
    let layer1 = Layer(weights: [[1, 1], [0, 0]], biases: [0.1, -0.2], activation: .relu)
    let layer2 = Layer(weights: [[1, 2]], activation: .tanh)
    let weights = { (layer: Layer) in layer.neurons.map { Array($0.weights) } }
    return (ForwardTrace(layers: [layer1, layer2], inputs: [[1, 2], [-1, 0]]), weights(layer1), weights(layer2))
  }

  @Test("pre-activations, activations and every gradient match the hand computation")
  func gradientsByHand() {
    let (trace, w1, w2) = handNetwork()
    trace.backwardSumOfOutputs()
    let t = Math.tanh(3.1), s = 1 - t * t
    expectClose(trace.layers[0].preActivations.flatMap { $0 }, [3.1, -0.2, -0.9, -0.2])
    expectClose(trace.activationData(layer: 1).flatMap { $0 }, [3.1, 0, 0, 0])
    expectClose(trace.activationData(layer: 2).flatMap { $0 }, [t, 0])
    expectClose(trace.activationGradients(layer: 2).flatMap { $0 }, [1, 1])
    expectClose(trace.activationGradients(layer: 1).flatMap { $0 }, [s, 2 * s, 1, 2])
    expectClose(w2[0].map(\.grad), [3.1 * s, 0])
    expectClose(w1.flatMap { $0.map(\.grad) }, [s, 2 * s, 0, 0])
    expectClose(trace.inputs.flatMap { $0.map(\.grad) }, [s, s, 0, 0])
  }

  @Test("per-layer statistics: saturation, dead units, local gradient, |grad|, grad:data")
  func statistics() {
    let (trace, _, _) = handNetwork()
    trace.backwardSumOfOutputs()
    let t = Math.tanh(3.1), s = 1 - t * t
    let stats = trace.statistics()
    #expect(stats.count == 2)
    // Layer 1: unit 2 is 0 for both samples (dead), unit 1 is alive for sample 1.
    expectClose(stats[0].deadFraction, 0.5)
    expectClose(stats[0].mean, 3.1 / 4)
    expectClose(stats[0].meanLocalGradient, 0.25)  // relu′ = 1 only at u = 3.1
    expectClose(stats[0].gradientMeanAbs, (3 * s + 3) / 4)
    // grad:data of W₁: std([s, 2s, 0, 0]) / std([1, 1, 0, 0]).
    expectClose(stats[0].gradToDataRatio, [s, 2 * s, 0, 0].standardDeviation / [1.0, 1, 0, 0].standardDeviation)
    // Layer 2: t = 0.996 > 0.97 is saturated, 0 is not.
    expectClose(stats[1].saturatedFraction, 0.5)
    expectClose(stats[1].meanLocalGradient, (s + 1) / 2)
    expectClose(stats[1].gradientMeanAbs, 1)
    expectClose(stats[1].deadFraction, 0)  // sample 1 is not 0
    expectClose(
      stats[1].updateToDataRatio(learningRate: 0.1), Math.log(0.1 * (3.1 * s) / 2 / 0.5) / Math.log(10),
      .relative(1e-12))
    let text = stats.table().description
    #expect(text.contains("50.0%") && text.split(separator: "\n").count == 4)
  }

  @Test("histogram charts and the saturation map of a traced pass are valid SVG")
  func pictures() {
    let (trace, _, _) = handNetwork()
    trace.backwardSumOfOutputs()
    for chart in [trace.histogramChart(), trace.histogramChart(gradients: true)] {
      guard let document = parsedSVG(chart.svg()) else { return }
      #expect(elements(document, class: "series").count == 2)
    }
    let map = trace.saturationMap(layer: 2)
    #expect(map.saturated == [[true, false]])
    #expect(parsedSVG(map.svg()) != nil)
  }
}
