"""Load the reference graphs exactly as influence-atlas models them.

Run with Debian's /usr/bin/python3 (python3-networkx 2.8, python3-igraph 0.10).

The model (README, "Graph model"): directed unless the file says otherwise;
node key = the file's id as a string; repeated records between the same pair
merged into one edge whose `weight` is the sum of the records' weights
(1 a record when the file gives none); self-loops kept.

GML files are parsed by igraph's reader (independent of our TypeScript
parser); edge lists by the few lines below.
"""
import gzip
import json
import os

import igraph as ig
import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(ROOT, "data")


def _from_records(directed, nodes, records):
    """nodes: list of (key, attrs); records: list of (src, dst, weight)."""
    G = nx.DiGraph() if directed else nx.Graph()
    for key, attrs in nodes:
        G.add_node(key, **attrs)
    for s, t, w in records:
        if G.has_edge(s, t):
            G[s][t]["weight"] += w
        else:
            G.add_edge(s, t, weight=w)
    return G


def load_gml(path):
    g = ig.Graph.Read_GML(path)
    nodes = []
    for v in g.vs:
        attrs = {k: v[k] for k in g.vs.attributes() if k not in ("id",) and v[k] is not None}
        nodes.append((str(int(v["id"])), attrs))
    keys = [k for k, _ in nodes]
    has_w = "weight" in g.es.attributes()
    records = []
    for e in g.es:
        w = float(e["weight"]) if has_w and e["weight"] is not None else 1.0
        records.append((keys[e.source], keys[e.target], w))
    return _from_records(g.is_directed(), nodes, records)


def load_edgelist(path, directed=True):
    opener = gzip.open if path.endswith(".gz") else open
    records = []
    nodes = []
    seen = set()
    with opener(path, "rt") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split()
            w = float(parts[2]) if len(parts) > 2 else 1.0
            for k in parts[:2]:
                if k not in seen:
                    seen.add(k)
                    nodes.append((k, {}))
            records.append((parts[0], parts[1], w))
    return _from_records(directed, nodes, records)


def load_congress():
    G = load_edgelist(os.path.join(DATA, "congress_twitter", "congress.edgelist"))
    with open(os.path.join(DATA, "congress_twitter", "congress_network_data_with_party.json")) as f:
        meta = json.load(f)[0]
    for i, (name, party) in enumerate(zip(meta["usernameList"], meta["partyList"])):
        key = str(i)
        if key in G:
            G.nodes[key]["label"] = name
            G.nodes[key]["party"] = party
    return G


def load(name):
    """The four reference graphs by name."""
    if name == "karate":
        return load_gml(os.path.join(DATA, "karate", "karate_club.gml"))
    if name == "football":
        return load_gml(os.path.join(DATA, "football", "football.gml"))
    if name == "polblogs":
        return load_gml(os.path.join(DATA, "polblogs", "polblogs.gml"))
    if name == "congress":
        return load_congress()
    raise ValueError(name)


GRAPHS = ["karate", "football", "polblogs", "congress"]


def r(x):
    """Round to 15 significant digits (fixtures stay small, 1e-9 tests unaffected); None stays None."""
    return None if x is None else float("%.15g" % x)


def undirected_view(G):
    """The engine's undirected view: u->v and v->u merged into one edge, weights summed (self-loops kept once)."""
    if not G.is_directed():
        return G
    U = nx.Graph()
    U.add_nodes_from(G.nodes(data=True))
    for u, v, w in G.edges(data="weight", default=1.0):
        if U.has_edge(u, v):
            U[u][v]["weight"] += w
        else:
            U.add_edge(u, v, weight=w)
    return U

if __name__ == "__main__":
    for name in GRAPHS:
        G = load(name)
        print(name, G.is_directed(), G.number_of_nodes(), G.number_of_edges(), nx.number_of_selfloops(G))
