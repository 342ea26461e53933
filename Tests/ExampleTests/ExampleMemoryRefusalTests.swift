import Testing

/// Sizes that cannot fit, refused before any work: one line with the estimate, the machine's memory and the
/// largest width that fits, exit status 2 (`requireMemory`; the estimates are
/// `MemoryEstimate`'s, held to the measured peaks by `MemoryEstimateTests`).
@Suite("Examples: a size that does not fit in memory is refused before any work")
struct ExampleMemoryRefusalTests {
  typealias BadInvocation = ExampleCommandLineTests.BadInvocation

  @Test(
    "one line with the estimate and what fits, exit status 2",
    arguments: [
      BadInvocation(
        tool: "lab", arguments: ["--width", "100000"],
        mentions: ["--width 100000", "TB", "the largest width that fits"]),
      BadInvocation(
        tool: "gain-sweep", arguments: ["--width", "5000", "--batch", "5000"],
        mentions: ["--width 5000", "2 runs at a time", "the largest width that fits"]),
      BadInvocation(
        tool: "width-sweep", arguments: ["--widths", "32,200000"], mentions: ["--widths 200000", "largest width"]),
      BadInvocation(tool: "normalization", arguments: ["--width", "100000"], mentions: ["--width 100000", "memory"]),
      BadInvocation(tool: "isometry", arguments: ["--width", "100000"], mentions: ["--width 100000", "memory"]),
      BadInvocation(tool: "benchmark", arguments: ["probe", "100000"], mentions: ["probe WIDTH 100000", "memory"]),
      // Every probe and every count that allocates (issue 21): the spectrum probe's weights, the saturation probe's
      // trainable ones, normalization layers, LSUV's second copy.
      BadInvocation(
        tool: "lab", arguments: ["--probe", "spectrum", "--width", "50000"],
        mentions: ["--width 50000", "probe spectrum", "the largest width that fits"]),
      BadInvocation(
        tool: "lab", arguments: ["--probe", "saturation", "--width", "100000"],
        mentions: ["--width 100000", "probe saturation", "the largest width that fits"]),
      BadInvocation(
        tool: "lab", arguments: ["--norm", "batch", "--width", "20000"], mentions: ["--width 20000", "largest width"]),
      BadInvocation(
        tool: "lab", arguments: ["--init", "lsuv", "--width", "40000", "--depth", "10", "--batch", "2"],
        mentions: ["--width 40000", "largest width"]),
      BadInvocation(
        tool: "fixed-point", arguments: ["--width", "100000"], mentions: ["--width 100000", "the largest width"]),
      BadInvocation(
        tool: "isometry", arguments: ["--batch", "100000000"],
        mentions: ["--width 64", "batch 100000000", "no width fits"]),
      BadInvocation(
        tool: "training-diagnostics", arguments: ["--width", "100000"], mentions: ["--width 100000", "memory"]),
      BadInvocation(
        tool: "three-ways", arguments: ["--widths", "100000", "--depths", "64"],
        mentions: ["--widths 100000 (depth 64)", "memory", "the largest width that fits"]),
      // Sizes whose arithmetic would overflow an Int are refused the same way, not trapped.
      BadInvocation(
        tool: "three-ways", arguments: ["--widths", "382626098"], mentions: ["--widths 382626098", "largest width"]),
      BadInvocation(
        tool: "three-ways", arguments: ["--depths", "140189871669122"],
        mentions: ["depth 140189871669122", "no width fits"]),
      BadInvocation(
        tool: "normalization", arguments: ["--width", "4611686018427387904"],
        mentions: ["--width 4611686018427387904", "more than", "largest width"]),
      BadInvocation(
        tool: "lab", arguments: ["--probe", "saturation", "--depth", "9223372036854775807"],
        mentions: ["more bytes than can be counted", "no width fits"]),
    ])
  func refused(_ bad: BadInvocation) throws {
    try ExampleCommandLineTests().badArgument(bad)
  }
}
