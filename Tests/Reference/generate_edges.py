"""Edge cases of pow, of every unary op and of log_softmax / cross-entropy: what
PyTorch float64 does, and (for the unary ops and log_softmax) the exact answer.

Produces ``Tests/EngineTests/Fixtures/edges.json``, read by the engine tests, which
check our engine within a few ulps of "exact" everywhere and report torch alongside.

Format (non-finite floats are the strings "inf", "-inf", "nan"; see fixturejson.py):

{"tool": str, "description": str,
 "pow": [{"base", "exponent", "value", "grad"}],          torch.pow(x, e), e a Python float
 "pow_notes": str,
 "unary": [{"op": str, "x": float,
            "torch": {"value", "grad"}, "exact": {"value", "grad"}}],
 "unary_notes": str,
 "torch_vs_exact": [{"op", "x", "field", "torch", "exact", "ulps"}],   > 4 ulps apart
 "log_softmax": [{"z": [float], "w": [float],
                  "torch": {"log_softmax": [float], "grad": [float]},
                  "exact": {"log_softmax": [float], "grad": [float]},
                  "cross_entropy": [{"k": int, "torch": {"value", "grad": [float]},
                                     "exact": {"value", "grad": [float]}}]}],
 "log_softmax_notes": str}

pow: x is a float64 scalar tensor requiring grad, grad = d/dx by backward() with
upstream 1. Every base × every exponent, exactly as PyTorch returns them.

unary: "torch" is PyTorch's float64 autograd (softplus as torch.logaddexp(x, 0), not
F.softplus, which linearizes above 20; gelu in its erf form; log_sigmoid is
F.logsigmoid). "exact" is the true value of the function and of its closed-form
derivative at the float64 x, computed by mpmath at mp.dps = 50 with cancellation-free
forms (sech², log1p, expm1, erfc, ...), rounded once to the nearest float64 (overflow
rounds to ±inf, underflow to a signed zero). Every exact value is re-derived from the
naive textbook forms at mp.dps = 1000 and must round to the same float64 (±0 aside).
Constants are the decimal ones of the op names (slope 0.01 is 1/100, not the float64
0.01) and, for selu, the 32-digit α and λ. Where the real function is undefined
(log, sqrt of x < 0) exact is nan. At x = ±0: kinks use the one-sided (left, x ≤ 0)
derivative, as torch does (relu 0, leaky_relu its slope, elu α, selu λα), abs uses
sign(0) = 0; log and sqrt follow IEEE 754 for the signed zero (log(±0) = -inf,
sqrt(-0) = -0, 1/±0 = ±inf), and the sign of an exact zero value is the sign the
function takes next to 0 on that side (tanh(-0) = -0, elu(-0) = -0, relu(-0) = +0).

log_softmax: z_k - logsumexp(z) along the only axis; grad of Σ w·log_softmax(z);
cross_entropy(z, k) = -log_softmax(z)[k] (torch: F.cross_entropy on a batch of one)
and its gradient softmax(z) - e_k. Exact by mpmath: differences z_i - max taken
exactly, log(1 + Σ_{i≠argmax} e^{z_i - max}) by log1p, at mp.dps = 3000 rather than 50,
because for z = [1000, 1000, -1000] the O(1) part of a gradient entry is an exact
rounding tie that only the e^-2000 ≈ 1e-869 term breaks; "log_softmax_notes" says
which entries 50 digits would get wrong. The naive formulas (log Σ eᶻ) at 3000
digits must round the same.

Tool: torch 2.15.0 (float64, CPU), mpmath 1.3.0, Python 3.11. Deterministic: fixed
grids, no randomness.
Run:  python3 Tests/Reference/generate_edges.py   (from the package root, with the
      packages of Tests/Reference/requirements.txt installed)
"""

import math

import mpmath
import torch
from mpmath import mp, mpf

from fixturejson import to_f64, ulps, write

torch.set_default_dtype(torch.float64)
F = torch.nn.functional
mp.dps = 50

INF, NAN = math.inf, math.nan

# --------------------------------------------------------------------------- pow

POW_BASES = [0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5, 3.0, -3.0, 1e-300, 1e300, INF, -INF, NAN]
POW_EXPONENTS = [0.0, 1.0, 2.0, 3.0, -1.0, -2.0, -3.0, 0.5, -0.5, 1.5, -1.5, 1 / 3, 2.5]


def torch_pow(b, e):
    x = torch.tensor(b, requires_grad=True)
    y = torch.pow(x, e)
    y.backward()
    return y.item(), x.grad.item()


def pow_cases():
    return [
        {"base": b, "exponent": e, "value": v, "grad": g}
        for b in POW_BASES
        for e in POW_EXPONENTS
        for v, g in [torch_pow(b, e)]
    ]


def fmt(v):
    return repr(v) if not math.isnan(v) else "nan"


def pow_notes():
    p = lambda b, e: "value {}, grad {}".format(*map(fmt, torch_pow(b, e)))
    return " ".join([
        "Observed torch.pow(x, e) float64, grad by backward() with upstream 1.",
        f"0^0: {p(0.0, 0.0)}; (-0)^0: {p(-0.0, 0.0)}; x^0 for every x including inf and nan:",
        f"value 1, grad 0 (nan^0: {p(NAN, 0.0)}; inf^0: {p(INF, 0.0)}).",
        f"x^1: grad 1 for every x, even nan and inf (nan^1: {p(NAN, 1.0)}).",
        f"0^2: {p(0.0, 2.0)}; 0^3: {p(0.0, 3.0)}; (-0)^2: {p(-0.0, 2.0)} (grad = 2x keeps the sign of zero).",
        f"0^negative: 0^-1: {p(0.0, -1.0)}; (-0)^-1: {p(-0.0, -1.0)}; 0^-2: {p(0.0, -2.0)};",
        f"(-0)^-2: {p(-0.0, -2.0)}; 0^-0.5: {p(0.0, -0.5)}; (-0)^-0.5: {p(-0.0, -0.5)}.",
        f"Negative base, fractional exponent: (-2)^0.5: {p(-2.0, 0.5)}; (-2)^1.5: {p(-2.0, 1.5)};",
        f"(-2)^(1/3): {p(-2.0, 1/3)} (nan, no real cube root); integer exponents of negative bases are real",
        f"((-2)^3: {p(-2.0, 3.0)}; (-2)^-1: {p(-2.0, -1.0)}).",
        f"0^fractional positive: 0^0.5: {p(0.0, 0.5)}; 0^1.5: {p(0.0, 1.5)}; 0^2.5: {p(0.0, 2.5)};",
        f"0^(1/3): {p(0.0, 1/3)}. Signed zero: (-0)^0.5: {p(-0.0, 0.5)} (exponent 0.5 acts as sqrt: IEEE",
        "sqrt(-0) = -0, so the value is -0.0 and the grad -inf, unlike C pow(-0, 0.5) = +0);",
        f"(-0)^(1/3): {p(-0.0, 1/3)}; (-0)^1.5: {p(-0.0, 1.5)}.",
        f"Infinities: inf^-1: {p(INF, -1.0)}; (-inf)^0.5: {p(-INF, 0.5)} (sqrt semantics again: nan, where",
        f"C pow gives inf); (-inf)^-0.5: {p(-INF, -0.5)}; (-inf)^(1/3): {p(-INF, 1/3)}; (-inf)^2: {p(-INF, 2.0)}.",
        f"Underflow/overflow: (1e-300)^2: {p(1e-300, 2.0)}; (1e-300)^-1: {p(1e-300, -1.0)}",
        f"(grad -1/x^2 overflows); (1e300)^2: {p(1e300, 2.0)}.",
    ])


# --------------------------------------------------------------------------- unary

GRID = [-1000.0, -745.0, -710.0, -100.0, -50.0, -40.0, -30.0, -25.0, -20.0, -15.0, -10.0, -5.0, -2.0,
        -1.0, -0.5, -1e-3, -1e-10, -0.0, 0.0, 1e-10, 1e-3, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 25.0,
        30.0, 40.0, 50.0, 100.0, 710.0, 745.0, 1000.0]
# log and sqrt: the non-negative grid, two tiny positives (1e-300 and the smallest
# subnormal) and a few negatives (nan).
POSITIVE_GRID = [-1000.0, -1.0, -1e-10, -0.0, 0.0, 5e-324, 1e-300] + [x for x in GRID if x > 0]

SELU_ALPHA = mpf("1.6732632423543772848170429916717")
SELU_SCALE = mpf("1.0507009873554804934193349852946")

OPS = ["exp", "log", "sqrt", "abs", "neg", "tanh", "relu", "sigmoid", "leaky_relu:0.01",
       "leaky_relu:0.2", "elu:1", "elu:0.5", "selu", "gelu", "silu", "softsign", "softplus",
       "log_sigmoid"]


def param(op):
    return op.split(":")[1] if ":" in op else None


def torch_fn(op):
    kind, c = op.split(":")[0], param(op)
    return {
        "exp": torch.exp,
        "log": torch.log,
        "sqrt": torch.sqrt,
        "abs": torch.abs,
        "neg": torch.neg,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "sigmoid": torch.sigmoid,
        "leaky_relu": lambda x: F.leaky_relu(x, negative_slope=float(c or 0)),
        "elu": lambda x: F.elu(x, alpha=float(c or 0)),
        "selu": F.selu,
        "gelu": lambda x: F.gelu(x, approximate="none"),
        "silu": F.silu,
        "softsign": F.softsign,
        "softplus": lambda x: torch.logaddexp(x, torch.zeros_like(x)),
        "log_sigmoid": F.logsigmoid,
    }[kind]


def torch_unary(op, x):
    t = torch.tensor(x, requires_grad=True)
    y = torch_fn(op)(t)
    y.backward()
    return y.item(), t.grad.item()


def sigmoid_stable(x):
    return 1 / (1 + mpmath.exp(-x))


def dsigmoid_stable(x):
    return mpmath.sech(x / 2) ** 2 / 4


def softplus_stable(x):
    return x + mpmath.log1p(mpmath.exp(-x)) if x > 0 else mpmath.log1p(mpmath.exp(x))


def Phi(x):
    return mpmath.erfc(-x / mpmath.sqrt(2)) / 2


def npdf(x):
    return mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi)


def exact_stable(op, x):
    """(value, derivative) as mpf for x a nonzero finite mpf, cancellation-free."""
    kind, c = op.split(":")[0], param(op)
    if kind == "exp":
        e = mpmath.exp(x)
        return e, e
    if kind == "log":
        return (mpmath.log(x), 1 / x) if x > 0 else (mpf("nan"), mpf("nan"))
    if kind == "sqrt":
        if x < 0:
            return mpf("nan"), mpf("nan")
        s = mpmath.sqrt(x)
        return s, 1 / (2 * s)
    if kind == "abs":
        return abs(x), mpmath.sign(x)
    if kind == "neg":
        return -x, mpf(-1)
    if kind == "tanh":
        return mpmath.tanh(x), mpmath.sech(x) ** 2
    if kind == "relu":
        return (x, mpf(1)) if x > 0 else (mpf(0), mpf(0))
    if kind == "sigmoid":
        return sigmoid_stable(x), dsigmoid_stable(x)
    if kind == "leaky_relu":
        a = mpf(c)
        return (x, mpf(1)) if x > 0 else (a * x, a)
    if kind == "elu":
        a = mpf(c)
        return (x, mpf(1)) if x > 0 else (a * mpmath.expm1(x), a * mpmath.exp(x))
    if kind == "selu":
        v, d = (x, mpf(1)) if x > 0 else (SELU_ALPHA * mpmath.expm1(x), SELU_ALPHA * mpmath.exp(x))
        return SELU_SCALE * v, SELU_SCALE * d
    if kind == "gelu":
        return x * Phi(x), Phi(x) + x * npdf(x)
    if kind == "silu":
        return x * sigmoid_stable(x), sigmoid_stable(x) + x * dsigmoid_stable(x)
    if kind == "softsign":
        return x / (1 + abs(x)), 1 / (1 + abs(x)) ** 2
    if kind == "softplus":
        return softplus_stable(x), sigmoid_stable(x)
    if kind == "log_sigmoid":
        return -softplus_stable(-x), sigmoid_stable(-x)
    raise KeyError(op)


def exact_naive(op, x):
    """The textbook forms (1 - tanh², s·(1 - s), log(1 + eˣ), ...), for the check at
    mp.dps = 1000, where their cancellations lose at most ~870 of 1000 digits."""
    kind, c = op.split(":")[0], param(op)
    s = lambda u: 1 / (1 + mpmath.exp(-u))
    if kind == "tanh":
        t = mpmath.tanh(x)
        return t, 1 - t * t
    if kind == "sigmoid":
        return s(x), s(x) * (1 - s(x))
    if kind == "elu":
        a = mpf(c)
        return (x, mpf(1)) if x > 0 else (a * (mpmath.exp(x) - 1), a * mpmath.exp(x))
    if kind == "selu":
        v, d = (x, mpf(1)) if x > 0 else (SELU_ALPHA * (mpmath.exp(x) - 1), SELU_ALPHA * mpmath.exp(x))
        return SELU_SCALE * v, SELU_SCALE * d
    if kind == "gelu":
        P = (1 + mpmath.erf(x / mpmath.sqrt(2))) / 2
        return x * P, P + x * mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi)
    if kind == "silu":
        return x * s(x), s(x) * (1 + x * (1 - s(x)))
    if kind == "softplus":
        return mpmath.log(1 + mpmath.exp(x)), s(x)
    if kind == "log_sigmoid":
        return mpmath.log(s(x)), 1 - s(x)
    return exact_stable(op, x)


def exact_at_zero(op, x):
    """(value, grad) as float64 at x = ±0 (see the docstring for the conventions)."""
    kind, c = op.split(":")[0], param(op)
    neg = math.copysign(1.0, x) < 0
    z = -0.0 if neg else 0.0  # the signed zero of a function that keeps x's sign
    ln2 = to_f64(mpmath.log(2))
    return {
        "exp": (1.0, 1.0),
        "log": (-INF, -INF if neg else INF),
        "sqrt": (z, -INF if neg else INF),
        "abs": (0.0, 0.0),
        "neg": (0.0 if neg else -0.0, -1.0),
        "tanh": (z, 1.0),
        "relu": (0.0, 0.0),
        "sigmoid": (0.5, 0.25),
        "leaky_relu": (z, to_f64(mpf(c or 0))),
        "elu": (z, to_f64(mpf(c or 0))),
        "selu": (z, to_f64(SELU_SCALE * SELU_ALPHA)),
        "gelu": (z, 0.5),
        "silu": (z, 0.5),
        "softsign": (z, 1.0),
        "softplus": (ln2, 0.5),
        "log_sigmoid": (-ln2, 0.5),
    }[kind]


def exact_unary(op, x):
    if x == 0:
        return exact_at_zero(op, x)
    v, d = exact_stable(op, mpf(x))
    value, grad = to_f64(v), to_f64(d)
    with mp.workdps(1000):
        v2, d2 = exact_naive(op, mpf(x))
        check = to_f64(v2), to_f64(d2)
    for a, b, what in [(value, check[0], "value"), (grad, check[1], "grad")]:
        assert ulps(a, b) == 0, (op, x, what, a, b)
    return value, grad


def unary_cases():
    cases = []
    for op in OPS:
        grid = POSITIVE_GRID if op in ("log", "sqrt") else GRID
        for x in grid:
            tv, tg = torch_unary(op, x)
            ev, eg = exact_unary(op, x)
            cases.append({"op": op, "x": x, "torch": {"value": tv, "grad": tg},
                          "exact": {"value": ev, "grad": eg}})
    return cases


def disagreements(cases):
    out, zero_signs = [], []
    for c in cases:
        for field in ("value", "grad"):
            t, e = c["torch"][field], c["exact"][field]
            u = ulps(t, e)
            if u > 4:
                out.append({"op": c["op"], "x": c["x"], "field": field, "torch": t, "exact": e,
                            "ulps": float(u)})
            elif t == 0 and e == 0 and math.copysign(1, t) != math.copysign(1, e):
                zero_signs.append(f'{c["op"]}({c["x"]!r}) {field}: torch {t!r}, exact {e!r}')
    return out, zero_signs


# --------------------------------------------------------------------------- log_softmax

VECTORS = [[1e15, 1e15], [1e16, 1e16], [1e300, 1e300], [-1000.0, 0.0, 1000.0], [0.0, 0.0, 0.0],
           [1.0, 2.0, 3.0], [-1e300, 0.0], [1000.0, 1000.0, -1000.0], [3.5], [-745.0, -745.0]]
WEIGHTS = [0.3, -1.2, 0.7]


def torch_log_softmax(z, w):
    t = torch.tensor(z, requires_grad=True)
    y = F.log_softmax(t, dim=0)
    (y * torch.tensor(w)).sum().backward()
    return {"log_softmax": y.tolist(), "grad": t.grad.tolist()}


def torch_cross_entropy(z, k):
    t = torch.tensor(z, requires_grad=True)
    y = F.cross_entropy(t.unsqueeze(0), torch.tensor([k]))
    y.backward()
    return {"value": y.item(), "grad": t.grad.tolist()}


def exact_softmax_parts(z):
    """(lsm, sm) as mpf lists: lsm_i = d_i - log1p(Σ_{i≠i*} e^{d_i}), d_i = z_i - max."""
    zs = [mpf(v) for v in z]
    m = max(zs)
    top = zs.index(m)
    d = [mpmath.fsub(v, m, exact=True) for v in zs]
    rest = mpmath.fsum(mpmath.exp(di) for i, di in enumerate(d) if i != top)
    log_s = mpmath.log1p(rest)
    lsm = [di - log_s for di in d]
    return lsm, [mpmath.exp(v) for v in lsm]


def exact_log_softmax(z, w):
    lsm, sm = exact_softmax_parts(z)
    W = mpmath.fsum(mpf(v) for v in w)
    grad = [mpf(wj) - sj * W for wj, sj in zip(w, sm)]
    return {"log_softmax": [to_f64(v) for v in lsm], "grad": [to_f64(v) for v in grad]}


def exact_cross_entropy(z, k):
    lsm, sm = exact_softmax_parts(z)
    grad = [sj - (1 if j == k else 0) for j, sj in enumerate(sm)]
    return {"value": to_f64(-lsm[k]), "grad": [to_f64(v) for v in grad]}


def naive_log_softmax(z, w):
    """Direct formulas (log Σ eᶻ, no max shift, no log1p), for the check."""
    zs = [mpf(v) for v in z]
    lse = mpmath.log(mpmath.fsum(mpmath.exp(v) for v in zs))
    lsm = [v - lse for v in zs]
    sm = [mpmath.exp(v) for v in lsm]
    W = mpmath.fsum(mpf(v) for v in w)
    grad = [mpf(wj) - sj * W for wj, sj in zip(w, sm)]
    return {"log_softmax": [to_f64(v) for v in lsm], "grad": [to_f64(v) for v in grad]}


def flat(d):
    return d["log_softmax"] + d["grad"] if "log_softmax" in d else [d["value"]] + d["grad"]


def exact_robust(fn, *args):
    """fn at mp.dps = 50 and at mp.dps = 3000; the 3000-digit result is kept. Terms like
    e^-2000 ≈ 1e-869 next to O(1) ones decide the rounding when the O(1) part is a
    rounding tie (grad of [1000, 1000, -1000]), and 50 digits cannot see them. The
    naive formulas at 3000 digits must agree (±0 aside). Returns (result, differs50)."""
    low = fn(*args)
    with mp.workdps(3000):
        high = fn(*args)
        if fn is exact_log_softmax:
            for a, b in zip(flat(high), flat(naive_log_softmax(*args))):
                assert ulps(a, b) == 0, (args, a, b)
    differs = [i for i, (a, b) in enumerate(zip(flat(low), flat(high))) if ulps(a, b) != 0]
    return high, differs


def zero_sign_differences(name, t, e):
    for i, (a, b) in enumerate(zip(flat(t), flat(e))):
        if a == 0 and b == 0 and math.copysign(1, a) != math.copysign(1, b):
            LS_ZERO_SIGNS.append(f"{name} entry {i}: torch {a!r}, exact {b!r}")


DPS50_DIFFERS = []
LS_ZERO_SIGNS = []


def log_softmax_cases():
    cases = []
    for z in VECTORS:
        w = WEIGHTS[: len(z)]
        exact, differs = exact_robust(exact_log_softmax, z, w)
        if differs:
            DPS50_DIFFERS.append(f"log_softmax z={z}: entries {differs} of log_softmax ++ grad")
        ce = []
        for k in range(len(z)):
            e, differs = exact_robust(exact_cross_entropy, z, k)
            if differs:
                DPS50_DIFFERS.append(f"cross_entropy z={z} k={k}: entries {differs} of [value] ++ grad")
            t = torch_cross_entropy(z, k)
            zero_sign_differences(f"cross_entropy z={z} k={k} ([value] ++ grad)", t, e)
            ce.append({"k": k, "torch": t, "exact": e})
        t = torch_log_softmax(z, w)
        zero_sign_differences(f"log_softmax z={z} (log_softmax ++ grad)", t, exact)
        cases.append({"z": z, "w": w, "torch": t, "exact": exact,
                      "cross_entropy": ce})
    return cases


def main():
    unary = unary_cases()
    diffs, zero_signs = disagreements(unary)
    ls = log_softmax_cases()
    for c in ls:
        pairs = list(zip(c["torch"]["log_softmax"] + c["torch"]["grad"],
                         c["exact"]["log_softmax"] + c["exact"]["grad"]))
        for ce in c["cross_entropy"]:
            pairs += [(ce["torch"]["value"], ce["exact"]["value"])]
            pairs += list(zip(ce["torch"]["grad"], ce["exact"]["grad"]))
        worst = max(ulps(a, b) for a, b in pairs)
        if worst > 4:
            print(f"log_softmax {c['z']}: torch vs exact up to {worst} ulps")
    notes = (
        "Zeros whose sign differs between torch and exact (same point, 0 ulps apart): "
        + ("; ".join(zero_signs) if zero_signs else "none") + ". "
        "torch's log backward is grad/x, so for x < 0 torch gives a finite grad 1/x where "
        "the value is nan (exact: nan). torch evaluates derivatives from its rounded "
        "outputs (1 - tanh(x)², s·(1 - s), ...), so where the output rounds to ±1 the "
        "derivative comes out 0 though the true one is small but representable; "
        "torch_vs_exact lists every entry more than 4 ulps from exact."
    )
    out = {
        "tool": f"torch {torch.__version__.split('+')[0]} float64 (CPU); mpmath {mpmath.__version__} "
                f"(mp.dps = 50, checked at 1000; log_softmax at 3000)",
        "description": "Edge cases: torch.pow over special bases and exponents (value and "
                       "d/dx, as PyTorch returns them); unary ops over a wide grid from torch "
                       "and exact (mpmath, rounded once); log_softmax and cross-entropy on "
                       "extreme logits from torch and exact. Non-finite floats are the "
                       "strings inf, -inf, nan. See generate_edges.py for the conventions.",
        "pow": pow_cases(),
        "pow_notes": pow_notes(),
        "unary": unary,
        "unary_notes": notes,
        "torch_vs_exact": diffs,
        "log_softmax": ls,
        "log_softmax_notes": "exact is mpmath at mp.dps = 3000 (checked against the naive "
                             "formulas there), rounded once. At mp.dps = 50 it would differ in: "
                             + ("; ".join(DPS50_DIFFERS) or "nothing") + " (a rounding tie "
                             "of the O(1) part broken by an e^-2000 term). Zeros whose sign "
                             "differs between torch and exact (the exact value is a negative "
                             "number below the smallest subnormal, e.g. -log1p(e^-1000)): "
                             + ("; ".join(LS_ZERO_SIGNS) or "none") + ".",
    }
    path = write("EngineTests/Fixtures/edges.json", out)
    print(f"{path}: {len(out['pow'])} pow, {len(unary)} unary ({len(diffs)} torch/exact "
          f"> 4 ulps), {len(ls)} log_softmax")
    for d in diffs:
        print(f"  {d['op']:16} x={d['x']!r:8} {d['field']:5} torch={d['torch']!r} exact={d['exact']!r} "
              f"ulps={d['ulps']:.3g}")
    for s in zero_signs:
        print("  zero sign:", s)


if __name__ == "__main__":
    main()
