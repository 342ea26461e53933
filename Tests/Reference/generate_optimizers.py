"""Ten steps of PyTorch's SGD, Adam and AdamW on a small quadratic, in float64.

Produces ``Tests/NNTests/Fixtures/optimizers.json``, read by OptimizerTests.swift,
which runs our optimizers on the same problem and compares every step.

Problem: five parameters p starting at ``initial``, targets t, and
    loss(p) = Σᵢ (i+1)·(pᵢ − tᵢ)²·0.5 + 0.1·p₀·p₁
(convex; the 0.1 term couples p₀ and p₁). Each step is zero_grad, loss.backward(),
opt.step(); the parameters after every step are recorded. "settings" uses PyTorch's
keyword names and lists only what was passed (lr always); everything else is PyTorch's
default (AdamW's default weight_decay is 0.01).

Tool: torch 2.15.0 (float64, CPU, foreach=False), Python 3.11.
Run:  python3 Tests/Reference/generate_optimizers.py   (from the package root, with the
      packages of Tests/Reference/requirements.txt installed)
"""

import json
import os

import torch

INITIAL = [0.5, -1.5, 2.0, 0.0, 3.0]
TARGETS = [1.0, -2.0, 0.5, 0.25, -1.0]
STEPS = 10
LOSS = "loss(p) = sum_i (i+1)*(p_i - t_i)^2*0.5 + 0.1*p_0*p_1"

CASES = [
    ("sgd", "SGD", {"lr": 0.05}),
    ("sgd-momentum", "SGD", {"lr": 0.05, "momentum": 0.9}),
    ("sgd-nesterov", "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("sgd-weight-decay", "SGD", {"lr": 0.05, "weight_decay": 0.01}),
    ("sgd-momentum-weight-decay", "SGD", {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.01}),
    ("adam", "Adam", {"lr": 0.1}),
    ("adam-betas", "Adam", {"lr": 0.1, "betas": [0.8, 0.99], "eps": 1e-6}),
    ("adam-weight-decay", "Adam", {"lr": 0.1, "weight_decay": 0.01}),
    ("adamw", "AdamW", {"lr": 0.1}),
    ("adamw-wd-0.1", "AdamW", {"lr": 0.1, "weight_decay": 0.1}),
]


def loss(p, t):
    weights = torch.arange(1, len(t) + 1, dtype=torch.float64)
    return (weights * (p - t) ** 2 * 0.5).sum() + 0.1 * p[0] * p[1]


def run(optimizer, settings):
    p = torch.tensor(INITIAL, dtype=torch.float64, requires_grad=True)
    t = torch.tensor(TARGETS, dtype=torch.float64)
    kwargs = dict(settings)
    if "betas" in kwargs:
        kwargs["betas"] = tuple(kwargs["betas"])
    opt = getattr(torch.optim, optimizer)([p], foreach=False, **kwargs)
    steps = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss(p, t).backward()
        opt.step()
        steps.append(p.detach().tolist())
    return steps


def main():
    cases = [
        {"name": name, "optimizer": optimizer, "settings": settings, "steps": run(optimizer, settings)}
        for name, optimizer, settings in CASES
    ]
    out = {
        "tool": f"torch {torch.__version__.split('+')[0]} float64 (CPU, foreach=False)",
        "loss": LOSS,
        "initial": INITIAL,
        "targets": TARGETS,
        "cases": cases,
    }
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "NNTests", "Fixtures", "optimizers.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
