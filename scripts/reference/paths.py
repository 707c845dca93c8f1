"""Reference values for the path-based metrics and the graph summary.

Run:  /usr/bin/python3 scripts/reference/paths.py
(Debian's python3-networkx 2.8; writes test/fixtures/reference/paths/*.json)

For karate, football, polblogs and congress (loaded by load.py exactly as
influence-atlas models them), with networkx 2.8:
  coreness        nx.core_number(simple undirected view, self-loops removed)
  betweenness     nx.betweenness_centrality(G, normalized=True)            (hop counts)
  betweennessWeighted  the same with weight="distance", distance = 1/weight
  closeness       nx.closeness_centrality(G)
  harmonic        nx.harmonic_centrality(G)
  summary         density, reciprocity, components, clustering, assortativity

small.json holds hand-checkable graphs (path, star, complete, Krackhardt kite,
a directed graph with repeated records and a self-loop, edgeless, empty) and
the per-source dependencies delta_s(v) of karate and of a small random
directed graph (networkx's own Brandes helpers), so that the sampled
betweenness can be checked exactly for whatever sources it draws.
"""
import json
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from load import GRAPHS, ROOT, load  # noqa: E402

import networkx as nx  # noqa: E402
from networkx.algorithms.centrality.betweenness import (  # noqa: E402
    _accumulate_basic,
    _single_source_shortest_path_basic,
)

OUT = os.path.join(ROOT, "test", "fixtures", "reference", "paths")


def r(x):
    """Round to 15 significant digits (None and NaN become None)."""
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return None
    return float(f"{x:.15g}")


def simple_undirected(G):
    U = nx.Graph(G.to_undirected())
    U.remove_edges_from(list(nx.selfloop_edges(U)))
    return U


def summary(G):
    n = G.number_of_nodes()
    m = G.number_of_edges()
    if G.is_directed():
        weak = list(nx.weakly_connected_components(G))
        strong = nx.number_strongly_connected_components(G)
        rec = nx.reciprocity(G) if m > 0 else None
    else:
        weak = list(nx.connected_components(G))
        strong = len(weak)
        rec = None
    U = simple_undirected(G)
    try:
        assort = nx.degree_assortativity_coefficient(G)
    except (ValueError, ZeroDivisionError, IndexError):
        assort = None
    return {
        "nodes": n,
        "edges": m,
        "selfLoops": nx.number_of_selfloops(G),
        "directed": G.is_directed(),
        "density": r(nx.density(G)),
        "reciprocity": r(rec),
        "weakComponents": len(weak),
        "strongComponents": strong,
        "largestWeakShare": r(max(len(c) for c in weak) / n) if n else 0,
        "averageClustering": r(nx.average_clustering(U)) if n else 0,
        "assortativity": r(assort),
    }


def metrics(G, weighted=True):
    keys = list(G.nodes())
    H = G.copy()
    for u, v, d in H.edges(data=True):
        d["distance"] = 1.0 / d.get("weight", 1.0)
    out = {
        "directed": G.is_directed(),
        "keys": keys,
        "coreness": [nx.core_number(simple_undirected(G))[k] for k in keys],
        "betweenness": [r(v) for v in map(nx.betweenness_centrality(G).get, keys)],
        "closeness": [r(v) for v in map(nx.closeness_centrality(G).get, keys)],
        "harmonic": [r(v) for v in map(nx.harmonic_centrality(G).get, keys)],
        "summary": summary(G),
    }
    if weighted:
        bw = nx.betweenness_centrality(H, weight="distance")
        out["betweennessWeighted"] = [r(bw[k]) for k in keys]
    return out


def dependencies(G):
    """delta_s(v) for every source s (rows) and node v (columns), in G's node order."""
    keys = list(G.nodes())
    rows = []
    for s in keys:
        S, P, sigma, _ = _single_source_shortest_path_basic(G, s)
        bc = dict.fromkeys(G, 0.0)
        bc, _ = _accumulate_basic(bc, S, P, sigma, s)
        rows.append([r(bc[k]) for k in keys])
    return rows


def with_edges(name, G, **extra):
    d = metrics(G)
    d["name"] = name
    d["edges"] = [[u, v, G[u][v].get("weight", 1.0)] for u, v in G.edges()]
    d.update(extra)
    return d


def small():
    graphs = []
    P = nx.relabel_nodes(nx.path_graph(5), str)
    graphs.append(with_edges("path5", P))
    S = nx.relabel_nodes(nx.star_graph(5), str)
    graphs.append(with_edges("star6", S))
    K = nx.relabel_nodes(nx.complete_graph(6), str)
    graphs.append(with_edges("complete6", K))
    kite = nx.relabel_nodes(nx.krackhardt_kite_graph(), str)
    graphs.append(with_edges("kite", kite))
    # Directed, with records repeated (weights summed) and a self-loop.
    records = [
        ("a", "b", 1), ("a", "b", 2), ("b", "c", 1), ("c", "a", 1), ("c", "d", 4),
        ("d", "e", 1), ("e", "d", 1), ("b", "d", 1), ("e", "e", 5), ("a", "e", 0.5),
        ("f", "a", 1),
    ]
    D = nx.DiGraph()
    for s, t, w in records:
        if D.has_edge(s, t):
            D[s][t]["weight"] += w
        else:
            D.add_edge(s, t, weight=float(w))
    graphs.append(with_edges("multiRecords", D, records=[[s, t, float(w)] for s, t, w in records]))
    E = nx.DiGraph()
    E.add_nodes_from(["x", "y", "z"])
    graphs.append(with_edges("edgeless", E))
    Z = nx.DiGraph()
    graphs.append(with_edges("empty", Z))
    # Random directed graph for the sampled-betweenness check.
    rng = random.Random(7)
    R = nx.DiGraph()
    R.add_nodes_from(str(i) for i in range(40))
    for i in range(40):
        for j in range(40):
            if i != j and rng.random() < 0.08:
                R.add_edge(str(i), str(j), weight=1.0)
    rand = with_edges("random40", R)
    rand["dependencies"] = dependencies(R)
    graphs.append(rand)
    karate = load("karate")
    return {
        "generator": "scripts/reference/paths.py (networkx %s)" % nx.__version__,
        "graphs": graphs,
        "karateDependencies": {"keys": list(karate.nodes()), "rows": dependencies(karate)},
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in GRAPHS:
        G = load(name)
        d = metrics(G)
        d["name"] = name
        d["generator"] = "scripts/reference/paths.py (networkx %s)" % nx.__version__
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(d, f, separators=(",", ":"))
        print(name, G.number_of_nodes(), G.number_of_edges(), file=sys.stderr)
    with open(os.path.join(OUT, "small.json"), "w") as f:
        json.dump(small(), f, separators=(",", ":"))


if __name__ == "__main__":
    main()
