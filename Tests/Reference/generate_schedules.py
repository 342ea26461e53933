"""Cosine-annealing learning rates: PyTorch's scheduler against the closed form.

Produces ``Tests/NNTests/Fixtures/schedules.json``, read by the NN tests. Format:

{"tool": str, "description": str,
 "cosine_annealing": [{
    "name": str, "base_lr": float, "T_max": int, "eta_min": float,
    "steps": [int],                # t = 0 ... 30
    "torch": [float],              # PyTorch's lr at step t (same length as steps)
    "closed_form": [float],        # eta_min + (base_lr - eta_min)*(1 + cos(pi*t/T_max))/2, float64
    "closed_form_exact": [float],  # the same formula in exact arithmetic (mpmath), rounded once
    "torch_equals_closed_form": [bool],   # torch[t] and closed_form[t] are the same float64
    "torch_ulps_from_exact": [int],       # distance of torch[t] from closed_form_exact[t]
    "closed_form_ulps_from_exact": [int],
    "max_abs_diff_torch_closed_form": float}],
 "notes": str}

torch: SGD([p], lr=base_lr) with CosineAnnealingLR(optimizer, T_max, eta_min); the lr
at step 0 is the one after construction, and after each optimizer.step() then
scheduler.step() comes the next one (get_last_lr()[0]). PyTorch uses a chainable,
recursive form lr_t = (1 + cos(pi t/T)) / (1 + cos(pi (t-1)/T)) · (lr_{t-1} - eta_min)
+ eta_min, with the special step lr_{t-1} + (base - eta_min)(1 - cos(pi/T))/2 when
(t - 1 - T) mod 2T = 0; it does not stop at T_max but goes back up, periodically with
period 2·T_max, exactly as the closed form does (cos is periodic). The two agree in
exact arithmetic at every t, so the only differences are float64 rounding, which the
recursion accumulates; the closed form is computed in float64 exactly as written
(Python's math.cos, math.pi).

Tool: torch 2.15.0 (CPU), mpmath 1.3.0 (mp.dps = 50), Python 3.11. Deterministic.
Run:  python3 Tests/Reference/generate_schedules.py   (from the package root, with the
      packages of Tests/Reference/requirements.txt installed)
"""

import math

import mpmath
import torch
from mpmath import mp, mpf

from fixturejson import same_bits, to_f64, ulps, write

mp.dps = 50
STEPS = 30
SETTINGS = [("cosine-Tmax10-etamin0.01", 1.0, 10, 0.01), ("cosine-Tmax7-etamin0", 1.0, 7, 0.0)]


def torch_lrs(base_lr, T_max, eta_min):
    p = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    opt = torch.optim.SGD([p], lr=base_lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=T_max, eta_min=eta_min)
    lrs = [sched.get_last_lr()[0]]
    for _ in range(STEPS):
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr()[0])
    return [float(v) for v in lrs]


def closed_form(base_lr, T_max, eta_min, t):
    return eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * t / T_max)) / 2


def closed_form_exact(base_lr, T_max, eta_min, t):
    # base_lr and eta_min as the float64 the scheduler was given; pi and cos exact
    v = mpf(eta_min) + (mpf(base_lr) - mpf(eta_min)) * (1 + mpmath.cos(mpmath.pi * t / T_max)) / 2
    return to_f64(v)


def case(name, base_lr, T_max, eta_min):
    steps = list(range(STEPS + 1))
    tl = torch_lrs(base_lr, T_max, eta_min)
    cf = [closed_form(base_lr, T_max, eta_min, t) for t in steps]
    ex = [closed_form_exact(base_lr, T_max, eta_min, t) for t in steps]
    return {
        "name": name, "base_lr": base_lr, "T_max": T_max, "eta_min": eta_min, "steps": steps,
        "torch": tl, "closed_form": cf, "closed_form_exact": ex,
        "torch_equals_closed_form": [same_bits(a, b) for a, b in zip(tl, cf)],
        "torch_ulps_from_exact": [ulps(a, b) for a, b in zip(tl, ex)],
        "closed_form_ulps_from_exact": [ulps(a, b) for a, b in zip(cf, ex)],
        "max_abs_diff_torch_closed_form": max(abs(a - b) for a, b in zip(tl, cf)),
    }


def main():
    cases = [case(*s) for s in SETTINGS]
    lines = []
    for c in cases:
        equal = [t for t, e in zip(c["steps"], c["torch_equals_closed_form"]) if e]
        lines.append(f"{c['name']}: torch and the float64 closed form are bit-identical at t = "
                     f"{equal}; elsewhere they differ by at most "
                     f"{c['max_abs_diff_torch_closed_form']:.3g} (torch up to "
                     f"{max(c['torch_ulps_from_exact'])} ulps from the exact formula, the float64 "
                     f"closed form up to {max(c['closed_form_ulps_from_exact'])} ulps).")
        # past T_max both climb back: lr(T_max + k) = lr(T_max - k) in exact arithmetic
        T = c["T_max"]
        assert c["closed_form_exact"][T] == c["eta_min"]
        assert c["closed_form_exact"][2 * T] == c["base_lr"]
        assert c["max_abs_diff_torch_closed_form"] < 1e-14
    data = {
        "tool": f"torch {torch.__version__.split('+')[0]} (CPU, torch.optim.lr_scheduler.CosineAnnealingLR); "
                f"mpmath {mpmath.__version__} (mp.dps = 50)",
        "description": "CosineAnnealingLR learning rates at steps 0...30 (lr=1.0; T_max=10, "
                       "eta_min=0.01 and T_max=7, eta_min=0), with the closed form in float64 "
                       "and exactly. PyTorch's chainable recursive form does not stop at T_max: "
                       "it climbs back to base_lr at 2*T_max, periodically, like the closed "
                       "form; they differ only by rounding. See generate_schedules.py.",
        "cosine_annealing": cases,
        "notes": " ".join(lines),
    }
    path = write("NNTests/Fixtures/schedules.json", data)
    print(path)
    print(data["notes"])


if __name__ == "__main__":
    main()
