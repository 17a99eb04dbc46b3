"""scikit-learn's reference for the fitted scorecard (npm run bench:scorecard).

Reads the snapshot rows bench/scorecard.ts writes (split, account, label and
every signal's raw value, blank where unavailable) and prints, as JSON, the
held-out ROC AUC of HistGradientBoostingClassifier (missing values handled
natively) and of LogisticRegression (median imputation, a missing-value
indicator per signal, standardised), both fitted on the fitting months only.

  /usr/bin/python3 bench/scorecard_sklearn.py ROWS.csv [--out FIXTURE.json]
"""
import json
import sys

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def main(argv):
    rows = pd.read_csv(argv[1])
    signals = [c for c in rows.columns if c not in ("split", "account", "label")]
    train = rows[rows.split == "fit"]
    test = rows[rows.split == "held-out"]
    x_train, y_train = train[signals].to_numpy(float), train.label.to_numpy(int)
    x_test, y_test = test[signals].to_numpy(float), test.label.to_numpy(int)

    # Seeds fixed so the fixture is reproducible; early stopping off so nothing depends on an internal split.
    hgb = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15,
                                         min_samples_leaf=100, early_stopping=False, random_state=0)
    hgb.fit(x_train, y_train)
    lr = make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler(),
                       LogisticRegression(max_iter=2000))
    lr.fit(x_train, y_train)
    out = {
        "fitSnapshots": int(len(train)),
        "heldOutSnapshots": int(len(test)),
        "heldOutChurners": int(y_test.sum()),
        "signals": signals,
        "hgbAuc": float(roc_auc_score(y_test, hgb.predict_proba(x_test)[:, 1])),
        "logisticAuc": float(roc_auc_score(y_test, lr.predict_proba(x_test)[:, 1])),
        "sklearn": __import__("sklearn").__version__,
    }
    text = json.dumps(out, indent=2) + "\n"
    if "--out" in argv:
        with open(argv[argv.index("--out") + 1], "w") as f:
            f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    np.random.seed(0)
    main(sys.argv)
