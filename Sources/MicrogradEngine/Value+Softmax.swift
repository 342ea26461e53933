import MicrogradSupport
/// The log-softmax of a vector of values: the stable way to turn logits into
/// log-probabilities, and the heart of the cross-entropy loss.
extension Value {
  /// log softmax(z)ᵢ = zᵢ − ln Σⱼ e^(zⱼ), one node per entry (PyTorch's `F.log_softmax`).
  ///
  /// Computed with the log-sum-exp trick: with m = maxⱼ zⱼ, (zᵢ − m) − ln Σⱼ e^(zⱼ − m).
  /// Every exponent is ≤ 0 and the sum is ≥ 1, so nothing overflows and the log is finite:
  /// logits [10¹⁵, 10¹⁵] give exactly −ln 2 for both entries, where the naive
  /// `z.exp() / sum` gives NaN. The gradient is ∂ log softmax(z)ᵢ / ∂zⱼ = δᵢⱼ − softmax(z)ⱼ,
  /// so entry i passes `(δᵢⱼ − pⱼ)·grad` to every zⱼ.
  ///
  /// - Precondition: `z` is not empty.
  public static func logSoftmax(_ z: [Value]) -> [Value] {
    require(!z.isEmpty, "Value.logSoftmax: the logits must not be empty")
    var m = -Double.infinity
    for x in z where x.data > m { m = x.data }
    if m == -.infinity { m = 0 }  // all −∞: every entry is NaN below, as in PyTorch
    var sum = 0.0
    for x in z { sum += Math.exp(x.data - m) }
    let logSum = Math.log(sum)
    let inputs = ValueList(z)
    return z.indices.map { i in
      Value((z[i].data - m) - logSum, .logSoftmax, inputs) { out, zs in
        for j in zs.indices {
          let p = Math.exp((zs[j].data - m) - logSum)
          zs[j].grad += ((i == j ? 1 : 0) - p) * out.grad
        }
      }
    }
  }
}
