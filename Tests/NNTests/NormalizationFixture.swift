import Testing

/// The shape of `Fixtures/normalization.json`, written by PyTorch in float64
/// (`Tests/Reference/generate_normalization.py`). Matrices are lists of rows, one per sample.
struct NormalizationFixture: Decodable {
  /// One forward and backward pass of sum(y · G): inputs, outputs and every gradient.
  struct Pass: Decodable {
    var x: [[Double]]
    var y: [[Double]]
    var G: [[Double]]
    var gradX: [[Double]]
    var gradGamma: [Double]
    var gradBeta: [Double]
    var runningMean: [Double]
    var runningVar: [Double]
    enum CodingKeys: String, CodingKey {
      case x, y, G, gradX = "grad_x", gradGamma = "grad_gamma", gradBeta = "grad_beta"
      case runningMean = "running_mean", runningVar = "running_var"
    }
  }

  /// A `nn.BatchNorm1d`: three training-mode passes, then one in evaluation mode.
  struct BatchNormCase: Decodable, CustomTestStringConvertible {
    var name: String
    var batch: Int
    var features: Int
    var eps: Double
    var momentum: Double
    var constantColumn: Int?
    var gamma: [Double]
    var beta: [Double]
    var train: [Pass]
    var eval: Pass
    var testDescription: String { name }
    enum CodingKeys: String, CodingKey {
      case name, batch, features, eps, momentum, constantColumn = "constant_column", gamma, beta, train, eval
    }
  }

  /// A `nn.LayerNorm`: one pass (it has no training mode).
  struct LayerNormCase: Decodable, CustomTestStringConvertible {
    var name: String
    var batch: Int
    var features: Int
    var eps: Double
    var constantRow: Int?
    var gamma: [Double]
    var beta: [Double]
    var x: [[Double]]
    var y: [[Double]]
    var G: [[Double]]
    var gradX: [[Double]]
    var gradGamma: [Double]
    var gradBeta: [Double]
    var testDescription: String { name }
    enum CodingKeys: String, CodingKey {
      case name, batch, features, eps, constantRow = "constant_row", gamma, beta, x, y, G
      case gradX = "grad_x", gradGamma = "grad_gamma", gradBeta = "grad_beta"
    }
  }

  /// One module of the `nn.Sequential`: "linear", "batchnorm1d" or "tanh".
  struct Module: Decodable {
    var kind: String
    var inputs: Int?
    var outputs: Int?
    var weight: [[Double]]?
    var bias: [Double]?
    var features: Int?
    var eps: Double?
    var momentum: Double?
    var gamma: [Double]?
    var beta: [Double]?
    enum CodingKeys: String, CodingKey {
      case kind, inputs = "in", outputs = "out", weight, bias, features, eps, momentum, gamma, beta
    }
  }

  /// The gradients of one module's parameters (none for tanh).
  struct Gradients: Decodable {
    var weight: [[Double]]?
    var bias: [Double]?
    var gamma: [Double]?
    var beta: [Double]?
  }

  /// A `BatchNorm1d`'s running statistics after a pass; `layer` is its index in the `Sequential`.
  struct Running: Decodable {
    var layer: Int
    var mean: [Double]
    var variance: [Double]
    enum CodingKeys: String, CodingKey { case layer, mean, variance = "var" }
  }

  /// A pass through the whole `Sequential`.
  struct SequentialPass: Decodable {
    var x: [[Double]]
    var y: [[Double]]
    var G: [[Double]]
    var gradX: [[Double]]
    var grads: [Gradients]
    var running: [Running]
    enum CodingKeys: String, CodingKey { case x, y, G, gradX = "grad_x", grads, running }
  }

  /// `Sequential(Linear, BatchNorm1d, Tanh) × 3`: two training-mode passes, one in evaluation mode.
  struct SequentialCase: Decodable {
    var layers: [Module]
    var train: [SequentialPass]
    var eval: SequentialPass
  }

  var tool: String
  var batchnorm1d: [BatchNormCase]
  var batchOfOneError: String
  var layernorm: [LayerNormCase]
  var sequential: SequentialCase
  enum CodingKeys: String, CodingKey {
    case tool, batchnorm1d, batchOfOneError = "batch_of_one_error", layernorm, sequential
  }
}
