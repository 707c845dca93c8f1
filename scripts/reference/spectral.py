"""Reference values for degree, PageRank, HITS and eigenvector centrality.

Run with Debian's networkx 2.8:  /usr/bin/python3 scripts/reference/spectral.py
Writes test/fixtures/reference/spectral/<graph>.json for each graph of load.GRAPHS;
the tests in test/analyze/centrality/ compare influence-atlas with these values
(absolute tolerance 1e-9).

Every map is { node key: value }. Floats are rounded to 15 significant digits.

- degrees: G.in_degree / out_degree / degree (an undirected self-loop counts twice;
  for undirected graphs in = out = degree), and the same with weight="weight".
- pagerank: nx.pagerank(G, alpha=0.85, tol=1e-13, max_iter=10000), weighted and
  with weight=None; personalized with the first three node keys as teleport set
  (each 1: "set"), and with weights 1, 2, 3 on them ("weights"); dangling=None, so
  dangling mass follows the personalization vector, as networkx does.
- hits: nx.hits(G, max_iter=10000, tol=1e-14, nstart=all ones) (scipy svds), checked against
  nx.hits_numpy (dense eigendecomposition) to 1e-9 before being written.
- eigenvector: nx.eigenvector_centrality(G, max_iter=10000, tol=1e-12, weight="weight"),
  or the failure when networkx does not converge; also the outcome at networkx's
  defaults (max_iter=100, tol=1e-6).
"""
import json
import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import networkx as nx  # noqa: E402

from load import GRAPHS, load  # noqa: E402

OUT = os.path.join(HERE, "..", "..", "test", "fixtures", "reference", "spectral")

PR_TOL = 1e-13
PR_MAX_ITER = 10000
HITS_TOL = 1e-14
EIG_TOL = 1e-12
EIG_MAX_ITER = 10000


def r15(v):
    """Round to 15 significant digits (keeps fixtures small; tests use 1e-9)."""
    return float(f"{float(v):.15g}")


def as_map(d, nodes):
    return {str(k): r15(d[k]) for k in nodes}


def degrees(G):
    nodes = list(G)
    if G.is_directed():
        ind, outd, deg = G.in_degree(), G.out_degree(), G.degree()
        ins, outs, st = G.in_degree(weight="weight"), G.out_degree(weight="weight"), G.degree(weight="weight")
    else:
        ind = outd = deg = G.degree()
        ins = outs = st = G.degree(weight="weight")
    return {
        "inDegree": {k: int(ind[k]) for k in nodes},
        "outDegree": {k: int(outd[k]) for k in nodes},
        "degree": {k: int(deg[k]) for k in nodes},
        "inStrength": as_map(ins, nodes),
        "outStrength": as_map(outs, nodes),
        "strength": as_map(st, nodes),
    }


def hits(G):
    nodes = list(G)
    # A fixed start vector for ARPACK makes the fixture reproducible to the last digit.
    h, a = nx.hits(G, max_iter=10000, tol=HITS_TOL, nstart={k: 1.0 for k in nodes})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        hn, an = nx.hits_numpy(G)
    diff = max(max(abs(h[k] - hn[k]) for k in nodes), max(abs(a[k] - an[k]) for k in nodes))
    if diff > 1e-9:
        raise SystemExit(f"hits and hits_numpy disagree by {diff}: the leading singular value is not simple")
    print(f"  hits: max |hits - hits_numpy| = {diff:.1e}")
    return {"hubs": as_map(h, nodes), "authorities": as_map(a, nodes)}


def eigenvector(G, max_iter, tol):
    try:
        x = nx.eigenvector_centrality(G, max_iter=max_iter, tol=tol, weight="weight")
        return {"converged": True, "maxIter": max_iter, "tol": tol, "values": as_map(x, list(G))}
    except nx.PowerIterationFailedConvergence as err:
        return {"converged": False, "maxIter": max_iter, "tol": tol, "error": type(err).__name__}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in GRAPHS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            G = load(name)
        nodes = list(G)
        teleport = nodes[:3]
        pr = dict(alpha=0.85, tol=PR_TOL, max_iter=PR_MAX_ITER)
        doc = {
            "graph": name,
            "generator": "scripts/reference/spectral.py, networkx " + nx.__version__,
            "directed": G.is_directed(),
            "nodes": G.number_of_nodes(),
            "edges": G.number_of_edges(),
            "selfLoops": nx.number_of_selfloops(G),
            "totalWeight": float(G.size(weight="weight")),
            "degrees": degrees(G),
            "pagerank": {
                "params": {"alpha": 0.85, "tol": PR_TOL, "maxIter": PR_MAX_ITER},
                "weighted": as_map(nx.pagerank(G, weight="weight", **pr), nodes),
                "unweighted": as_map(nx.pagerank(G, weight=None, **pr), nodes),
                "teleport": teleport,
                "personalizedSet": as_map(
                    nx.pagerank(G, weight="weight", personalization={k: 1 for k in teleport}, **pr), nodes
                ),
                "personalizedWeights": as_map(
                    nx.pagerank(
                        G, weight="weight", personalization={k: i + 1 for i, k in enumerate(teleport)}, **pr
                    ),
                    nodes,
                ),
            },
            "hits": hits(G),
            "eigenvector": eigenvector(G, EIG_MAX_ITER, EIG_TOL),
            "eigenvectorDefaults": eigenvector(G, 100, 1e-6),
        }
        # At the defaults only the outcome matters (the values are those above, looser).
        doc["eigenvectorDefaults"].pop("values", None)
        path = os.path.join(OUT, name + ".json")
        with open(path, "w") as f:
            json.dump(doc, f, separators=(",", ":"))
            f.write("\n")
        print(
            f"{name}: n={doc['nodes']} m={doc['edges']} "
            f"eigenvector converged={doc['eigenvector']['converged']} "
            f"(defaults: {doc['eigenvectorDefaults']['converged']}) -> {os.path.relpath(path)}"
        )


if __name__ == "__main__":
    main()
