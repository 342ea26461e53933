import MicrogradSupport

/// Numbers as the tables, plots and pages write them, without Foundation.
extension Double {
  /// This number with `significant` significant digits, in plain or scientific notation as C's
  /// `%g` chooses: `0.65134.formatted(significant: 3)` is "0.651", `7812.5` gives "7.8e+03" with 2.
  public func formatted(significant: Int) -> String { MicrogradSupport.formatted(self, significant: significant) }

  /// This number with exactly `decimals` digits after the point: `24.70408.formatted(decimals: 4)` is
  /// "24.7041", `-0.5` gives "-0.5000". Not finite: "nan", "inf", "-inf".
  public func formatted(decimals: Int) -> String { MicrogradSupport.formatted(self, decimals: decimals) }
}
