"""The correlation map's fixed point c* and its slope chi_c in the chaotic phase, by SciPy.

Produces ``Tests/LabTests/Fixtures/correlation.json``, read by the theory tests: for a few
(activation, gain) pairs with chi_1 > 1 (no bias), the length map's fixed point q*, the
correlation fixed point c* < 1 and chi_c = sigma_w^2 E[phi'(u1) phi'(u2)] there (Schoenholz,
Gilmer, Ganguli & Sohl-Dickstein 2017, "Deep Information Propagation", eqs. 5 and 9), with
u1 = sqrt(q*) z1, u2 = sqrt(q*) (c z1 + sqrt(1 - c^2) z2).

Method (independent of the Swift code): q* by iterating the length map with
scipy.integrate.quad; c* by Brent's method on c - map(c) over (-0.5, 1 - 1e-6); every
two-dimensional Gaussian expectation by nested scipy.integrate.quad over z1, z2 in [-12, 12],
split where u1 = 0 and where u2 = 0, with absolute and relative tolerance 1e-13. Values agree with a second evaluation at
tolerance 1e-11 to better than 1e-9, and the tests ask 1e-8.

Run:  python3 Tests/Reference/generate_correlation.py   (numpy and scipy installed)
"""

import json
import math
import os

import numpy as np
import scipy
from scipy import integrate, optimize

ACTIVATIONS = {
    "tanh": (np.tanh, lambda x: 1 - np.tanh(x) ** 2),
    "softsign": (lambda x: x / (1 + abs(x)), lambda x: 1 / (1 + abs(x)) ** 2),
    "selu": (
        lambda x: 1.0507009873554805 * (x if x > 0 else 1.6732632423543772 * math.expm1(x)),
        lambda x: 1.0507009873554805 * (1 if x > 0 else 1.6732632423543772 * math.exp(x)),
    ),
}
CASES = [("tanh", 5 / 3), ("tanh", 2.0), ("tanh", 1.3), ("softsign", 2.5), ("selu", 1.2)]
PHI = lambda z: math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)


def expectation1(f, q, tol):
    s = math.sqrt(q)
    return integrate.quad(lambda z: f(s * z) * PHI(z), -12, 12, epsabs=tol, epsrel=tol, limit=400, points=[0])[0]


def expectation2(f, c, q, tol):
    """Nested quad, split where u1 = 0 and where u2 = 0 (the kinks of relu-like and selu-like phi)."""
    s, t = math.sqrt(q), math.sqrt(max(0.0, 1 - c * c))

    def inner(z1):
        kink = -c * z1 / t if t > 0 else 0.0
        g = lambda z2: f(s * z1, s * (c * z1 + t * z2)) * PHI(z2)
        return integrate.quad(g, -12, 12, epsabs=tol, epsrel=tol, limit=400, points=[min(11.9, max(-11.9, kink))])[0]

    outer = lambda z1: inner(z1) * PHI(z1)
    return sum(integrate.quad(outer, a, b, epsabs=tol, epsrel=tol, limit=400)[0] for a, b in ((-12, 0), (0, 12)))


def case(name, gain, tol):
    phi, dphi = ACTIVATIONS[name]
    w = gain * gain
    q = 1.0
    for _ in range(3000):
        nq = w * expectation1(lambda x: phi(x) ** 2, q, tol)
        if abs(nq - q) < 1e-15 * q:
            break
        q = nq
    corr = lambda c: w * expectation2(lambda a, b: phi(a) * phi(b), c, q, tol) / q
    c = optimize.brentq(lambda c: corr(c) - c, -0.5, 1 - 1e-6, xtol=1e-14)
    chi1 = w * expectation1(lambda x: dphi(x) ** 2, q, tol)
    chic = w * expectation2(lambda a, b: dphi(a) * dphi(b), c, q, tol)
    return {"activation": name, "gain": gain, "q": q, "chi1": chi1, "c": c, "chiC": chic}


def main():
    cases = []
    for name, gain in CASES:
        fine, coarse = case(name, gain, 1e-13), case(name, gain, 1e-11)
        for key in ("q", "c", "chiC"):
            assert abs(fine[key] - coarse[key]) <= 1e-9 * max(abs(fine[key]), 1e-3), (name, gain, key, fine[key], coarse[key])
        cases.append(fine)
        print(fine)
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "LabTests", "Fixtures", "correlation.json")
    with open(path, "w") as f:
        json.dump(
            {"tool": f"scipy {scipy.__version__}, numpy {np.__version__}", "description": __doc__.strip().split("\n")[0],
             "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
