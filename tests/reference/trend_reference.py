#!/usr/bin/python3
"""Independent check of the account-aware trend test (engine/core/verdict/trendTest.ts).

Reads JSON on stdin: a list of cases, each with per-snapshot `group` (tier
index, healthiest 0), `event` (0/1) and `cluster` (account id). For each case
prints the classical Cochran-Armitage z computed another way (sqrt(N) times
the Pearson correlation of tier position and outcome, a textbook identity),
the design effect from pandas per-account sums, the corrected z and its
one-sided p-value (scipy.stats.norm.sf), and, for comparison only, the plain
cluster-robust score z T / sqrt(G/(G-1) sum_accounts U_i^2).
"""
import json
import sys

import numpy as np
import pandas as pd
from scipy.stats import norm

out = []
for case in json.load(sys.stdin):
    df = pd.DataFrame(case)
    df = df[df.group >= 0]
    # Positions among the tiers that hold snapshots.
    present = np.sort(df.group.unique())
    df["t"] = np.searchsorted(present, df.group.to_numpy())
    y = df.event.to_numpy(float)
    t = df.t.to_numpy(float)
    n = len(df)
    if n == 0 or y.min() == y.max() or t.min() == t.max() or df.cluster.nunique() < 2:
        out.append(None)
        continue
    r = np.corrcoef(t, y)[0, 1]
    z_classical = np.sqrt(n) * r
    u = (t - t.mean()) * (y - y.mean())
    per_account = pd.Series(u).groupby(df.cluster.to_numpy()).sum()
    g = len(per_account)
    clustered = g / (g - 1) * float((per_account**2).sum())
    independent = n / (n - 1) * float((u**2).sum())
    deff = max(1.0, clustered / independent)
    z = z_classical / np.sqrt(deff)
    out.append({
        "snapshots": n,
        "accounts": g,
        "classicalZ": float(z_classical),
        "designEffect": float(deff),
        "z": float(z),
        "pValue": float(norm.sf(z)),
        "clusterRobustScoreZ": float(u.sum() / np.sqrt(clustered)),
    })
json.dump(out, sys.stdout)
