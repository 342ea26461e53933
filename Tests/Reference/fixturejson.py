"""Shared helpers for the newer fixture generators (generate_edges.py,
generate_normalization.py, generate_jacobian.py, generate_svd.py,
generate_schedules.py). Not a generator itself: the Regenerating loop in README.md
runs only ``generate_*.py``.

Conventions every fixture written through ``write`` follows:

* finite floats are JSON numbers in Python's shortest round-trip repr (so they reach
  Swift bit for bit), ``-0.0`` stays ``-0.0``;
* non-finite floats are the JSON strings ``"inf"``, ``"-inf"`` and ``"nan"`` (never the
  bare ``Infinity``/``NaN`` tokens, which are not JSON);
* lists of scalars and small records of scalars are written on one line, lists of
  such lists one row per line, so the files stay small and diffable.

``to_f64`` rounds an mpmath number to the nearest float64 exactly once (through an
exact rational, so subnormals, overflow to ±inf and the sign of an underflowing
negative value are all correct), ``ulps`` is the distance in units in the last place
between two float64 (±0 are the same point, nan is equal only to nan).
"""

import json
import math
import os
import struct
from fractions import Fraction

import mpmath

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.normpath(os.path.join(HERE, ".."))


def to_f64(v):
    """The float64 nearest to the mpmath number v (ties to even), rounded once."""
    v = mpmath.mpf(v)
    if mpmath.isnan(v):
        return math.nan
    if mpmath.isinf(v):
        return math.inf if v > 0 else -math.inf
    sign, man, exp, _ = v._mpf_  # v = (-1)**sign * man * 2**exp (mpf.man_exp drops the sign)
    if man == 0:
        return 0.0
    if sign:
        man = -man
    top = exp + man.bit_length()  # 2**(top-1) <= |v| < 2**top
    if top < -1080:  # below half the smallest subnormal (2**-1075): a signed zero
        return -0.0 if man < 0 else 0.0
    if top > 1030:  # far above the largest float64
        return -math.inf if man < 0 else math.inf
    q = Fraction(man) * Fraction(2) ** exp
    try:
        return q.numerator / q.denominator  # int / int is correctly rounded
    except OverflowError:
        return math.inf if q > 0 else -math.inf


def _ordered(x):
    i = struct.unpack("<q", struct.pack("<d", x))[0]
    return i if i >= 0 else -(i & 0x7FFFFFFFFFFFFFFF)


def ulps(a, b):
    """Distance between two float64 in ulps (math.inf if exactly one is nan)."""
    if math.isnan(a) or math.isnan(b):
        return 0 if (math.isnan(a) and math.isnan(b)) else math.inf
    return abs(_ordered(a) - _ordered(b))


def same_bits(a, b):
    """True when a and b are the same float64 (nan equals nan, -0.0 differs from 0.0)."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return struct.pack("<d", a) == struct.pack("<d", b)


def encode(obj):
    """Recursively replaces non-finite floats by "inf", "-inf", "nan"."""
    if isinstance(obj, bool) or obj is None or isinstance(obj, (int, str)):
        return obj
    if isinstance(obj, float):
        if math.isnan(obj):
            return "nan"
        if math.isinf(obj):
            return "inf" if obj > 0 else "-inf"
        return obj
    if isinstance(obj, dict):
        return {str(k): encode(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [encode(v) for v in obj]
    if hasattr(obj, "tolist"):  # numpy / torch
        return encode(obj.tolist())
    raise TypeError(f"cannot encode {type(obj)}")


def decode_float(v):
    """Inverse of encode for one scalar: a JSON number or one of the three strings."""
    if isinstance(v, str):
        return {"inf": math.inf, "-inf": -math.inf, "nan": math.nan}[v]
    return float(v)


def _scalar(v):
    return not isinstance(v, (dict, list))


def _dumps(obj, level):
    pad = " " * level
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        if all(_scalar(v) for v in obj.values()) and len(obj) <= 8:  # small records: one line
            return json.dumps(obj, allow_nan=False)
        items = [f'{pad} {json.dumps(k)}: {_dumps(v, level + 1)}' for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list):
        if all(_scalar(v) for v in obj):
            return "[" + ", ".join(json.dumps(v, allow_nan=False) for v in obj) + "]"
        items = [f"{pad} {_dumps(v, level + 1)}" for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(obj, allow_nan=False)


def _check_same(a, b, where="$"):
    if isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), where
        for k in a:
            _check_same(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            _check_same(x, y, f"{where}[{i}]")
    elif isinstance(a, float):
        assert isinstance(b, float) and same_bits(a, b), (where, a, b)
    else:
        assert a == b and type(a) is type(b), (where, a, b)


def write(relpath, data):
    """Encodes data, writes it to Tests/<relpath>, and checks that json.load gives
    back exactly the same values (bit for bit). Returns the absolute path."""
    data = encode(data)
    text = _dumps(data, 0) + "\n"
    _check_same(data, json.loads(text))
    path = os.path.join(TESTS, relpath)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        fh.write(text)
    return path
