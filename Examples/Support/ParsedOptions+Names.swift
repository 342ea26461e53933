// Options whose value is a name: one of a list, or a name a library type parses (an activation, an initializer).

extension ParsedOptions {
  /// One of `choices`, or `defaultValue`; a name matches in any case and with or without
  /// underscores and hyphens, as activations and initializers do (`Batch`, `re_zero`), and the choice is
  /// returned as spelled in `choices`. Anything else is a usage error that lists them.
  package func choice(_ name: String, from choices: [String], default defaultValue: String, kind: String) -> String {
    guard let text = values[name] else { return defaultValue }
    func key(_ s: String) -> String { s.lowercased().filter { $0 != "_" && $0 != "-" } }
    guard let match = choices.first(where: { key($0) == key(text) }) else {
      options.usageError("unknown \(kind) '\(text)'; valid \(kind)s: \(choices.joined(separator: ", "))")
    }
    return match
  }

  /// The option's value turned into a `T` by `make` (nil: invalid), or `defaultValue`; an
  /// invalid value is a usage error that lists `validNames`.
  package func named<T>(
    _ name: String, default defaultValue: T, kind: String, validNames: [String], _ make: (String) -> T?
  ) -> T {
    guard let text = values[name] else { return defaultValue }
    guard let value = make(text) else {
      options.usageError("unknown \(kind) '\(text)'; valid \(kind)s: \(validNames.joined(separator: ", "))")
    }
    return value
  }
}
