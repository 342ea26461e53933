// The lab's sentence for an explosion of the gradients alone (the probes' own sentences are in main.swift).
/// The sentence for gradients that overflow on their way back while every layer's outputs stay finite.
func gradientsExplode(atLayer layer: Int) -> String {
  "**The gradients explode at layer \(layer):** every layer's outputs stayed finite, but on their way back from the "
    + "loss the gradients outgrew a `Double` (±1.8e308) there, so from there down to the input they are inf or nan. "
    + "That is this network's result, not a failure of the run."
}
