"""Reference values for the niche comparison (src/analyze/compare).

Run with Debian's Python (networkx 2.8, scipy):

    /usr/bin/python3 scripts/reference/compare.py

Writes test/fixtures/reference/compare/<graph>.json for karate, polblogs,
congress and the Facebook page network's `politician` niche (the subgraph
induced by the pages of page_type politician; data/facebook_page_page). Every
figure is computed on the unweighted graph (the comparison looks at structure
only), as networkx defines it:

- size: nx.density, nx.reciprocity (directed), number of weakly connected
  components, share of the largest one;
- shape: in/out degree (the degree if undirected): mean, max, numpy linear
  quantiles 0.5/0.9/0.99, CCDF over distinct degrees >= 1, a discrete
  power-law tail fit (Clauset et al. 2009: alpha by their eq. 3.7, xmin by the
  KS distance to the discrete CDF 1 - zeta(alpha, k+1)/zeta(alpha, xmin)
  over every integer k in [xmin, max], scipy.special.zeta; candidates need
  >= 10 tail nodes; ties go to the smaller xmin);
  nx.average_clustering of the undirected view, nx.degree_assortativity_coefficient
  with (x, y) in out/in, in/in, out/out, in/out, max core number and the size
  of the max core (undirected view without self-loops);
- communities of a FIXED partition (karate `club`, polblogs `value`, congress
  `party`, Facebook: int(key) % 5), so that the test needs no Louvain:
  sizes, Shannon entropy (scipy.stats.entropy), evenness, modularity
  (nx.community.modularity of the undirected view where u->v and v->u merge
  into one edge of weight 2), coverage (nx.community.partition_quality(G, P)[0]),
  largest share;
- leadership: nx.pagerank(G, alpha=0.85, weight=None, tol=1e-15): share of the
  top ceil(n/100) and ceil(n/10) values, Gini, the top-10 keys (ties by key),
  the share of the leaders' in-edges (neighbours if undirected; self-loops
  excluded) from another community, and the share of nodes whose neighbours
  (either direction, self excluded) span >= 2 communities.
"""
import csv
import json
import math
import os
import sys

if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, "PYTHONHASHSEED": "0"})

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
from scipy.special import zeta  # noqa: E402
from scipy.stats import entropy  # noqa: E402

from load import DATA, ROOT, load  # noqa: E402

OUT = os.path.join(ROOT, "test", "fixtures", "reference", "compare")
MIN_TAIL = 10


def r(x):
    return None if x is None else float("%.15g" % x)


def unweighted(G):
    H = nx.DiGraph() if G.is_directed() else nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from(G.edges())
    return H


def facebook_niche(page_type):
    G = nx.Graph()
    with open(os.path.join(DATA, "facebook_page_page", "musae_facebook_target.csv"), newline="") as f:
        for row in csv.DictReader(f):
            G.add_node(row["id"], page_type=row["page_type"])
    with open(os.path.join(DATA, "facebook_page_page", "musae_facebook_edges.csv"), newline="") as f:
        for row in csv.DictReader(f):
            G.add_edge(row["id_1"], row["id_2"])
    nodes = [v for v, t in G.nodes(data="page_type") if t == page_type]
    return nx.Graph(G.subgraph(nodes))


def power_law(values):
    x = np.sort(np.array([v for v in values if v >= 1], dtype=float))
    n = len(x)
    if n < MIN_TAIL:
        return None
    best = None
    for start in range(n):
        if start > 0 and x[start] == x[start - 1]:
            continue
        tail = x[start:]
        m = len(tail)
        if m < MIN_TAIL:
            break
        xmin = x[start]
        alpha = 1 + m / np.sum(np.log(tail / (xmin - 0.5)))
        z0 = zeta(alpha, xmin)
        d = 0.0
        for k in range(int(xmin), int(x[-1]) + 1):
            emp = np.count_nonzero(tail <= k) / m
            model = 1 - zeta(alpha, k + 1) / z0
            d = max(d, abs(emp - model))
        if best is None or d < best["ks"]:
            best = {"alpha": alpha, "xmin": xmin, "tail": m, "ks": d}
    return {k: r(v) for k, v in best.items()}


def distribution(degrees):
    d = np.array(degrees, dtype=float)
    n = len(d)
    ks = sorted({v for v in degrees if v >= 1})
    return {
        "mean": r(d.mean()),
        "max": r(d.max()),
        "quantiles": {"p50": r(np.quantile(d, 0.5)), "p90": r(np.quantile(d, 0.9)), "p99": r(np.quantile(d, 0.99))},
        "ccdf": {"k": ks, "p": [r(np.count_nonzero(d >= k) / n) for k in ks]},
        "powerLaw": power_law(degrees),
    }


def undirected_view(G):
    U = nx.Graph()
    U.add_nodes_from(G)
    for u, v in G.edges():
        if U.has_edge(u, v):
            U[u][v]["weight"] += 1
        else:
            U.add_edge(u, v, weight=1)
    return U


def profile(G, labels):
    n = G.number_of_nodes()
    directed = G.is_directed()
    U = G.to_undirected() if directed else G
    comps = list(nx.weakly_connected_components(G) if directed else nx.connected_components(G))
    size = {
        "nodes": n,
        "edges": G.number_of_edges(),
        "selfLoops": nx.number_of_selfloops(G),
        "density": r(nx.density(G)),
        "reciprocity": r(nx.reciprocity(G)) if directed else None,
        "weakComponents": len(comps),
        "largestWeakShare": r(max(len(c) for c in comps) / n),
    }
    nodes = list(G.nodes())
    if directed:
        indeg = [G.in_degree(v) for v in nodes]
        outdeg = [G.out_degree(v) for v in nodes]
    else:
        indeg = outdeg = [G.degree(v) for v in nodes]
    simple = nx.Graph(U)
    simple.remove_edges_from(list(nx.selfloop_edges(simple)))
    core = nx.core_number(simple)
    kmax = max(core.values())
    if directed:
        pairs = {
            "outIn": ("out", "in"),
            "inIn": ("in", "in"),
            "outOut": ("out", "out"),
            "inOut": ("in", "out"),
        }
        assort = {name: r(nx.degree_assortativity_coefficient(G, x=x, y=y)) for name, (x, y) in pairs.items()}
    else:
        a = r(nx.degree_assortativity_coefficient(G))
        assort = {"outIn": a, "inIn": a, "outOut": a, "inOut": a}
    shape = {
        "inDegree": distribution(indeg),
        "outDegree": distribution(outdeg),
        "averageClustering": r(nx.average_clustering(simple)),
        "assortativity": assort,
        "maxCoreness": kmax,
        "topCoreSize": sum(1 for v in core.values() if v == kmax),
    }

    groups = {}
    for v in nodes:
        groups.setdefault(labels[v], set()).add(v)
    partition = list(groups.values())
    sizes = sorted((len(c) for c in partition), reverse=True)
    H = entropy(sizes)
    communities = {
        "count": len(partition),
        "sizes": sizes,
        "entropy": r(H),
        "evenness": r(H / math.log(len(sizes))) if len(sizes) > 1 else None,
        "modularity": r(nx.community.modularity(undirected_view(G), partition, weight="weight")),
        "coverage": r(nx.community.partition_quality(G, partition)[0]),
        "largestShare": r(sizes[0] / n),
    }

    pr = nx.pagerank(G, alpha=0.85, weight=None, tol=1e-15, max_iter=100000)
    values = np.sort(np.array([pr[v] for v in nodes]))
    total = values.sum()

    def top_share(k):
        return values[n - k:].sum() / total

    i = np.arange(1, n + 1)
    gini = np.sum((2 * i - n - 1) * values) / (n * total)
    leaders = sorted(nodes, key=lambda v: (-pr[v], v))[:10]
    inn = G.predecessors if directed else G.neighbors
    all_in = outside = 0
    for l in leaders:
        for u in inn(l):
            if u == l:
                continue
            all_in += 1
            outside += labels[u] != labels[l]
    bridges = 0
    for v in nodes:
        nb = set(G.predecessors(v)) | set(G.successors(v)) if directed else set(G.neighbors(v))
        nb.discard(v)
        if len({labels[u] for u in nb}) >= 2:
            bridges += 1
    leadership = {
        "top1Share": r(top_share(-(-n // 100))),
        "top10Share": r(top_share(-(-n // 10))),
        "gini": r(gini),
        "leaders": leaders,
        "leaderScores": [r(pr[v]) for v in leaders],
        "leadersOutsideInShare": r(outside / all_in) if all_in else None,
        "bridgeShare": r(bridges / n),
    }
    return {
        "partition": {v: labels[v] for v in nodes} if n <= 2000 else None,
        "size": size,
        "shape": shape,
        "communities": communities,
        "leadership": leadership,
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = {}
    for name, attr in [("karate", "club"), ("polblogs", "value"), ("congress", "party")]:
        G = unweighted(load(name))
        labels = {v: str(G.nodes[v].get(attr)) for v in G}
        cases[name] = (G, labels, f"attribute {attr}")
    G = facebook_niche("politician")
    cases["facebook_politician"] = (G, {v: str(int(v) % 5) for v in G}, "int(key) % 5")
    for name, (G, labels, how) in cases.items():
        out = profile(G, labels)
        out["graph"] = name
        out["partitionRule"] = how
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(out, f, separators=(",", ":"))
        print(name, G.number_of_nodes(), G.number_of_edges(), "->", f"{name}.json")


if __name__ == "__main__":
    main()
