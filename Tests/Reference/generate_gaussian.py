"""Gaussian expectations of activations, computed with mpmath at 50 significant digits.

Produces ``Tests/LabTests/Fixtures/gaussian_expectations.json``: for every
activation φ and variance q, with z ~ N(0, 1),

    mean        = E[φ(√q·z)]
    second      = E[φ(√q·z)²]
    derivSecond = E[φ'(√q·z)²]

These are the quantities of mean-field signal propagation (the length map q → E[φ²]
and the slope χ = σ_w²·E[φ'²]); TheoryTests.swift checks our quadrature against them.
Each integral is ``mpmath.quad`` over (-inf, 0] and [0, inf) separately, so the kink
at 0 of relu, leaky_relu, elu, selu and softsign sits on an endpoint. For the
piecewise activations φ' is the one-sided derivative on each side (the kink has
measure 0). Values are rounded from 50 digits to the nearest float64.

Tool: mpmath 1.3.0 (mp.dps = 50), Python 3.11.
Run:  python3 Tests/Reference/generate_gaussian.py   (from the package root, with the
      packages of Tests/Reference/requirements.txt installed)
"""

import json
import os

import mpmath
from mpmath import mp, mpf

mp.dps = 50

SELU_ALPHA = mpf("1.6732632423543772848170429916717")
SELU_SCALE = mpf("1.0507009873554804934193349852946")


def sigmoid(x):
    return 1 / (1 + mpmath.exp(-x))


def Phi(x):
    return (1 + mpmath.erf(x / mpmath.sqrt(2))) / 2


def phi_density(x):
    return mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi)


def leaky(slope):
    slope = mpf(slope)
    return (lambda x: x if x > 0 else slope * x), (lambda x: mpf(1) if x > 0 else slope)


def elu(alpha):
    alpha = mpf(alpha)
    return (lambda x: x if x > 0 else alpha * mpmath.expm1(x)), (lambda x: mpf(1) if x > 0 else alpha * mpmath.exp(x))


# name (as parsed by Activation(name:)) -> (φ, φ')
ACTIVATIONS = {
    "identity": (lambda x: x, lambda x: mpf(1)),
    "tanh": (mpmath.tanh, lambda x: 1 - mpmath.tanh(x) ** 2),
    "sigmoid": (sigmoid, lambda x: sigmoid(x) * (1 - sigmoid(x))),
    "relu": (lambda x: x if x > 0 else mpf(0), lambda x: mpf(1) if x > 0 else mpf(0)),
    "leaky_relu:0.2": leaky("0.2"),
    "leaky_relu:0.01": leaky("0.01"),
    "elu:1": elu("1"),
    "elu:0.5": elu("0.5"),
    "selu": (
        lambda x: SELU_SCALE * (x if x > 0 else SELU_ALPHA * mpmath.expm1(x)),
        lambda x: SELU_SCALE * (mpf(1) if x > 0 else SELU_ALPHA * mpmath.exp(x)),
    ),
    "gelu": (lambda x: x * Phi(x), lambda x: Phi(x) + x * phi_density(x)),
    "silu": (lambda x: x * sigmoid(x), lambda x: sigmoid(x) * (1 + x * (1 - sigmoid(x)))),
    "softsign": (lambda x: x / (1 + abs(x)), lambda x: 1 / (1 + abs(x)) ** 2),
    "softplus": (lambda x: mpmath.log1p(mpmath.exp(x)), sigmoid),
}

QS = [0.01, 0.1, 0.5, 1, 2, 4, 10, 25]


def expectation(g, q):
    """E[g(√q·z)] for z ~ N(0, 1), split at 0 so kinks are endpoints."""
    s = mpmath.sqrt(mpf(q))
    integrand = lambda z: g(s * z) * mpmath.exp(-z * z / 2)
    return mpmath.quad(integrand, [-mpmath.inf, 0, mpmath.inf]) / mpmath.sqrt(2 * mpmath.pi)


def main():
    cases = []
    for name, (f, df) in ACTIVATIONS.items():
        for q in QS:
            cases.append(
                {
                    "activation": name,
                    "q": float(q),
                    "mean": float(expectation(f, q)),
                    "second": float(expectation(lambda x: f(x) ** 2, q)),
                    "derivSecond": float(expectation(lambda x: df(x) ** 2, q)),
                }
            )
    out = {"tool": f"mpmath {mpmath.__version__}, {mp.dps} digits", "cases": cases}
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "LabTests", "Fixtures", "gaussian_expectations.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
