import MicrogradEngine
import MicrogradNN

/// Where to put the ticks of an axis: "nice" numbers 1, 2 or 5 times a power of ten
/// (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990).

/// A nice step for covering `span` with about `count` intervals: 1, 2 or 5 × 10ᵏ.
func niceStep(span: Double, count: Int) -> Double {
  let raw = span / Double(Swift.max(1, count))
  guard raw > 0 && raw.isFinite else { return 1 }
  let power = Math.pow(10, (Math.log(raw) / Math.log(10)).rounded(.down))
  let fraction = raw / power
  let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
  return nice * power
}

/// Tick positions covering `lower...upper` with about `count` intervals, at multiples of a
/// nice step; the first tick is ≤ lower and the last ≥ upper, so the axis can be widened
/// to them.
///
/// `niceTicks(0.03, 0.97)` → [0, 0.2, 0.4, 0.6, 0.8, 1].
package func niceTicks(_ lower: Double, _ upper: Double, count: Int = 5) -> [Double] {
  var (lo, hi) = (Swift.min(lower, upper), Swift.max(lower, upper))
  if lo == hi { (lo, hi) = (lo - 1, hi + 1) }
  // Near the largest `Double` (an exploding layer's numbers) the span overflows: its share per interval does not, and
  // a tick beyond ±1.8e308 becomes the bound itself.
  let span = hi - lo
  let step =
    span.isFinite
    ? niceStep(span: span, count: count) : niceStep(span: hi / Double(count) - lo / Double(count), count: 1)
  let first = (lo / step).rounded(.down), last = (hi / step).rounded(.up)
  return stride(from: first, through: last, by: 1).map { k in
    let t = k * step
    guard t.isFinite else { return t < 0 ? lo : hi }
    return Swift.abs(t) < step * 1e-9 ? 0 : t  // no "-0" or 1e-17 labels
  }
}

/// Decades (integer powers of ten, as exponents) covering `lower...upper` (both > 0), thinned
/// to at most about `count` ticks by taking every 2nd, 5th, 10th… decade.
package func decadeTicks(_ lower: Double, _ upper: Double, count: Int = 8) -> [Int] {
  let lo = Int((Math.log(Swift.min(lower, upper)) / Math.log(10)).rounded(.down))
  let hi = Int((Math.log(Swift.max(lower, upper)) / Math.log(10)).rounded(.up))
  let span = Swift.max(1, hi - lo)
  var every = 1
  for candidate in [1, 2, 5, 10, 20, 50, 100] where span / candidate <= count {
    every = candidate
    break
  }
  if span / every > count { every = 100 }
  let first = Int((Double(lo) / Double(every)).rounded(.down)) * every
  let last = Int((Double(hi) / Double(every)).rounded(.up)) * every
  return Array(stride(from: first, through: Swift.max(last, first + every), by: every))
}
