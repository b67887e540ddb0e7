"""Runs `diligence argue` and the independent ICCMA solver crustabri on the
same instances and tasks (those of shared/iccma/crustabri-answers.json), in
one run, and prints per task: the answers that disagree (there must be
none), the instances either solver left open within the time limit, and the
median ratio of wall times (diligence / crustabri) where both answered.

Usage: iccma_compare.py DILIGENCE CRUSTABRI SHARED_ICCMA_DIR [SECONDS]
"""

import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict


def run(cmd, limit):
    start = time.perf_counter()
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return "TIMEOUT", None, limit
    seconds = time.perf_counter() - start
    if out.returncode != 0:
        return "ERROR", out.stderr.strip().splitlines()[-1:] or [""], seconds
    return out.stdout, None, seconds


def first(answer):
    line = answer.splitlines()[0] if answer.strip() else ""
    return "EXTENSION" if line.startswith("w") else line


def main():
    ours_bin, theirs_bin, iccma = sys.argv[1:4]
    limit = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0
    recorded = json.load(open(os.path.join(iccma, "crustabri-answers.json")))
    per_task = defaultdict(lambda: {"n": 0, "disagree": [], "ratios": [], "open_theirs": 0, "open_ours": 0, "ours_only": []})
    for key in sorted(recorded):
        parts = key.split()
        instance, task = parts[0], parts[1]
        query = parts[2] if len(parts) > 2 else None
        path = os.path.join(iccma, "instances", instance)
        args = ["-p", task, "-f", path] + (["-a", query] if query else [])
        ours, err, t_ours = run([ours_bin, "argue"] + args, limit)
        theirs, _, t_theirs = run([theirs_bin] + args, limit)
        row = per_task[task]
        row["n"] += 1
        a, b = first(ours), first(theirs)
        if a == "ERROR":
            row["disagree"].append(f"{key}: diligence failed: {err}")
            continue
        if a == "TIMEOUT":
            row["open_ours"] += 1
        if b == "TIMEOUT":
            row["open_theirs"] += 1
            if a != "TIMEOUT":
                row["ours_only"].append(f"{key}: {a} in {t_ours:.2f}s")
        if a not in ("TIMEOUT",) and b not in ("TIMEOUT", "ERROR"):
            if a != b:
                row["disagree"].append(f"{key}: diligence {a}, crustabri {b}")
            row["ratios"].append(t_ours / max(t_theirs, 1e-6))
        print(f"{key:<48} diligence {a:<9} {t_ours:7.3f}s   crustabri {b:<9} {t_theirs:7.3f}s", flush=True)

    print()
    print(f"{'task':<8} {'cases':>5} {'disagree':>8} {'open: diligence':>16} {'open: crustabri':>16} {'median ratio':>13}")
    total_disagree = 0
    for task in sorted(per_task):
        row = per_task[task]
        total_disagree += len(row["disagree"])
        ratio = f"{statistics.median(row['ratios']):.2f}x" if row["ratios"] else "-"
        print(f"{task:<8} {row['n']:>5} {len(row['disagree']):>8} {row['open_ours']:>16} {row['open_theirs']:>16} {ratio:>13}")
    for task in sorted(per_task):
        for line in per_task[task]["disagree"]:
            print("DISAGREE", line)
        for line in per_task[task]["ours_only"]:
            print("ANSWERED WHERE CRUSTABRI TIMED OUT", line)
    print(f"\ntime limit per run: {limit:g}s; ratio = diligence wall time / crustabri wall time (lower is faster)")
    sys.exit(1 if total_disagree else 0)


if __name__ == "__main__":
    main()
