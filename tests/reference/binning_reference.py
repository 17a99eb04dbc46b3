"""Independent check of engine/core/calibration/binning.ts (tests/engine/binning.test.ts).

Reads JSON on stdin: values, labels, the pre-bin edges and the final band
edges the engine chose. Pools the pre-bins with scikit-learn's
IsotonicRegression (both directions, keeping the one with the smaller squared
error, as the engine does) and counts each final band with pandas to compute
its weight of evidence. Prints JSON: the direction, the isotonic rate of every
pre-bin, and each band's count, churners and weight of evidence.
"""
import json
import sys

import numpy as np
import pandas as pd
from sklearn.isotonic import IsotonicRegression

inp = json.load(sys.stdin)
v = np.asarray(inp["values"], float)
y = np.asarray(inp["labels"], int)
pre = np.searchsorted(np.asarray(inp["preEdges"], float), v, side="right")
g = pd.DataFrame({"bin": pre, "y": y}).groupby("bin").y.agg(["count", "sum"])
rate = (g["sum"] / g["count"]).to_numpy()
fits = {}
for increasing in (True, False):
    fitted = IsotonicRegression(increasing=increasing).fit_transform(np.arange(len(rate)), rate, sample_weight=g["count"])
    per_row = fitted[pre]
    fits[increasing] = (float(((y - per_row) ** 2).sum()), fitted)
up = fits[True][0] <= fits[False][0]
band = np.searchsorted(np.asarray(inp["bandEdges"], float), v, side="right")
b = pd.DataFrame({"band": band, "y": y}).groupby("band").y.agg(["count", "sum"])
k = len(b)
events, stayers = b["sum"].to_numpy(float), (b["count"] - b["sum"]).to_numpy(float)
woe = np.log(((stayers + 0.5) / (stayers.sum() + 0.5 * k)) / ((events + 0.5) / (events.sum() + 0.5 * k)))
json.dump({
    "direction": "risk-rises" if up else "risk-falls",
    "preBinRates": fits[up][1].tolist(),
    "bands": [{"count": int(c), "events": int(e), "woe": float(w)} for c, e, w in zip(b["count"], b["sum"], woe)],
}, sys.stdout)
