// A graph built at run time from what the user typed: `--expression "tanh(x*y + 1) * x"` is parsed into a
// little program, which the tape records as it runs, the compiler differentiates through its interpreter
// (`run` below, in this file, so the compiler may look inside it), and finite differences simply evaluate.
import Micrograd

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif
#if canImport(_Differentiation)
  import _Differentiation
#endif

/// One step of a program: an input, a constant, or an op on earlier steps (by index).
enum Instruction {
  case x, y
  case constant(Double)
  case add(Int, Int), subtract(Int, Int), multiply(Int, Int), divide(Int, Int)
  case negate(Int), power(Int, Double)
  case function(String, Int)
}

/// The functions an expression may call.
let expressionFunctions = ["tanh", "exp", "log", "sqrt", "relu", "sigmoid"]

/// An expression in x and y: numbers, + - * / (usual precedence), ^ with a constant exponent, unary minus,
/// parentheses, and the functions of `expressionFunctions`. A mistake is reported as one line.
struct ExpressionParser {
  struct Failure: Error { var message: String }

  private let characters: [Character]
  private var position = 0
  private var depth = 0  // nesting of parentheses, calls and minus signs: bounded, so no input overflows the stack
  private(set) var program: [Instruction] = []

  /// Parses `text` into `program`, whose last step is the expression's value.
  init(_ text: String) throws(Failure) {
    characters = Array(text)
    _ = try sum()
    skipSpaces()
    guard position == characters.count else { throw failure("unexpected '\(characters[position])'") }
  }

  private func failure(_ message: String) -> Failure {
    Failure(message: message + (position < characters.count ? " at position \(position + 1)" : " at the end"))
  }
  private mutating func skipSpaces() {
    while position < characters.count, characters[position] == " " { position += 1 }
  }
  private mutating func emit(_ step: Instruction) -> Int {
    program.append(step)
    return program.count - 1
  }
  private mutating func next(_ c: Character) -> Bool {
    skipSpaces()
    guard position < characters.count, characters[position] == c else { return false }
    position += 1
    return true
  }

  private mutating func sum() throws(Failure) -> Int {
    var left = try product()
    while true {
      if next("+") {
        left = emit(.add(left, try product()))
      } else if next("-") {
        left = emit(.subtract(left, try product()))
      } else {
        return left
      }
    }
  }

  private mutating func product() throws(Failure) -> Int {
    var left = try power()
    while true {
      if next("*") {
        left = emit(.multiply(left, try power()))
      } else if next("/") {
        left = emit(.divide(left, try power()))
      } else {
        return left
      }
    }
  }

  private mutating func power() throws(Failure) -> Int {
    depth += 1
    defer { depth -= 1 }
    guard depth <= 200 else { throw failure("nested more than 200 deep") }
    if next("-") { return emit(.negate(try power())) }
    let base = try atom()
    guard next("^") else { return base }
    skipSpaces()
    let sign: Double = next("-") ? -1 : 1
    guard let n = number() else { throw failure("the exponent after ^ must be a number") }
    return emit(.power(base, sign * n))
  }

  private mutating func number() -> Double? {
    skipSpaces()
    let start = position
    while position < characters.count, characters[position].isNumber || characters[position] == "." { position += 1 }
    guard position > start, let value = Double(String(characters[start..<position])) else {
      position = start
      return nil
    }
    return value
  }

  private mutating func atom() throws(Failure) -> Int {
    if let value = number() { return emit(.constant(value)) }
    if next("(") {
      let inner = try sum()
      guard next(")") else { throw failure("expected ')'") }
      return inner
    }
    skipSpaces()
    let start = position
    while position < characters.count, characters[position].isLetter { position += 1 }
    let name = String(characters[start..<position])
    switch name {
    case "x": return emit(.x)
    case "y": return emit(.y)
    case _ where expressionFunctions.contains(name):
      guard next("(") else { throw failure("expected '(' after \(name)") }
      let argument = try sum()
      guard next(")") else { throw failure("expected ')'") }
      return emit(.function(name, argument))
    case "": throw failure("expected a number, x, y, a function or '('")
    default:
      position = start
      throw failure("unknown name '\(name)' (x, y, \(expressionFunctions.joined(separator: ", ")))")
    }
  }
}

/// The program recorded on our tape: one node per step.
func tape(_ program: [Instruction], x: Value, y: Value) -> Value {
  var values: [Value] = []
  for step in program {
    switch step {
    case .x: values.append(x)
    case .y: values.append(y)
    case .constant(let c): values.append(Value(c))
    case .add(let a, let b): values.append(values[a] + values[b])
    case .subtract(let a, let b): values.append(values[a] - values[b])
    case .multiply(let a, let b): values.append(values[a] * values[b])
    case .divide(let a, let b): values.append(values[a] / values[b])
    case .negate(let a): values.append(-values[a])
    case .power(let a, let n): values.append(values[a] ** n)
    case .function(let name, let a):
      let v = values[a]
      values.append(
        name == "tanh"
          ? v.tanh()
          : name == "exp"
            ? v.exp() : name == "log" ? v.log() : name == "sqrt" ? v.sqrt() : name == "relu" ? v.relu() : v.sigmoid())
    }
  }
  return values[values.count - 1]
}

/// The program run on plain numbers, xy = [x, y]: the interpreter the compiler differentiates.
func run(_ program: [Instruction], _ xy: [Double]) -> Double {
  var values: [Double] = []
  for k in 0..<program.count {
    switch program[k] {
    case .x: values.append(xy[0])
    case .y: values.append(xy[1])
    case .constant(let c): values.append(c)
    case .add(let a, let b): values.append(values[a] + values[b])
    case .subtract(let a, let b): values.append(values[a] - values[b])
    case .multiply(let a, let b): values.append(values[a] * values[b])
    case .divide(let a, let b): values.append(values[a] / values[b])
    case .negate(let a): values.append(-values[a])
    case .power(let a, let n): values.append(pow(values[a], n))
    case .function(let name, let a): values.append(apply(name, values[a]))
    }
  }
  return values[program.count - 1]
}

/// One of `expressionFunctions` on a number (sigmoid in the form that does not overflow).
func apply(_ name: String, _ u: Double) -> Double {
  switch name {
  case "tanh": return tanh(u)
  case "exp": return exp(u)
  case "log": return log(u)
  case "sqrt": return u.squareRoot()
  case "relu": return u > 0 ? u : 0
  default: return u >= 0 ? 1 / (1 + exp(-u)) : exp(u) / (1 + exp(u))
  }
}

/// The interpreter as a function of [x, y], for the compiler (converted here, where `run` is visible to it).
func interpreter(_ program: [Instruction]) -> ScalarFunction { { xy in run(program, xy) } }
