"""BatchNorm1d, LayerNorm and a Linear/BatchNorm/Tanh stack, run forward and backward
by PyTorch in float64.

Produces ``Tests/NNTests/Fixtures/normalization.json``, read by the NN tests.

Every backward is of sum(y * G) for a recorded upstream matrix G (so the gradient
reaching y is G), with gradients zeroed before each pass. Matrices are lists of rows
(batch rows × feature columns); Linear weights are (out, in) rows as PyTorch stores
them. Format:

{"tool": str, "description": str,
 "batchnorm1d": [{
    "name": str, "batch": int, "features": int, "eps": float, "momentum": float,
    "constant_column": int | null,      # a column that is 2.5 in every row of every batch
    "gamma": [float], "beta": [float],  # initial; running_mean starts 0, running_var 1
    "train": [ x3 {"x": [[float]], "y": [[float]], "G": [[float]], "grad_x": [[float]],
                   "grad_gamma": [float], "grad_beta": [float],
                   "running_mean": [float], "running_var": [float]} ],   # after the pass
    "eval": {"x", "y", "G", "grad_x", "grad_gamma", "grad_beta",
             "running_mean", "running_var"}}],                          # same types
 "batch_of_one_error": str,
 "layernorm": [{
    "name": str, "batch": int, "features": int, "eps": float,
    "constant_row": int | null,         # a sample whose features are all 7.0
    "gamma": [float], "beta": [float], "x": [[float]], "y": [[float]], "G": [[float]],
    "grad_x": [[float]], "grad_gamma": [float], "grad_beta": [float]}],
 "sequential": {
    "layers": [{"kind": "linear", "in": int, "out": int, "weight": [[float]], "bias": [float]}
             | {"kind": "batchnorm1d", "features": int, "eps": float, "momentum": float,
                "gamma": [float], "beta": [float]}
             | {"kind": "tanh"}],
    "train": [ x2 {"x": [[float]], "y": [[float]], "G": [[float]], "grad_x": [[float]],
                   "grads": [ per layer, same order as "layers":
                              {"weight": [[float]], "bias": [float]}   for linear
                            | {"gamma": [float], "beta": [float]}      for batchnorm1d
                            | {}                                       for tanh ],
                   "running": [ per batchnorm1d layer, in order:
                                {"layer": int, "mean": [float], "var": [float]} ]} ],
    "eval": same keys as one "train" pass}}

BatchNorm1d(F, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True): in
train mode it normalizes with the biased batch variance and updates
running = (1 - momentum)·running + momentum·batch_stat, using the UNBIASED batch
variance (n/(n-1)) for running_var; in eval mode it normalizes with the running
statistics. Three train passes on different batches, then one eval pass.
LayerNorm(F, eps=1e-5, elementwise_affine=True) normalizes each row over its features
with the biased variance and has no train/eval difference (no running statistics).

Tool: torch 2.15.0 (float64, CPU), Python 3.11. Deterministic: torch.Generator seeded.
Run:  python3 Tests/Reference/generate_normalization.py   (from the package root, with
      the packages of Tests/Reference/requirements.txt installed)
"""

import torch
from torch import nn

from fixturejson import write

torch.set_default_dtype(torch.float64)

SEED = 20240917
EPS = 1e-5
MOMENTUM = 0.1
CONSTANT = 2.5


def randn(gen, *shape):
    return torch.randn(*shape, generator=gen)


def uniform(gen, lo, hi, *shape):
    return lo + (hi - lo) * torch.rand(*shape, generator=gen)


def batch(gen, n, f, constant_column):
    x = randn(gen, n, f) * 1.5 + 0.3
    if constant_column is not None:
        x[:, constant_column] = CONSTANT
    return x


def bn_pass(bn, x, G):
    bn.zero_grad(set_to_none=True)
    x = x.clone().requires_grad_(True)
    y = bn(x)
    (y * G).sum().backward()
    return {"x": x.detach(), "y": y.detach(), "G": G, "grad_x": x.grad,
            "grad_gamma": bn.weight.grad, "grad_beta": bn.bias.grad,
            "running_mean": bn.running_mean.clone(), "running_var": bn.running_var.clone()}


def batchnorm_case(gen, name, n, f, constant_column=None, affine_random=False):
    bn = nn.BatchNorm1d(f, eps=EPS, momentum=MOMENTUM, affine=True, track_running_stats=True)
    if affine_random:
        bn.weight.data = uniform(gen, 0.5, 1.5, f)
        bn.bias.data = uniform(gen, -0.5, 0.5, f)
    case = {"name": name, "batch": n, "features": f, "eps": EPS, "momentum": MOMENTUM,
            "constant_column": constant_column,
            "gamma": bn.weight.detach().clone(), "beta": bn.bias.detach().clone()}
    bn.train()
    case["train"] = [bn_pass(bn, batch(gen, n, f, constant_column), randn(gen, n, f)) for _ in range(3)]
    bn.eval()
    case["eval"] = bn_pass(bn, batch(gen, n, f, constant_column), randn(gen, n, f))
    return case


def batch_of_one_error():
    bn = nn.BatchNorm1d(3)
    bn.train()
    try:
        bn(torch.ones(1, 3))
    except ValueError as e:
        return str(e)
    raise AssertionError("BatchNorm1d accepted a batch of one in train mode")


def layernorm_case(gen, name, n, f, constant_row=None, affine_random=False):
    ln = nn.LayerNorm(f, eps=EPS, elementwise_affine=True)
    if affine_random:
        ln.weight.data = uniform(gen, 0.5, 1.5, f)
        ln.bias.data = uniform(gen, -0.5, 0.5, f)
    x = randn(gen, n, f) * 1.5 + 0.3
    if constant_row is not None:
        x[constant_row, :] = 7.0
    G = randn(gen, n, f)
    x.requires_grad_(True)
    y = ln(x)
    (y * G).sum().backward()
    return {"name": name, "batch": n, "features": f, "eps": EPS, "constant_row": constant_row,
            "gamma": ln.weight.detach(), "beta": ln.bias.detach(), "x": x.detach(), "y": y.detach(),
            "G": G, "grad_x": x.grad, "grad_gamma": ln.weight.grad, "grad_beta": ln.bias.grad}


def sequential(gen):
    dims = [(3, 5), (5, 5), (5, 4)]
    layers = []
    for fan_in, fan_out in dims:
        lin = nn.Linear(fan_in, fan_out)
        bound = fan_in ** -0.5  # PyTorch's default init range, drawn from our generator
        lin.weight.data = uniform(gen, -bound, bound, fan_out, fan_in)
        lin.bias.data = uniform(gen, -bound, bound, fan_out)
        layers += [lin, nn.BatchNorm1d(fan_out, eps=EPS, momentum=MOMENTUM), nn.Tanh()]
    model = nn.Sequential(*layers)

    def describe(m):
        if isinstance(m, nn.Linear):
            return {"kind": "linear", "in": m.in_features, "out": m.out_features,
                    "weight": m.weight.detach().clone(), "bias": m.bias.detach().clone()}
        if isinstance(m, nn.BatchNorm1d):
            return {"kind": "batchnorm1d", "features": m.num_features, "eps": m.eps,
                    "momentum": m.momentum, "gamma": m.weight.detach().clone(),
                    "beta": m.bias.detach().clone()}
        return {"kind": "tanh"}

    def grads(m):
        if isinstance(m, nn.Linear):
            return {"weight": m.weight.grad, "bias": m.bias.grad}
        if isinstance(m, nn.BatchNorm1d):
            return {"gamma": m.weight.grad, "beta": m.bias.grad}
        return {}

    def run(x, G):
        model.zero_grad(set_to_none=True)
        x = x.clone().requires_grad_(True)
        y = model(x)
        (y * G).sum().backward()
        return {"x": x.detach(), "y": y.detach(), "G": G, "grad_x": x.grad,
                "grads": [grads(m) for m in model],
                "running": [{"layer": i, "mean": m.running_mean.clone(), "var": m.running_var.clone()}
                            for i, m in enumerate(model) if isinstance(m, nn.BatchNorm1d)]}

    out = {"layers": [describe(m) for m in model]}
    model.train()
    out["train"] = [run(randn(gen, 6, 3) * 1.2, randn(gen, 6, 4)) for _ in range(2)]
    model.eval()
    out["eval"] = run(randn(gen, 6, 3) * 1.2, randn(gen, 6, 4))
    return out


def check(data):
    """Spot checks: train outputs have column means beta, eval leaves running stats."""
    for case in data["batchnorm1d"]:
        for p in case["train"]:
            y = p["y"]
            mean = y.mean(0)
            assert torch.allclose(mean, case["beta"], atol=1e-12), (case["name"], mean)
            if case["constant_column"] is None:
                # biased variance of the normalized output is gamma² · var/(var + eps) ≈ gamma²
                var = y.var(0, unbiased=False)
                assert torch.allclose(var, case["gamma"] ** 2, rtol=1e-3), (case["name"], var)
            else:
                assert torch.all(y[:, case["constant_column"]] == case["beta"][case["constant_column"]])
        assert torch.equal(case["eval"]["running_mean"], case["train"][-1]["running_mean"])
        # the gradients w.r.t. beta are the column sums of G
        for p in case["train"] + [case["eval"]]:
            assert torch.allclose(p["grad_beta"], p["G"].sum(0), atol=1e-12)
    for case in data["layernorm"]:
        assert torch.allclose(case["grad_beta"], case["G"].sum(0), atol=1e-12)


def main():
    gen = torch.Generator().manual_seed(SEED)
    bn_cases = [
        batchnorm_case(gen, "bn-2x3", 2, 3),
        batchnorm_case(gen, "bn-4x5", 4, 5),
        batchnorm_case(gen, "bn-8x4", 8, 4),
        batchnorm_case(gen, "bn-16x3", 16, 3),
        batchnorm_case(gen, "bn-5x2-constant-column", 5, 2, constant_column=1),
        batchnorm_case(gen, "bn-6x4-affine", 6, 4, affine_random=True),
    ]
    ln_cases = [
        layernorm_case(gen, "ln-1x4", 1, 4),
        layernorm_case(gen, "ln-3x5-constant-row", 3, 5, constant_row=1),
        layernorm_case(gen, "ln-4x2", 4, 2),
        layernorm_case(gen, "ln-6x3-affine", 6, 3, affine_random=True),
    ]
    data = {
        "tool": f"torch {torch.__version__.split('+')[0]} float64 (CPU)",
        "description": "nn.BatchNorm1d (3 train-mode passes then 1 eval-mode pass, running "
                       "stats after each), nn.LayerNorm (no train/eval difference: it keeps no "
                       "running statistics), and Sequential(Linear, BatchNorm1d, Tanh) x 3 (2 "
                       "train passes, 1 eval pass); every backward is of sum(y * G). "
                       "running_mean starts at 0 and running_var at 1; running_var is updated "
                       "with the unbiased batch variance, normalization uses the biased one. "
                       "Matrices are lists of rows. See generate_normalization.py.",
        "batchnorm1d": bn_cases,
        "batch_of_one_error": batch_of_one_error(),
        "layernorm": ln_cases,
        "sequential": sequential(gen),
    }
    check(data)
    path = write("NNTests/Fixtures/normalization.json", data)
    print(f"{path}: {len(bn_cases)} batchnorm1d, {len(ln_cases)} layernorm, 1 sequential")
    print("batch_of_one_error:", data["batch_of_one_error"])


if __name__ == "__main__":
    main()
