"""PageRank accuracy at scale: our top-100 against igraph's PRPACK.

Run:  /usr/bin/python3 scripts/reference/pagerank_scale.py [NODES EDGES ...] [--dir DIR]
        [--tolerance T] [--relative-tolerance R|null]
(Debian's python3-igraph 0.10 and python3-scipy; default sizes 100000 1000000,
default DIR /tmp/pagerank-scale; nothing is written into the repository.)

For each size, runs `bench/pagerank-scale.ts` (the benchmark graph
`scaleFreeDigraph(NODES, EDGES, 42)` written as an edge list with
`toEdgelist`, then our `computePagerankDetailed` as the pipeline calls it:
alpha 0.85, weighted, tolerance 1e-12 unless --tolerance, relativeTolerance
the engine's default unless --relative-tolerance; `null` gives networkx's
rule alone, i.e. the engine before relativeTolerance), then reads the
same edge list here and computes:

  igraph   Graph.pagerank(damping=0.85, directed=True) on the multigraph
           (repeated records are parallel edges = summed weights, as our
           index merges them; self-loops kept), PRPACK;
  scipy    a plain power iteration (networkx's update, float64, dangling
           mass spread uniformly) run until its L1 change is < 1e-15, as a
           check of igraph's own accuracy.

Prints one JSON object a size: our iterations and time, and over igraph's
top 100 nodes the max relative error |ours - igraph| / igraph (also ours vs
scipy and igraph vs scipy), plus the L1 distance over all nodes.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import igraph as ig
import numpy as np
import scipy.sparse as sp

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
ALPHA = 0.85
TOP = 100


def read_edges(path):
    with open(path, "rb") as f:
        data = f.read()
    lines = data.split(b"\n", 1)
    body = lines[1] if data.startswith(b"#") else data
    flat = np.array(body.split(), dtype=np.int64)
    return flat[0::2], flat[1::2]


def power_iteration(n, src, dst, tol=1e-15, max_iter=10000):
    """x <- alpha (x P + dangling mass / n) + (1 - alpha) / n, from uniform, until the L1 change < tol."""
    w = np.ones(len(src))
    A = sp.csr_matrix((w, (src, dst)), shape=(n, n))  # duplicates summed
    out = np.asarray(A.sum(axis=1)).ravel()
    dangling = out == 0
    inv = np.zeros(n)
    inv[~dangling] = 1.0 / out[~dangling]
    AT = A.T.tocsr()
    x = np.full(n, 1.0 / n)
    for it in range(1, max_iter + 1):
        nxt = ALPHA * (AT @ (x * inv)) + (ALPHA * x[dangling].sum() + 1 - ALPHA) / n
        err = np.abs(nxt - x).sum()
        x = nxt
        if err < tol:
            return x, it
    raise RuntimeError("power iteration did not converge")


def max_rel(values, ref, top):
    return float(np.max(np.abs(values[top] - ref[top]) / ref[top]))


def measure(nodes, edges, directory, tolerance, relative_tolerance):
    cmd = ["node", "--import", "tsx", os.path.join(ROOT, "bench", "pagerank-scale.ts"), str(nodes), str(edges), directory]
    if tolerance is not None or relative_tolerance is not None:
        cmd.append(repr(tolerance if tolerance is not None else 1e-12))
    if relative_tolerance is not None:
        cmd.append(relative_tolerance)
    ours_run = json.loads(subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
    ours = np.fromfile(ours_run["values"], dtype="<f8")

    src, dst = read_edges(os.path.join(directory, f"scale-free-{nodes}-{edges}.txt"))
    n = int(max(src.max(), dst.max())) + 1
    assert n == len(ours), (n, len(ours))
    g = ig.Graph(n=n, edges=np.column_stack([src, dst]).tolist(), directed=True)
    t = time.perf_counter()
    ref = np.array(g.pagerank(damping=ALPHA, directed=True))
    igraph_seconds = time.perf_counter() - t
    t = time.perf_counter()
    check, check_iterations = power_iteration(n, src, dst)
    scipy_seconds = time.perf_counter() - t

    top = np.argsort(-ref, kind="stable")[:TOP]
    return {
        "nodes": n,
        "records": len(src),
        "ours": {k: ours_run[k] for k in ("tolerance", "relativeTolerance", "iterations", "delta", "relativeChange", "seconds", "bestSeconds")},
        "igraphSeconds": round(igraph_seconds, 3),
        "scipyIterations": check_iterations,
        "scipySeconds": round(scipy_seconds, 3),
        "top100": {"largest": float(ref[top[0]]), "smallest": float(ref[top[-1]])},
        "maxRelErrorTop100": {
            "oursVsIgraph": max_rel(ours, ref, top),
            "oursVsScipy": max_rel(ours, check, top),
            "igraphVsScipy": max_rel(ref, check, top),
        },
        "l1": {"oursVsIgraph": float(np.abs(ours - ref).sum()), "igraphVsScipy": float(np.abs(ref - check).sum())},
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[100000, 1000000])
    parser.add_argument("--dir", default="/tmp/pagerank-scale")
    parser.add_argument("--tolerance", type=float, default=None)
    parser.add_argument("--relative-tolerance", default=None, help="a number, or null for networkx's rule alone")
    args = parser.parse_args()
    if len(args.sizes) % 2:
        sys.exit("give sizes as pairs: NODES EDGES")
    for i in range(0, len(args.sizes), 2):
        print(json.dumps(measure(args.sizes[i], args.sizes[i + 1], args.dir, args.tolerance, args.relative_tolerance)), flush=True)


if __name__ == "__main__":
    main()
