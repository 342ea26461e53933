"""PyTorch's recommended initialization gains, from torch.nn.init.calculate_gain.

Produces ``Tests/NNTests/Fixtures/gains.json``: for each nonlinearity (and
leaky_relu's negative slope) the gain and its exact bits as float.hex, plus the error
message calculate_gain raises for the activations it does not know (gelu, silu, ...).
Parameters are passed as Python floats (calculate_gain treats a bool specially and
accepts int or float); "param": null means the argument was omitted (leaky_relu's
default slope 0.01).

Tool: torch 2.15.0, Python 3.11.
Run:  python3 Tests/Reference/generate_gains.py   (from the package root, with the
      packages of Tests/Reference/requirements.txt installed)
"""

import json
import os

import torch
from torch.nn.init import calculate_gain

PLAIN = [
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
    "tanh",
    "relu",
    "selu",
]
LEAKY_PARAMS = [None, 0.0, 0.01, 0.1, 0.2, 0.3, 1.0, 5.0]
UNSUPPORTED = ["gelu", "silu", "elu", "softsign", "softplus", "mish"]


def row(nonlinearity, param):
    gain = calculate_gain(nonlinearity) if param is None else calculate_gain(nonlinearity, float(param))
    gain = float(gain)
    return {"nonlinearity": nonlinearity, "param": param, "gain": gain, "hex": gain.hex()}


def main():
    gains = [row(name, None) for name in PLAIN] + [row("leaky_relu", p) for p in LEAKY_PARAMS]
    errors = []
    for name in UNSUPPORTED:
        try:
            calculate_gain(name)
        except Exception as error:  # calculate_gain raises ValueError
            errors.append({"nonlinearity": name, "message": str(error)})
        else:
            raise SystemExit(f"calculate_gain({name!r}) unexpectedly succeeded")
    out = {"tool": f"torch {torch.__version__.split('+')[0]} (torch.nn.init.calculate_gain)", "gains": gains, "errors": errors}
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "NNTests", "Fixtures", "gains.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
