import TestSupport
import Testing
import MicrogradEngine

/// Code from micrograd's README and lecture, in Swift: `**`, `pow`, integers next to values,
/// `detach`.
@Suite("micrograd's spellings work")
struct MicrogradSpellingTests {
  @Test("** binds tighter than * and +, as in Python")
  func exponentiation() {
    let x = Value(2.0)
    #expect((2 * x ** 3).data == 16)  // 2 · (x³), not (2x)³
    #expect((x ** 2 + 1).data == 5)
    #expect(pow(x, 3).data == 8)
    #expect(x.pow(3).data == 8)
  }

  @Test("-x ** 2 is (−x)², unlike Python: Swift's prefix minus binds tightest")
  func prefixMinus() {
    let x = Value(3.0)
    #expect((-x ** 2).data == 9)
    #expect((-(x ** 2)).data == -9)
  }

  @Test("integer variables mix with values on either side", arguments: [-2, 0, 3])
  func integers(n: Int) {
    let x = Value(1.5)
    #expect((x * n).data == 1.5 * Double(n))
    #expect((n * x).data == Double(n) * 1.5)
    #expect((x + n).data == 1.5 + Double(n))
    #expect((n - x).data == Double(n) - 1.5)
    let divisor: Int = n == 0 ? 1 : n
    #expect((x / divisor).data == 1.5 / Double(divisor))
    #expect((x ** n).data == Math.power(1.5, Double(n)))
    let y = x * n + n * x  // gradient 2n, through both
    y.backward()
    #expect(x.grad == 2 * Double(n))
  }

  @Test("plain number arithmetic is untouched by the Value operators")
  func numbers() {
    let gain = 5.0 / 3
    let k = 1 / gain.squareRoot()
    #expect(gain == 5.0 / 3.0)
    #expect(k == 1 / (5.0 / 3.0).squareRoot())
  }

  @Test("detached() copies the data and stops the gradient")
  func detached() {
    let x = Value(3.0)
    let y = x * x
    let z = y.detached() * x  // x only through the second factor
    z.backward()
    #expect(z.data == 27)
    #expect(x.grad == 9)
    #expect(y.detached().isLeaf)
  }

  @Test("0 ** 0 is 1 with gradient 0, as in PyTorch (not NaN)")
  func zeroToTheZero() {
    let x = Value(0.0)
    let y = x ** 0
    y.backward()
    #expect(y.data == 1)
    #expect(x.grad == 0)
  }

  @Test("logSigmoid is stable where sigmoid().log() is not: −1000 and gradient 1 at x = −1000")
  func logSigmoid() {
    let x = Value(-1000.0)
    let y = x.logSigmoid()
    y.backward()
    #expect(y.data == -1000)
    #expect(x.grad == 1)
    let naive = Value(-1000.0).sigmoid().log()
    #expect(naive.data == -.infinity)
  }
}
