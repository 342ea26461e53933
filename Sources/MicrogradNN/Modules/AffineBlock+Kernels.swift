// The three matrix loops of `AffineBlock`, tuned for speed and kept apart so that
// AffineBlock.swift reads as what it computes. Each loop takes four neurons (or four samples)
// at a time, so the processor has four independent sums in flight instead of waiting on one,
// and streams the big matrix a quarter as often. Every single number is still summed in the
// order of the per-sample graph, one rounded multiply and one rounded add at a time, so the
// results are the same to the last bit (AffineBatchTests compares them).

import MicrogradSupport

extension AffineBlock {
  /// u[s][j] = b[j] + Σᵢ w[j][i]·x[s][i], i ascending: what `Value.affine` computes for one
  /// sample, operation for operation. Four samples share a `SIMD4` (one per lane; a lane does
  /// exactly the scalar loop's multiplies and adds), and four neurons are summed side by side.
  static func preActivations(w: [Double], b: [Double]?, x: [Double], samples: Int, neurons: Int) -> [Double] {
    let (B, N) = (samples, neurons)
    let n = w.count / N
    var out = [Double](repeating: 0, count: B * N)
    let quads = B / 4
    // The inputs of four samples side by side: xq[q·n + i] = (x[4q][i], …, x[4q+3][i]).
    var xq = [SIMD4<Double>](repeating: .zero, count: quads * n)
    for q in 0..<quads {
      for i in 0..<n {
        xq[q * n + i] = SIMD4(x[4 * q * n + i], x[(4 * q + 1) * n + i], x[(4 * q + 2) * n + i], x[(4 * q + 3) * n + i])
      }
    }
    let start = { (j: Int) in SIMD4(repeating: b?[j] ?? 0) }
    w.withUnsafeBufferPointer { w in
      x.withUnsafeBufferPointer { x in
        xq.withUnsafeBufferPointer { xq in
          out.withUnsafeMutableBufferPointer { out in
            // Four neurons at a time, then the last N % 4 one at a time; the processors take
            // a share of the neurons each.
            let blocks = N / 4
            splitAcrossProcessors(blocks + N % 4, work: B * N * n) { units in
              for unit in units {
                if unit < blocks {
                  let j = 4 * unit
                  let (w0, w1, w2, w3) = (
                    w.baseAddress! + j * n, w.baseAddress! + (j + 1) * n, w.baseAddress! + (j + 2) * n,
                    w.baseAddress! + (j + 3) * n
                  )
                  for q in 0..<quads {
                    var (t0, t1, t2, t3) = (start(j), start(j + 1), start(j + 2), start(j + 3))
                    let xs = xq.baseAddress! + q * n
                    for i in 0..<n {
                      let xi = xs[i]
                      t0 = t0 + SIMD4(repeating: w0[i]) * xi
                      t1 = t1 + SIMD4(repeating: w1[i]) * xi
                      t2 = t2 + SIMD4(repeating: w2[i]) * xi
                      t3 = t3 + SIMD4(repeating: w3[i]) * xi
                    }
                    for lane in 0..<4 {
                      let row = (4 * q + lane) * N + j
                      (out[row], out[row + 1], out[row + 2], out[row + 3]) = (t0[lane], t1[lane], t2[lane], t3[lane])
                    }
                  }
                } else {
                  let j = 4 * blocks + (unit - blocks)
                  let wj = w.baseAddress! + j * n
                  for q in 0..<quads {
                    var total = start(j)
                    let xs = xq.baseAddress! + q * n
                    for i in 0..<n { total = total + SIMD4(repeating: wj[i]) * xs[i] }
                    for lane in 0..<4 { out[(4 * q + lane) * N + j] = total[lane] }
                  }
                }
              }
            }
            for s in (4 * quads)..<B {  // the last samples, one at a time
              for j in 0..<N {
                var total = b?[j] ?? 0
                for i in 0..<n { total += w[j * n + i] * x[s * n + i] }
                out[s * N + j] = total
              }
            }
          }
        }
      }
    }
    return out
  }

  /// gx[s][i] += Σⱼ w[j][i]·g[s][j], j ascending (the order in which the per-sample graph's
  /// `affine` nodes hand their shares to an input), four neurons at a time.
  static func addInputGradients(_ gx: inout [Double], w: [Double], g: [Double], samples B: Int, neurons N: Int) {
    let n = w.count / N
    g.withUnsafeBufferPointer { g in
      w.withUnsafeBufferPointer { w in
        gx.withUnsafeMutableBufferPointer { gx in
          let (w, gx) = (w.baseAddress!, gx.baseAddress!)
          // The processors take a share of the samples (rows of gx) each.
          splitAcrossProcessors(B, work: B * N * n) { samples in
            var j = 0
            while j + 4 <= N {
              for s in samples {
                let k = s * N + j
                addProducts(
                  into: gx + s * n, w + j * n, w + (j + 1) * n, w + (j + 2) * n, w + (j + 3) * n,
                  times: (g[k], g[k + 1], g[k + 2], g[k + 3]), count: n)
              }
              j += 4
            }
            while j < N {
              for s in samples { addProduct(into: gx + s * n, w + j * n, times: g[s * N + j], count: n) }
              j += 1
            }
          }
        }
      }
    }
  }

  /// gw[j][i] += Σₛ x[s][i]·g[s][j] and gb[j] += Σₛ g[s][j], s ascending (the order in which the
  /// samples' nodes hand their shares to a parameter), four samples at a time. A neuron's row
  /// in `gw` is its n weights, then its bias when `stride` is n + 1.
  static func addParameterGradients(
    _ gw: inout [Double], x: [Double], g: [Double], samples B: Int, neurons N: Int, stride: Int
  ) {
    let n = x.count / B
    g.withUnsafeBufferPointer { g in
      x.withUnsafeBufferPointer { x in
        gw.withUnsafeMutableBufferPointer { gw in
          let (x, gw) = (x.baseAddress!, gw.baseAddress!)
          // The processors take a share of the neurons (rows of gw) each.
          splitAcrossProcessors(N, work: B * N * n) { neurons in
            for j in neurons {
              let row = gw + j * stride
              var s = 0
              while s + 4 <= B {
                let shares = (g[s * N + j], g[(s + 1) * N + j], g[(s + 2) * N + j], g[(s + 3) * N + j])
                addProducts(
                  into: row, x + s * n, x + (s + 1) * n, x + (s + 2) * n, x + (s + 3) * n, times: shares, count: n)
                if stride > n {
                  row[n] += shares.0
                  row[n] += shares.1
                  row[n] += shares.2
                  row[n] += shares.3
                }
                s += 4
              }
              while s < B {
                addProduct(into: row, x + s * n, times: g[s * N + j], count: n)
                if stride > n { row[n] += g[s * N + j] }
                s += 1
              }
            }
          }
        }
      }
    }
  }
}

/// y[i] += x[i]·a for i in 0..<count: a multiply and an add per element, each rounded, as the
/// scalar loop would do them (four elements at a time in a `SIMD4`, lane by lane).
@inline(__always)
private func addProduct(into y: UnsafeMutablePointer<Double>, _ x: UnsafePointer<Double>, times a: Double, count: Int) {
  let quads = count / 4
  let factor = SIMD4(repeating: a)
  for q in 0..<quads {
    let yq = UnsafeMutableRawPointer(y + 4 * q), xq = UnsafeRawPointer(x + 4 * q)
    yq.storeBytes(
      of: yq.loadUnaligned(as: SIMD4<Double>.self) + xq.loadUnaligned(as: SIMD4<Double>.self) * factor,
      as: SIMD4<Double>.self)
  }
  for i in (4 * quads)..<count { y[i] += x[i] * a }
}

/// Four `addProduct`s in a row, x0 first: y[i] = (((y[i] + x0[i]·a.0) + x1[i]·a.1) + x2[i]·a.2) + x3[i]·a.3,
/// with y read and written once instead of four times.
@inline(__always)
private func addProducts(
  into y: UnsafeMutablePointer<Double>, _ x0: UnsafePointer<Double>, _ x1: UnsafePointer<Double>,
  _ x2: UnsafePointer<Double>, _ x3: UnsafePointer<Double>, times a: (Double, Double, Double, Double), count: Int
) {
  let quads = count / 4
  let (f0, f1, f2, f3) = (SIMD4(repeating: a.0), SIMD4(repeating: a.1), SIMD4(repeating: a.2), SIMD4(repeating: a.3))
  for q in 0..<quads {
    let yq = UnsafeMutableRawPointer(y + 4 * q)
    var v = yq.loadUnaligned(as: SIMD4<Double>.self)
    v = v + UnsafeRawPointer(x0 + 4 * q).loadUnaligned(as: SIMD4<Double>.self) * f0
    v = v + UnsafeRawPointer(x1 + 4 * q).loadUnaligned(as: SIMD4<Double>.self) * f1
    v = v + UnsafeRawPointer(x2 + 4 * q).loadUnaligned(as: SIMD4<Double>.self) * f2
    v = v + UnsafeRawPointer(x3 + 4 * q).loadUnaligned(as: SIMD4<Double>.self) * f3
    yq.storeBytes(of: v, as: SIMD4<Double>.self)
  }
  for i in (4 * quads)..<count {
    var v = y[i]
    v += x0[i] * a.0
    v += x1[i] * a.1
    v += x2[i] * a.2
    v += x3[i] * a.3
    y[i] = v
  }
}
