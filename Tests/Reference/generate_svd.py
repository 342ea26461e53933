"""Singular values of assorted matrices: NumPy's (LAPACK, float64) and the exact ones
of the float64 matrix (mpmath, rounded once).

Produces ``Tests/LabTests/Fixtures/svd.json``, read by the lab tests. Format
(non-finite floats are the strings "inf", "-inf", "nan"; see fixturejson.py):

{"tool": str, "description": str,
 "cases": [{"name": str, "rows": int, "cols": int,
            "matrix": [[float]],               # row-major: rows lists of cols entries
            "numpy": [float],                  # min(rows, cols) values, descending
            "exact": [float],                  # same length, descending
            "rank": int,                       # exact rank of the float64 matrix
            "condition": float | "inf",        # exact σ_max / σ_min
            "condition_numpy": float | "inf"}],
 "formula_cases": [{"name": str, "rows": int, "cols": int,
            "formula": str,                    # a[i][j] for 0-based i < rows, j < cols
            "numpy", "exact", "rank", "condition", "condition_numpy"}]}   # as above

numpy is ``np.linalg.svd(A, compute_uv=False)``. exact is ``mpmath.svd_r`` of the
float64 entries taken exactly, at mp.dps = 40, sorted descending and rounded once to
the nearest float64, and recomputed at mp.dps = 60, which must round identically.
Singular values that are exactly 0 (the matrix is exactly rank-deficient: the zero
matrix, the integer formula matrices) come out of the iteration as noise of order
10^-40·σ_max; values below 10^-30·σ_max are set to 0.0, and their count must equal
min(rows, cols) - rank, with the rank computed exactly (fraction-free Bareiss
elimination on the entries scaled to integers). "condition" is σ_max / σ_min of the
unrounded exact values, rounded once, or "inf" when σ_min = 0 (the zero matrix too).

The "low rank" cases are float64 products of Gaussian factors (10×3 · 3×10 and
12×5 · 5×8): rounding the products makes them full rank, with the small singular
values of order 1e-16·σ_max, and the exact values are those of the rounded matrix.
Likewise the badly conditioned cases Q1·diag(σ)·Q2ᵀ are computed in float64 from random
orthogonal Q1, Q2 (QR of Gaussians), so their true singular values are mpmath's of the
rounded matrix, not σ; the same for 2·Q and for the two clusters.

Formula cases are not stored entry by entry: a[i][j] = ((37·i + 91·j + 5) mod 23) - 11,
small integers the Swift side rebuilds exactly. Their rows (and columns) repeat with
period 23, so the rank is at most 23.

Tool: numpy 2.4.6, mpmath 1.3.0, Python 3.11. Deterministic: numpy.random.default_rng(seed).
Run:  python3 Tests/Reference/generate_svd.py   (from the package root, with the
      packages of Tests/Reference/requirements.txt installed)
"""

import math
import time
from fractions import Fraction

import mpmath
import numpy as np
from mpmath import mp

from fixturejson import to_f64, ulps, write

SEED = 20241107
DPS = 40
CHECK_DPS = 60
ZERO = mpmath.mpf(10) ** -30
FORMULA = "((i*37 + j*91 + 5) % 23) - 11"


def formula_matrix(rows, cols):
    return [[float(((i * 37 + j * 91 + 5) % 23) - 11) for j in range(cols)] for i in range(rows)]


def orthogonal(rng, n):
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))


def exact_rank(A):
    """Rank of the float64 matrix A, exactly: scale to integers, Bareiss elimination."""
    fr = [[Fraction(v) for v in row] for row in A]
    den = math.lcm(*(v.denominator for row in fr for v in row))
    M = [[int(v * den) for v in row] for row in fr]
    rows, cols = len(M), len(M[0])
    rank, prev, r = 0, 1, 0
    for c in range(cols):
        pivot = next((i for i in range(r, rows) if M[i][c] != 0), None)
        if pivot is None:
            continue
        M[r], M[pivot] = M[pivot], M[r]
        for i in range(r + 1, rows):
            M[i] = [(M[r][c] * M[i][k] - M[i][c] * M[r][k]) // prev for k in range(cols)]
        prev = M[r][c]
        r += 1
        rank += 1
        if r == rows:
            break
    return rank


def mp_singular_values(A, dps):
    """Unrounded singular values (mpf, descending) at the given precision; noise below
    1e-30·σ_max becomes exactly 0."""
    with mp.workdps(dps):
        s = mpmath.svd_r(mpmath.matrix(A), compute_uv=False)
        s = sorted((abs(s[i]) for i in range(len(s))), reverse=True)
        top = s[0]
        return [mpmath.mpf(0) if v <= ZERO * top else +v for v in s]


def condition(values):
    top, low = values[0], values[-1]
    if low == 0:
        return float("inf")
    with mp.workdps(DPS):
        return to_f64(mpmath.mpf(top) / low) if isinstance(top, mpmath.mpf) else top / low


def analyse(A, name):
    rows, cols = len(A), len(A[0])
    t0 = time.time()
    numpy = np.linalg.svd(np.array(A), compute_uv=False).tolist()
    exact_mp = mp_singular_values(A, DPS)
    exact = [to_f64(v) for v in exact_mp]
    check = [to_f64(v) for v in mp_singular_values(A, CHECK_DPS)]
    assert all(ulps(a, b) == 0 for a, b in zip(exact, check)), (name, exact, check)
    rank = exact_rank(A)
    zeros = sum(1 for v in exact if v == 0)
    assert zeros == min(rows, cols) - rank, (name, zeros, rank)
    out = {"rows": rows, "cols": cols, "numpy": numpy, "exact": exact, "rank": rank,
           "condition": condition(exact_mp),
           "condition_numpy": float("inf") if numpy[-1] == 0 else numpy[0] / numpy[-1]}
    worst = max((abs(a - b) / exact[0] if exact[0] else abs(a - b)) for a, b in zip(numpy, exact))
    print(f"  {name:28} {rows}x{cols} rank {rank:3}  numpy-exact max |Δ|/σmax {worst:.2e}"
          f"  ({time.time() - t0:.1f}s)")
    return out


def cases(rng):
    g = rng.standard_normal
    out = [
        ("scalar-1x1", [[-3.5]]),
        ("zero-3x3", [[0.0] * 3 for _ in range(3)]),
        ("identity-4x4", np.eye(4).tolist()),
    ]
    for r, c in [(2, 2), (3, 5), (5, 3), (8, 8), (16, 16), (32, 32), (48, 48)]:
        out.append((f"gaussian-{r}x{c}", g((r, c)).tolist()))
    out.append(("rank3-10x10", (g((10, 3)) @ g((3, 10))).tolist()))
    out.append(("rank5-12x8", (g((12, 5)) @ g((5, 8))).tolist()))
    s = np.logspace(0, -12, 20)
    out.append(("logspace-1e-12-20x20", (orthogonal(rng, 20) @ np.diag(s) @ orthogonal(rng, 20).T).tolist()))
    s = np.logspace(0, -8, 30)
    out.append(("logspace-1e-8-30x30", (orthogonal(rng, 30) @ np.diag(s) @ orthogonal(rng, 30).T).tolist()))
    out.append(("twice-orthogonal-10x10", (2 * orthogonal(rng, 10)).tolist()))
    s = np.array([4 + 1e-9, 4.0, 4 - 1e-9, 1 + 2e-9, 1 + 1e-9, 1.0])
    out.append(("two-clusters-6x6", (orthogonal(rng, 6) @ np.diag(s) @ orthogonal(rng, 6).T).tolist()))
    return out


def main():
    rng = np.random.default_rng(SEED)
    stored = []
    for name, A in cases(rng):
        c = analyse(A, name)
        stored.append({"name": name, "rows": c.pop("rows"), "cols": c.pop("cols"), "matrix": A, **c})
    formula = []
    for rows, cols in [(128, 128), (100, 60)]:
        name = f"formula-{rows}x{cols}"
        c = analyse(formula_matrix(rows, cols), name)
        formula.append({"name": name, "rows": c.pop("rows"), "cols": c.pop("cols"), "formula": FORMULA, **c})
    data = {
        "tool": f"numpy {np.__version__} (np.linalg.svd); mpmath {mpmath.__version__} "
                f"(svd_r at mp.dps = {DPS}, checked at {CHECK_DPS})",
        "description": "Singular values, descending, from numpy and exact (mpmath SVD of the "
                       "float64 entries, rounded once; exact zeros where the matrix is exactly "
                       "rank-deficient). Matrices are row-major lists of rows; formula cases "
                       "give a[i][j] as a formula in the 0-based i, j (all terms are "
                       "nonnegative before the mod). condition = sigma_max / sigma_min of the "
                       "exact values, inf when sigma_min = 0. See generate_svd.py.",
        "cases": stored,
        "formula_cases": formula,
    }
    path = write("LabTests/Fixtures/svd.json", data)
    print(f"{path}: {len(stored)} cases, {len(formula)} formula cases")


if __name__ == "__main__":
    main()
