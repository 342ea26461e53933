import Testing

/// Each option accepts what its example can run, in minutes, and says why not otherwise: the smallest value that
/// gives a meaningful number, and the largest count that ends in minutes rather than days.
@Suite("Examples: counts past what runs in minutes, and values that give no number, are refused before any work")
struct ExampleLimitsTests {
  typealias BadInvocation = ExampleCommandLineTests.BadInvocation

  @Test(
    "one line with the limit and its reason, exit status 2",
    arguments: [
      BadInvocation(
        tool: "fixed-point", arguments: ["--seeds", "101"], mentions: ["--seeds", "at most 100", "'101'"]),
      BadInvocation(tool: "width-sweep", arguments: ["--seeds", "101"], mentions: ["--seeds", "at most 100"]),
      BadInvocation(tool: "isometry", arguments: ["--samples", "101"], mentions: ["--samples", "at most 100"]),
      BadInvocation(tool: "isometry", arguments: ["--steps", "10001"], mentions: ["--steps", "at most 10000"]),
      BadInvocation(
        tool: "training-diagnostics", arguments: ["--steps", "10001"], mentions: ["--steps", "at most 10000"]),
      BadInvocation(
        tool: "training-diagnostics", arguments: ["--learning-rate", "11"],
        mentions: ["--learning-rate", "from 1e-6 to 10", "'11'"]),
      BadInvocation(
        tool: "training-diagnostics", arguments: ["--learning-rate", "5e-324"], mentions: ["from 1e-6 to 10"]),
      BadInvocation(tool: "gain-sweep", arguments: ["--batch", "1"], mentions: ["--batch", "at least 2", "std"]),
      BadInvocation(
        tool: "normalization", arguments: ["--width", "1"], mentions: ["--width", "at least 2", "LayerNorm"]),
    ])
  func refused(_ bad: BadInvocation) throws {
    try ExampleCommandLineTests().badArgument(bad)
  }
}
