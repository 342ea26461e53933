"""Jacobians and vector-Jacobian products of small MLPs, by PyTorch in float64.

Produces ``Tests/EngineTests/Fixtures/jacobian.json``, read by the engine tests, which
rebuild each network with our engine and check the multi-output backward pass.

A case is a function f: R^n -> R^m, f(x) = act_L(W_L · ... act_1(W_1 · x + b_1) ... + b_L).
Format:

{"tool": str, "description": str,
 "cases": [{"name": str, "n": int, "m": int,
            "layers": [{"weights": [[float]], "bias": [float], "activation": str}],
            "x": [float], "y": [float],
            "jacobian": [[float]],          # m rows, n columns: J[i][j] = dy_i/dx_j
            "vjps": [{"v": [float], "vjp": [float]}],           # 3 seeds: vᵀJ, length n
            "first_layer_weight_grad": [[float]],   # vᵀ dy/dW_1 for the first v, shape of W_1
            "first_layer_bias_grad": [float]}]}     # vᵀ dy/db_1 for the first v

"weights" rows are outputs (shape (out, in), as PyTorch's Linear stores them).
Activations: "tanh", "relu", "sigmoid", "identity", "selu" (F.selu), "gelu" (erf form),
"softsign". Networks with relu or selu are redrawn until every pre-activation is more
than 1e-3 away from the kink at 0. The Jacobian is torch.autograd.functional.jacobian,
the VJPs torch.autograd.grad(y, x, grad_outputs=v), and the first-layer gradients
torch.autograd.grad(y, (W_1, b_1), grad_outputs=v_1). Checked here against central
finite differences of an independent NumPy evaluation.

Tool: torch 2.15.0 (float64, CPU), numpy for the check, Python 3.11. Deterministic:
numpy.random.default_rng(seed).
Run:  python3 Tests/Reference/generate_jacobian.py   (from the package root, with the
      packages of Tests/Reference/requirements.txt installed)
"""

import math

import numpy as np
import torch

from fixturejson import write

torch.set_default_dtype(torch.float64)
F = torch.nn.functional

SEED = 20241003

# (name, layer widths, activation per layer)
SHAPES = [
    ("mlp-3-4-2-tanh-identity", [3, 4, 2], ["tanh", "identity"]),
    ("mlp-5-5-5-5-tanh", [5, 5, 5, 5], ["tanh", "tanh", "tanh"]),
    ("mlp-2-3-relu", [2, 3], ["relu"]),
    ("mlp-4-6-3-sigmoid-identity", [4, 6, 3], ["sigmoid", "identity"]),
    ("mlp-3-3-selu", [3, 3], ["selu"]),
    ("mlp-2-4-4-2-gelu-softsign", [2, 4, 4, 2], ["gelu", "gelu", "softsign"]),
    ("mlp-1-1-tanh", [1, 1], ["tanh"]),
    ("mlp-6-2-identity", [6, 2], ["identity"]),
]

TORCH_ACT = {
    "tanh": torch.tanh,
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
    "identity": lambda u: u,
    "selu": F.selu,
    "gelu": lambda u: F.gelu(u, approximate="none"),
    "softsign": F.softsign,
}

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
NP_ACT = {
    "tanh": np.tanh,
    "relu": lambda u: np.maximum(u, 0.0),
    "sigmoid": lambda u: 1 / (1 + np.exp(-u)),
    "identity": lambda u: u,
    "selu": lambda u: SELU_SCALE * np.where(u > 0, u, SELU_ALPHA * np.expm1(np.minimum(u, 0))),
    "gelu": lambda u: u * 0.5 * (1 + np.vectorize(math.erf)(u / math.sqrt(2))),
    "softsign": lambda u: u / (1 + np.abs(u)),
}


def forward_torch(layers, x):
    h = x
    for W, b, act in layers:
        h = TORCH_ACT[act](W @ h + b)
    return h


def forward_numpy(layers, x):
    h = np.asarray(x)
    pre = []
    for W, b, act in layers:
        u = np.asarray(W) @ h + np.asarray(b)
        pre.append(u)
        h = NP_ACT[act](u)
    return h, pre


def draw(rng, widths, acts):
    """Weights ~ N(0, 1/fan_in)·1.3, biases ~ N(0, 0.3²), x ~ N(0, 1); redrawn while a
    relu/selu pre-activation is within 1e-3 of 0."""
    while True:
        layers = []
        for (fan_in, fan_out), act in zip(zip(widths, widths[1:]), acts):
            W = rng.standard_normal((fan_out, fan_in)) * 1.3 / math.sqrt(fan_in)
            b = rng.standard_normal(fan_out) * 0.3
            layers.append((W.tolist(), b.tolist(), act))
        x = rng.standard_normal(widths[0]).tolist()
        _, pre = forward_numpy(layers, x)
        if all(np.all(np.abs(u) > 1e-3) for u, (_, _, a) in zip(pre, layers) if a in ("relu", "selu")):
            return layers, x


def make_case(rng, name, widths, acts):
    layers, x = draw(rng, widths, acts)
    tl = [(torch.tensor(W), torch.tensor(b), a) for W, b, a in layers]
    xt = torch.tensor(x)
    y = forward_torch(tl, xt)
    J = torch.autograd.functional.jacobian(lambda v: forward_torch(tl, v), xt)
    m = widths[-1]
    vjps = []
    for _ in range(3):
        v = torch.tensor(rng.standard_normal(m))
        xg = xt.clone().requires_grad_(True)
        (g,) = torch.autograd.grad(forward_torch(tl, xg), xg, grad_outputs=v)
        vjps.append({"v": v, "vjp": g})
    W1 = tl[0][0].clone().requires_grad_(True)
    b1 = tl[0][1].clone().requires_grad_(True)
    y1 = forward_torch([(W1, b1, tl[0][2])] + tl[1:], xt)
    gW1, gb1 = torch.autograd.grad(y1, (W1, b1), grad_outputs=vjps[0]["v"])
    case = {"name": name, "n": widths[0], "m": m,
            "layers": [{"weights": W, "bias": b, "activation": a} for W, b, a in layers],
            "x": x, "y": y, "jacobian": J.reshape(m, widths[0]), "vjps": vjps,
            "first_layer_weight_grad": gW1, "first_layer_bias_grad": gb1}
    check(case, layers)
    return case


def check(case, layers):
    """Central differences of the NumPy evaluation: J to ~1e-7, vᵀJ = J·v exactly-ish."""
    x = np.array(case["x"])
    J = case["jacobian"].numpy()
    y, _ = forward_numpy(layers, x)
    assert np.allclose(y, case["y"].numpy(), rtol=1e-14, atol=1e-15), case["name"]
    h = 1e-6
    for j in range(len(x)):
        e = np.zeros_like(x)
        e[j] = h
        fd = (forward_numpy(layers, x + e)[0] - forward_numpy(layers, x - e)[0]) / (2 * h)
        assert np.allclose(fd, J[:, j], rtol=1e-6, atol=1e-8), (case["name"], j, fd, J[:, j])
    for p in case["vjps"]:
        assert np.allclose(p["v"].numpy() @ J, p["vjp"].numpy(), rtol=1e-13, atol=1e-15)
    # first-layer weight gradient by finite differences of a few entries
    W1 = np.array(layers[0][0])
    v = case["vjps"][0]["v"].numpy()
    for i in range(W1.shape[0]):
        for j in range(W1.shape[1]):
            def yv(delta):
                W = W1.copy()
                W[i, j] += delta
                return v @ forward_numpy([(W, layers[0][1], layers[0][2])] + layers[1:], x)[0]
            fd = (yv(h) - yv(-h)) / (2 * h)
            got = case["first_layer_weight_grad"][i, j].item()
            assert math.isclose(fd, got, rel_tol=1e-6, abs_tol=1e-8), (case["name"], i, j, fd, got)


def main():
    rng = np.random.default_rng(SEED)
    cases = [make_case(rng, *s) for s in SHAPES]
    data = {
        "tool": f"torch {torch.__version__.split('+')[0]} float64 (CPU); numpy {np.__version__} "
                "(finite-difference check only)",
        "description": "Small MLPs f: R^n -> R^m; per case the input, the output, the full "
                       "Jacobian (m rows, n columns) from torch.autograd.functional.jacobian, "
                       "three VJPs v^T J from torch.autograd.grad, and v^T dy/dW1, v^T dy/db1 "
                       "for the first v. Weights are (out, in) rows. See generate_jacobian.py.",
        "cases": cases,
    }
    path = write("EngineTests/Fixtures/jacobian.json", data)
    print(f"{path}: {len(cases)} cases")


if __name__ == "__main__":
    main()
