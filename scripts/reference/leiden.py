"""Reference values for Leiden (src/analyze/communities/leiden*.ts) and consensus.

Run with Debian's Python (networkx 2.8, igraph 0.10):

    /usr/bin/python3 scripts/reference/leiden.py

Writes test/fixtures/reference/leiden/<graph>.json for karate, football, the
largest weakly connected component of polblogs, and a seeded LFR benchmark
graph (networkx `LFR_benchmark_graph`, mu = 0.3; its edge list and planted
communities are stored in lfr.json). Every graph is taken the way the engine
sees it: the undirected weighted view (u->v and v->u merged into one edge,
weights summed; self-loops kept once).

For each graph, igraph's `community_leiden` over SEEDS (Python's `random` is
igraph's RNG, seeded per run) with

- objective_function="modularity", resolution 1, weights="weight",
  n_iterations=-1 (until stable), beta=0.01: networkx `modularity()` of the
  partition, the number of communities, NMI against the ground truth
  (`compare_communities(method="nmi")`);
- objective_function="modularity" at resolution gamma in MODULARITY_RESOLUTIONS
  (0.5 and 2), otherwise as above: networkx `modularity(..., resolution=gamma)`
  of the partition (the generalized modularity that objective optimises), the
  number of communities, and the number of communities that are not connected;
- objective_function="CPM" at two resolutions, node weights 1: the CPM quality
  computed directly (igraph's normalisation, see cpm_quality), the number of
  communities, and the number of communities that are not connected.

The CPM quality is igraph's objective:
    Q = (1 / 2m) * sum_c (2 * w_c - gamma * n_c**2)
where w_c is the weight of the edges inside c (a self-loop inside c counts
once in w_c), n_c the number of nodes of c and m the total edge weight. It
differs from Traag et al.'s sum_c [w_c - gamma * C(n_c, 2)] by a constant
factor and offset only, so both are optimised by the same partitions.
"""
import json
import os
import random
import sys

# networkx sums over sets of string keys: fix the hash seed for reproducible digits.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, "PYTHONHASHSEED": "0"})

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import igraph as ig  # noqa: E402
import networkx as nx  # noqa: E402

from load import ROOT, load, r, undirected_view  # noqa: E402

OUT = os.path.join(ROOT, "test", "fixtures", "reference", "leiden")
GROUND_TRUTH = {"karate": "club", "football": "value", "polblogs": "value"}
SEEDS = list(range(10))
MODULARITY_RESOLUTIONS = [0.5, 2]
CPM_RESOLUTIONS = {
    "karate": [0.1, 0.3],
    "football": [0.1, 0.3],
    "polblogs": [0.05, 0.2],
    "lfr": [0.05, 0.2],
}
# LFR parameters (Lancichinetti, Fortunato & Radicchi 2008), as in networkx's docs
# but n = 1000; LFR_SEED is the first seed from 0 for which networkx's generator
# succeeds with these parameters (it raises ExceededMaxIterations for some).
LFR = {"n": 1000, "tau1": 3, "tau2": 1.5, "mu": 0.3, "average_degree": 10, "max_degree": 50,
       "min_community": 20, "max_community": 100}


def labels_to_ids(labels):
    ids = {}
    return [ids.setdefault(x, len(ids)) for x in labels]


def to_igraph(U):
    keys = list(U.nodes())
    pos = {k: i for i, k in enumerate(keys)}
    g = ig.Graph(n=len(keys), edges=[(pos[u], pos[v]) for u, v in U.edges()], directed=False)
    g.es["weight"] = [float(w) for _, _, w in U.edges(data="weight", default=1.0)]
    return g, keys


def communities_of(keys, membership):
    k = max(membership) + 1 if membership else 0
    groups = [[] for _ in range(k)]
    for key, c in zip(keys, membership):
        groups[c].append(key)
    return groups


def cpm_quality(g, membership, gamma):
    total = sum(g.es["weight"])
    if total == 0:
        return 0.0
    inside = 0.0
    for e in g.es:
        if membership[e.source] == membership[e.target]:
            inside += 2 * e["weight"]
    sizes = {}
    for c in membership:
        sizes[c] = sizes.get(c, 0) + 1
    return (inside - gamma * sum(s * s for s in sizes.values())) / (2 * total)


def disconnected(g, membership):
    """Communities whose induced subgraph is not connected."""
    count = 0
    for c in set(membership):
        sub = g.induced_subgraph([i for i, x in enumerate(membership) if x == c])
        if not sub.is_connected():
            count += 1
    return count


def leiden_block(U, keys, truth, g):
    runs = []
    for seed in SEEDS:
        random.seed(seed)
        cl = g.community_leiden(objective_function="modularity", weights="weight",
                                resolution_parameter=1.0, beta=0.01, n_iterations=-1)
        m = cl.membership
        runs.append({
            "seed": seed,
            "count": len(set(m)),
            "modularity": r(nx.algorithms.community.modularity(U, communities_of(keys, m), weight="weight")),
            "nmi": r(ig.compare_communities(truth, m, method="nmi")) if truth is not None else None,
            "disconnected": disconnected(g, m),
        })
    best = max(runs, key=lambda x: x["modularity"])
    block = {
        "seeds": SEEDS,
        "modularity": [x["modularity"] for x in runs],
        "count": [x["count"] for x in runs],
        "nmi": [x["nmi"] for x in runs],
        "disconnected": [x["disconnected"] for x in runs],
        "bestModularity": best["modularity"],
        "bestNmi": best["nmi"],
    }
    if truth is not None:
        block["meanNmi"] = r(sum(x["nmi"] for x in runs) / len(runs))
    # igraph's multilevel (Louvain) on the same view, for the Leiden-vs-Louvain comparison.
    ml = []
    for seed in SEEDS:
        random.seed(seed)
        cl = g.community_multilevel(weights="weight")
        ml.append(r(g.modularity(cl.membership, weights="weight")))
    block["multilevelModularity"] = ml
    return block


def resolution_block(U, keys, g, resolutions):
    """Modularity objective at resolutions other than 1, keyed by str(gamma)."""
    out = {}
    for gamma in resolutions:
        runs = []
        for seed in SEEDS:
            random.seed(seed)
            cl = g.community_leiden(objective_function="modularity", weights="weight",
                                    resolution_parameter=float(gamma), beta=0.01, n_iterations=-1)
            m = cl.membership
            q = nx.algorithms.community.modularity(U, communities_of(keys, m), weight="weight", resolution=gamma)
            runs.append({"modularity": r(q), "count": len(set(m)), "disconnected": disconnected(g, m)})
        out[str(gamma)] = {
            "modularity": [x["modularity"] for x in runs],
            "count": [x["count"] for x in runs],
            "disconnected": [x["disconnected"] for x in runs],
            "bestModularity": max(x["modularity"] for x in runs),
        }
    return out


def cpm_block(g, resolutions):
    out = {}
    for gamma in resolutions:
        runs = []
        for seed in SEEDS:
            random.seed(seed)
            cl = g.community_leiden(objective_function="CPM", weights="weight",
                                    resolution_parameter=gamma, beta=0.01, n_iterations=-1)
            m = cl.membership
            runs.append({"quality": r(cpm_quality(g, m, gamma)), "count": len(set(m)),
                         "disconnected": disconnected(g, m)})
        out[str(gamma)] = {
            "quality": [x["quality"] for x in runs],
            "count": [x["count"] for x in runs],
            "disconnected": [x["disconnected"] for x in runs],
            "bestQuality": max(x["quality"] for x in runs),
        }
    return out


def lfr_graph():
    for seed in range(100):
        try:
            G = nx.LFR_benchmark_graph(LFR["n"], LFR["tau1"], LFR["tau2"], LFR["mu"],
                                       average_degree=LFR["average_degree"], max_degree=LFR["max_degree"],
                                       min_community=LFR["min_community"], max_community=LFR["max_community"],
                                       seed=seed)
        except nx.ExceededMaxIterations:
            continue
        G.remove_edges_from(list(nx.selfloop_edges(G)))
        return G, seed
    raise RuntimeError("no LFR seed in 0..99 worked")


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in ["karate", "football", "polblogs", "lfr"]:
        fx = {"graph": name}
        if name == "lfr":
            G, seed = lfr_graph()
            # planted communities: the node attribute "community" (a set), one per node.
            planted = {}
            truth_raw = []
            for v in sorted(G.nodes()):
                comm = frozenset(G.nodes[v]["community"])
                truth_raw.append(planted.setdefault(comm, len(planted)))
            U = nx.Graph()
            keys = [str(v) for v in sorted(G.nodes())]
            U.add_nodes_from(keys)
            edges = sorted((min(u, v), max(u, v)) for u, v in G.edges())
            for u, v in edges:
                U.add_edge(str(u), str(v), weight=1.0)
            truth = truth_raw
            fx["lfr"] = {**LFR, "seed": seed, "networkx": nx.__version__}
            fx["edges"] = [[u, v] for u, v in edges]
        else:
            G = load(name)
            if G.is_directed():
                lcc = max(nx.weakly_connected_components(G), key=len)
                G = G.subgraph([k for k in G.nodes() if k in lcc]).copy()
            U = undirected_view(G)
            keys = list(U.nodes())
            truth = labels_to_ids([G.nodes[k].get(GROUND_TRUTH[name]) for k in keys])
            fx["keys"] = keys if name == "polblogs" else None
        g, gkeys = to_igraph(U)
        assert gkeys == keys
        fx.update({
            "nodes": U.number_of_nodes(),
            "edges_count": U.number_of_edges(),
            "totalWeight": r(U.size(weight="weight")),
            "truth": truth,
            "truthModularity": r(nx.algorithms.community.modularity(U, communities_of(keys, truth), weight="weight")),
            "leiden": leiden_block(U, keys, truth, g),
            "cpm": cpm_block(g, CPM_RESOLUTIONS[name]),
            "resolutions": resolution_block(U, keys, g, MODULARITY_RESOLUTIONS),
        })
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(fx, f, separators=(",", ":"))
        lb = fx["leiden"]
        print(name, fx["nodes"], fx["edges_count"], "best Q", lb["bestModularity"], "mean NMI", lb.get("meanNmi"),
              "counts", lb["count"], "cpm", {k: (v["bestQuality"], v["count"][0]) for k, v in fx["cpm"].items()},
              "modularity at", {k: (v["bestModularity"], v["count"]) for k, v in fx["resolutions"].items()})


if __name__ == "__main__":
    main()
