import Micrograd

extension Notebook {
  /// Adds prose only when there is some: a sentence that only some runs have (a note on the run's size,
  /// an explosion to report), written as one statement that builds the page, so the code cell shows no
  /// empty `if` around it.
  ///
  /// ```swift
  /// notebook.prose(result.explodedAtLayer.map { "The signal explodes at layer \($0)." })
  /// ```
  package mutating func prose(_ text: String?) {
    if let text { prose(text) }
  }
}
