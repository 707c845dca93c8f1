"""Reference values for the Riondato-Kornaropoulos betweenness estimate.

Run:  /usr/bin/python3 scripts/reference/betweenness_rk.py
(Debian's python3-networkx 2.8; writes test/fixtures/reference/betweenness-rk/graphs.json, ~1 min)

For karate, football, polblogs and congress (loaded by load.py exactly as
influence-atlas models them; hop counts, weights ignored), with networkx 2.8:
  exact           b(v) = sum over ordered pairs s != t of sigma_st(v) / sigma_st,
                  divided by n(n-1): the quantity the estimate approximates.
                  From nx.betweenness_centrality(G, normalized=False): directed
                  sums are over ordered pairs already; undirected ones are halved
                  by networkx, so they are doubled back here.
  networkx        nx.betweenness_centrality(G, normalized=True), for the record:
                  it equals exact * n / (n - 2).
  vertexDiameter  the largest number of nodes on a shortest path (1 + the
                  longest finite hop distance), which any vertex-diameter bound
                  must reach.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from load import GRAPHS, ROOT, load, r  # noqa: E402

import networkx as nx  # noqa: E402

OUT = os.path.join(ROOT, "test", "fixtures", "reference", "betweenness-rk")


def reference(name):
    G = load(name)
    n = G.number_of_nodes()
    keys = list(G.nodes())
    raw = nx.betweenness_centrality(G, normalized=False, weight=None)
    scale = (1.0 if G.is_directed() else 2.0) / (n * (n - 1))
    normalized = nx.betweenness_centrality(G, normalized=True, weight=None)
    longest = 0
    for _, lengths in nx.all_pairs_shortest_path_length(G):
        longest = max(longest, max(lengths.values()))
    return {
        "name": name,
        "directed": G.is_directed(),
        "nodes": n,
        "edges": G.number_of_edges(),
        "vertexDiameter": longest + 1,
        "keys": keys,
        "exact": [r(raw[k] * scale) for k in keys],
        "networkx": [r(normalized[k]) for k in keys],
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    graphs = [reference(name) for name in GRAPHS]
    with open(os.path.join(OUT, "graphs.json"), "w") as f:
        json.dump({"graphs": graphs}, f, separators=(",", ":"))
        f.write("\n")
    for g in graphs:
        print(g["name"], g["nodes"], g["edges"], "VD", g["vertexDiameter"], "max b", max(g["exact"]))


if __name__ == "__main__":
    main()
