#!/usr/bin/python3
"""The baseline an analyst would otherwise use: pandas/numpy and scikit-learn
doing the same work as the workbench's engine on the same data.

    /usr/bin/python3 bench/baseline_pandas.py EVENTS_CSV SNAPSHOTS_CSV RUNS

EVENTS_CSV: the usage events file the engine loads.
SNAPSHOTS_CSV: the evaluated snapshots' category scores, segment and outcome,
written by bench/run.ts. Prints one JSON object of timings in milliseconds.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve


def timed(fn, runs):
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


events_csv, snapshots_csv, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
load = timed(lambda: pd.read_csv(events_csv, parse_dates=["date"]), max(1, runs // 5))

snaps = pd.read_csv(snapshots_csv)
cats = snaps[[c for c in snaps.columns if c.startswith("cat_")]].to_numpy(dtype=np.float64)
segment = snaps["segment"].to_numpy()
label = snaps["label"].to_numpy()
weights = np.array([30, 20, 20, 15, 15][: cats.shape[1]], dtype=np.float64)
cuts = np.array([40, 70])  # Red < 40 ≤ Yellow < 70 ≤ Green


def recompute():
    w = weights.copy()
    w[0] += 1
    w[1] -= 1
    score = cats @ w / 100.0
    tier = np.digitize(score, cuts)  # 0 red, 1 yellow, 2 green
    at_risk = tier == 0
    df = pd.DataFrame({"segment": segment, "tier": tier, "label": label, "pred": at_risk})
    df.groupby("tier")["label"].agg(["size", "sum"])
    df.assign(tp=df.pred & (df.label == 1), fp=df.pred & (df.label == 0), fn=~df.pred & (df.label == 1)).groupby("segment")[["tp", "fp", "fn"]].sum()
    return score


def metrics():
    score = cats @ weights / 100.0
    roc_curve(label, -score)
    precision_recall_curve(label, -score)
    roc_auc_score(label, -score)
    average_precision_score(label, -score)


print(json.dumps({
    "load_events_ms": load,
    "recompute_ms": timed(recompute, runs),
    "metric_set_ms": timed(metrics, max(3, runs // 3)),
    "rows": int(len(snaps)),
}))
