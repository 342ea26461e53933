"""Random computation graphs (DAGs with shared subexpressions), evaluated and
differentiated by PyTorch in float64.

Produces ``Tests/EngineTests/Fixtures/dags.json``, read by ReferenceDAGTests.swift,
which rebuilds every graph with our engine and compares the output and the gradients
with respect to the inputs to 1e-9 relative.

Format: {"tool": ..., "cases": [{"name", "inputs", "nodes", "output", "grads"}]}.
Node indices refer to the list inputs ++ nodes; the output is the last node. A node is
{"op": ..., "args": [...]} plus "c" (a constant) for the *_const ops, pow, leaky_relu
(slope) and elu (alpha), and "args2" for dot (Σ args[k]·args2[k]). "sum" and "dot"
take any number (≥ 1) of arguments, repeats allowed. The op meanings are PyTorch's, with
softplus computed exactly as logaddexp(x, 0) (F.softplus linearizes above 20) and gelu
in its exact erf form.

Sharing is frequent: arguments come preferentially from the last few nodes but also
from old ones, binary ops sometimes get the same index twice (a + a, x * x), and sums
and dot products repeat entries. Arguments also favour values nothing uses yet, and
most cases end with a sum of the still-unused values, so that most inputs reach the
output; the rest keep inputs with zero gradient.

Every case stays in well-conditioned territory, so that 1-ulp differences between two
correct float64 implementations (of tanh, erf, summation order, ...) cannot grow past
the test's 1e-9: arguments of log/sqrt > 0.1, of kinked functions |x| > 1e-3,
denominators |x| > 0.1, exp arguments < 20, pow exponents 2 and 3 (any base), -1
(|base| > 0.1), 0.5 and 1.5 (base > 0.1), every node |v| < 1e6, every gradient
|g| < 1e8. Then
each case is re-evaluated with every node's value multiplied by (1 + δ), δ = ±1e-13
random, and rejected if the output or a gradient moves by more than 1e-10 relative
(1e-13 absolute): cancellation or saturation that amplifies rounding more than 1000×.
Cases whose gradients are all zero are rejected too.

Tool: torch 2.15.0 (float64, CPU), Python 3.11. Deterministic: random.Random(seed).
Run:  python3 Tests/Reference/generate_dags.py   (from the package root, with the
      packages of Tests/Reference/requirements.txt installed)
"""

import json
import math
import os
import random

import torch

torch.set_default_dtype(torch.float64)

SEED = 20240611
CASES = 260

UNARY = ["neg", "exp", "log", "sqrt", "abs", "tanh", "relu", "sigmoid", "selu", "gelu", "silu", "softsign", "softplus"]
BINARY = ["add", "sub", "mul", "div"]
CONST = ["add_const", "mul_const", "div_const", "rsub_const", "rdiv_const", "pow", "leaky_relu", "elu"]
NARY = ["sum", "dot"]
OPS = UNARY + BINARY + CONST + NARY
KINKED = {"abs", "relu", "leaky_relu", "elu", "selu", "softsign"}


def apply(op, a, b, c, xs, ys):
    """PyTorch's meaning of each op. a, b: first two args; xs, ys: all args / args2."""
    F = torch.nn.functional
    table = {
        "add": lambda: a + b,
        "sub": lambda: a - b,
        "mul": lambda: a * b,
        "div": lambda: a / b,
        "neg": lambda: -a,
        "exp": lambda: torch.exp(a),
        "log": lambda: torch.log(a),
        "sqrt": lambda: torch.sqrt(a),
        "abs": lambda: torch.abs(a),
        "tanh": lambda: torch.tanh(a),
        "relu": lambda: torch.relu(a),
        "sigmoid": lambda: torch.sigmoid(a),
        "selu": lambda: F.selu(a),
        "gelu": lambda: F.gelu(a, approximate="none"),
        "silu": lambda: F.silu(a),
        "softsign": lambda: F.softsign(a),
        "softplus": lambda: torch.logaddexp(a, torch.zeros_like(a)),
        "add_const": lambda: a + c,
        "mul_const": lambda: a * c,
        "div_const": lambda: a / c,
        "rsub_const": lambda: c - a,
        "rdiv_const": lambda: c / a,
        "pow": lambda: a**c,
        "leaky_relu": lambda: F.leaky_relu(a, negative_slope=c),
        "elu": lambda: F.elu(a, alpha=c),
        "sum": lambda: torch.stack(xs).sum(),
        "dot": lambda: (torch.stack(xs) * torch.stack(ys)).sum(),
    }
    return table[op]()


def pick(rng, count, sinks=()):
    """An index in [0, count): usually one of the last three, sometimes any, and
    sometimes one nothing uses yet (so that most inputs reach the output)."""
    r = rng.random()
    if r < 0.25 and sinks:
        return rng.choice(sorted(sinks))
    if r < 0.7:
        return count - 1 - rng.randrange(min(3, count))
    return rng.randrange(count)


def pick_many(rng, count, sinks):
    k = rng.randint(1, 6)
    xs = [pick(rng, count, sinks) for _ in range(k)]
    if k >= 2 and rng.random() < 0.4:
        xs[rng.randrange(k)] = xs[0]  # a repeated entry
    return xs


def propose(rng, values, sinks):
    """A random node whose arguments are in the op's safe domain, or None."""
    n = len(values)
    pick_ = lambda: pick(rng, n, sinks)
    op = rng.choice(OPS)
    node = {"op": op}
    if op in NARY:
        node["args"] = pick_many(rng, n, sinks)
        if op == "dot":
            node["args2"] = [pick_() for _ in node["args"]]
            if rng.random() < 0.3:
                node["args2"] = list(node["args"])  # Σ x², with sharing
        return node
    a = pick_()
    x = values[a]
    node["args"] = [a]
    if op in BINARY:
        b = a if rng.random() < 0.2 else pick_()
        node["args"] = [a, b]
        if op == "div" and abs(values[b]) <= 0.1:
            return None
        return node
    if op in ("log", "sqrt") and x <= 0.1:
        return None
    if op in KINKED and abs(x) <= 1e-3:
        return None
    if op == "exp" and x >= 20:
        return None
    if op == "rdiv_const" and abs(x) <= 0.1:
        return None
    if op == "pow":
        choices = [2.0, 3.0]
        if abs(x) > 0.1:
            choices.append(-1.0)
        if x > 0.1:
            choices += [0.5, 1.5]
        node["c"] = rng.choice(choices)
    elif op == "leaky_relu":
        node["c"] = rng.choice([0.01, 0.1, 0.2, 0.3])
    elif op == "elu":
        node["c"] = rng.choice([1.0, 0.5, 1.5])
    elif op == "div_const":
        node["c"] = rng.choice([-1, 1]) * round(rng.uniform(0.2, 4.0), 3)
    elif op in CONST:
        node["c"] = round(rng.uniform(-3.0, 3.0), 3)
    return node


def evaluate(inputs, nodes, scales=None):
    """Builds the graph in torch; returns (output, grads). scales[k] multiplies node k."""
    leaves = [torch.tensor(v, requires_grad=True) for v in inputs]
    vals = list(leaves)
    for k, node in enumerate(nodes):
        xs = [vals[i] for i in node["args"]]
        ys = [vals[i] for i in node.get("args2", [])]
        b = xs[1] if len(xs) > 1 else xs[0]
        v = apply(node["op"], xs[0], b, node.get("c"), xs, ys)
        if scales is not None:
            v = v * scales[k]
        vals.append(v)
    out = vals[-1]
    grads = torch.autograd.grad(out, leaves, allow_unused=True)
    grads = [0.0 if g is None else g.item() for g in grads]
    return out.item(), grads


def close(a, b, rel=1e-10, absolute=1e-13):
    return abs(a - b) <= max(absolute, rel * max(abs(a), abs(b)))


def append(node, nodes, values, sinks):
    """Appends the node if its value is finite and |v| < 1e6; tells whether it did."""
    with torch.no_grad():
        ts = [torch.tensor(v) for v in values]
        xs = [ts[i] for i in node["args"]]
        ys = [ts[i] for i in node.get("args2", [])]
        v = apply(node["op"], xs[0], xs[1] if len(xs) > 1 else xs[0], node.get("c"), xs, ys).item()
    if not math.isfinite(v) or abs(v) >= 1e6:
        return False
    sinks.difference_update(node["args"] + node.get("args2", []))
    sinks.add(len(values))
    nodes.append(node)
    values.append(v)
    return True


def make_case(rng):
    """One random DAG that passes every safety check, or None."""
    inputs = [round(rng.uniform(-2.0, 2.0), 6) for _ in range(rng.randint(2, 6))]
    nodes = []
    values = list(inputs)
    sinks = set(range(len(inputs)))  # values no node uses yet
    target = rng.randint(5, 39)
    attempts = 0
    while len(nodes) < target:
        attempts += 1
        if attempts > 50 * target:
            return None
        node = propose(rng, values, sinks)
        if node is None or not append(node, nodes, values, sinks):
            continue
    # Usually gather the unused values into a final sum, so that most inputs get a
    # gradient; sometimes leave them, so that zero gradients are tested too.
    loose = sorted(sinks - {len(values) - 1})
    if loose and rng.random() < 0.8:
        append({"op": "sum", "args": loose + [len(values) - 1]}, nodes, values, sinks)
    output, grads = evaluate(inputs, nodes)
    if not all(math.isfinite(g) and abs(g) < 1e8 for g in grads) or all(g == 0 for g in grads):
        return None
    for _ in range(2):  # conditioning: rounding-sized perturbations must stay small
        scales = [1 + rng.choice([-1, 1]) * 1e-13 for _ in nodes]
        p_out, p_grads = evaluate(inputs, nodes, scales)
        if not close(output, p_out) or not all(close(g, h) for g, h in zip(grads, p_grads)):
            return None
    return {"inputs": inputs, "nodes": nodes, "output": output, "grads": grads}


def main():
    rng = random.Random(SEED)
    cases, rejected = [], 0
    while len(cases) < CASES:
        case = make_case(rng)
        if case is None:
            rejected += 1
            continue
        cases.append({"name": f"dag-{len(cases):03d}", **case})
    used = {n["op"] for c in cases for n in c["nodes"]}
    missing = set(OPS) - used
    assert not missing, f"ops never used: {missing}"
    out = {"tool": f"torch {torch.__version__.split('+')[0]} float64 (CPU)", "cases": cases}
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "EngineTests", "Fixtures", "dags.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")
    if os.environ.get("VERBOSE"):
        print(f"{len(cases)} cases, {rejected} rejected")


if __name__ == "__main__":
    main()
