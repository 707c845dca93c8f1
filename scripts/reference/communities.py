"""Reference values for communities and leaders (src/analyze/communities, src/analyze/leaders).

Run with Debian's Python (networkx 2.8, igraph 0.10):

    /usr/bin/python3 scripts/reference/communities.py

Writes test/fixtures/reference/communities/<graph>.json for karate, football,
polblogs and congress, plus nmi.json. For each graph, on its ground-truth
partition (karate `club`, football `value`, polblogs `value`, congress
`party`):

- networkx `modularity()` (directed when the graph is, and on the undirected
  view where u->v and v->u merge with weights summed), at resolutions 0.5, 1, 2;
- per-community statistics: size, internal edges and weight, density
  (`nx.density` of the induced subgraph), conductance (`nx.conductance` on the
  undirected view, weighted; 0 where networkx divides by zero), the community's
  term of the modularity sum, reciprocity (`nx.reciprocity` of the induced
  subgraph; None when it has no edge or the graph is undirected);
- the participation coefficient (Guimera & Amaral 2005) of every node on the
  undirected simple view without self-loops.

For football and the largest weakly connected component of polblogs
(undirected view), igraph's `community_multilevel` over several seeds: the
modularity and the NMI against the ground truth (`compare_communities(method="nmi")`),
on the weighted view and with every weight 1.
"""
import json
import os
import random
import sys

# networkx sums over sets of string keys, whose order follows the string hash:
# fix the hash seed so that the fixtures are reproducible to the last digit.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, "PYTHONHASHSEED": "0"})

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import igraph as ig  # noqa: E402
import networkx as nx  # noqa: E402

from load import GRAPHS, ROOT, load, r, undirected_view  # noqa: E402

OUT = os.path.join(ROOT, "test", "fixtures", "reference", "communities")
GROUND_TRUTH = {"karate": "club", "football": "value", "polblogs": "value", "congress": "party"}
RESOLUTIONS = [0.5, 1.0, 2.0]
SEEDS = list(range(10))


def simple_view(G):
    """Undirected, unweighted, no self-loops: the view participation uses."""
    S = nx.Graph()
    S.add_nodes_from(G.nodes())
    S.add_edges_from((u, v) for u, v in G.edges() if u != v)
    return S


def labels_to_ids(labels):
    """Ground-truth labels -> integers 0..k-1 (first appearance order)."""
    ids = {}
    return [ids.setdefault(x, len(ids)) for x in labels], ids


def shares(G, communities, resolution):
    """Each community's term of networkx's modularity sum (same formula as
    nx.algorithms.community.modularity, written out per community)."""
    directed = G.is_directed()
    if directed:
        out_deg = dict(G.out_degree(weight="weight"))
        in_deg = dict(G.in_degree(weight="weight"))
        m = sum(out_deg.values())
        norm = 1 / m**2
    else:
        out_deg = in_deg = dict(G.degree(weight="weight"))
        deg_sum = sum(out_deg.values())
        m = deg_sum / 2
        norm = 1 / deg_sum**2
    result = []
    for comm in communities:
        comm = set(comm)
        L_c = sum(w for u, v, w in G.edges(comm, data="weight", default=1) if v in comm)
        out_sum = sum(out_deg[u] for u in comm)
        in_sum = sum(in_deg[u] for u in comm) if directed else out_sum
        result.append(L_c / m - resolution * out_sum * in_sum * norm)
    return result


def conductance(U, S):
    try:
        return nx.conductance(U, S, weight="weight")
    except ZeroDivisionError:
        return 0.0


def participation(G, membership):
    S = simple_view(G)
    keys = list(G.nodes())
    comm = dict(zip(keys, membership))
    out = []
    for u in keys:
        k = S.degree(u)
        if k == 0:
            out.append(0.0)
            continue
        counts = {}
        for v in S.neighbors(u):
            counts[comm[v]] = counts.get(comm[v], 0) + 1
        out.append(1.0 - sum((c / k) ** 2 for c in counts.values()))
    return out


def partition_block(G, membership, names):
    """Everything the tests check for one fixed partition of G."""
    keys = list(G.nodes())
    k = max(membership) + 1
    communities = [[keys[i] for i in range(len(keys)) if membership[i] == c] for c in range(k)]
    U = undirected_view(G)
    block = {
        "names": names,
        "membership": membership,
        "modularity": {
            "undirected": {str(g): r(nx.algorithms.community.modularity(U, communities, weight="weight", resolution=g)) for g in RESOLUTIONS},
        },
        "participation": [r(x) for x in participation(G, membership)],
    }
    if G.is_directed():
        block["modularity"]["directed"] = {
            str(g): r(nx.algorithms.community.modularity(G, communities, weight="weight", resolution=g)) for g in RESOLUTIONS
        }
    share_u = shares(U, communities, 1.0)
    share_d = shares(G, communities, 1.0) if G.is_directed() else None
    stats = []
    for c, comm in enumerate(communities):
        sub = G.subgraph(comm)
        rec = None
        if G.is_directed() and sub.number_of_edges() > 0:
            rec = nx.reciprocity(sub)
        stats.append({
            "id": c,
            "size": len(comm),
            "internalEdges": sub.number_of_edges(),
            "internalWeight": r(sub.size(weight="weight")),
            "density": r(nx.density(sub)) if len(comm) > 1 else 0.0,
            "conductance": r(conductance(U, comm)),
            "modularityShareUndirected": r(share_u[c]),
            "modularityShareDirected": r(share_d[c]) if share_d else None,
            "reciprocity": r(rec),
        })
    block["stats"] = stats
    return block


def multilevel(U, truth, weighted):
    """igraph community_multilevel over SEEDS on the undirected view U."""
    keys = list(U.nodes())
    pos = {k: i for i, k in enumerate(keys)}
    g = ig.Graph(n=len(keys), edges=[(pos[u], pos[v]) for u, v in U.edges()], directed=False)
    weights = [w for _, _, w in U.edges(data="weight", default=1.0)] if weighted else None
    runs = []
    for seed in SEEDS:
        random.seed(seed)
        cl = g.community_multilevel(weights=weights)
        runs.append({
            "seed": seed,
            "count": len(cl),
            "modularity": r(g.modularity(cl.membership, weights=weights)),
            "nmi": r(ig.compare_communities(truth, cl.membership, method="nmi")),
            "membership": cl.membership,
        })
    best = max(runs, key=lambda x: x["modularity"])
    return {
        "weighted": weighted,
        "seeds": SEEDS,
        "modularity": [x["modularity"] for x in runs],
        "nmi": [x["nmi"] for x in runs],
        "count": [x["count"] for x in runs],
        "bestModularity": best["modularity"],
        "bestNmi": best["nmi"],
        "meanNmi": r(sum(x["nmi"] for x in runs) / len(runs)),
        "bestMembership": best["membership"],
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    nmi_cases = []
    for name in GRAPHS:
        G = load(name)
        attr = GROUND_TRUTH[name]
        keys = list(G.nodes())
        membership, ids = labels_to_ids([G.nodes[k].get(attr) for k in keys])
        names = [None] * len(ids)
        for label, i in ids.items():
            names[i] = label
        fx = {
            "graph": name,
            "directed": G.is_directed(),
            "nodes": G.number_of_nodes(),
            "edges": G.number_of_edges(),
            "keys": keys,
            "groundTruth": partition_block(G, membership, names),
        }
        if name in ("football", "polblogs"):
            if name == "polblogs":
                lcc = max(nx.weakly_connected_components(G), key=len)
                H = G.subgraph([k for k in keys if k in lcc]).copy()
            else:
                H = G
            U = undirected_view(H)
            hkeys = list(H.nodes())
            pos = {k: i for i, k in enumerate(keys)}
            truth = [membership[pos[k]] for k in hkeys]
            truth, _ = labels_to_ids(truth)
            part = {
                "keys": hkeys if name == "polblogs" else None,
                "nodes": U.number_of_nodes(),
                "edges": U.number_of_edges(),
                "selfLoops": nx.number_of_selfloops(U),
                "truth": truth,
                "truthModularity": r(nx.algorithms.community.modularity(
                    U, [[hkeys[i] for i in range(len(hkeys)) if truth[i] == c] for c in range(max(truth) + 1)],
                    weight="weight")),
                "multilevel": multilevel(U, truth, True),
                "multilevelUnweighted": multilevel(U, truth, False),
            }
            fx["lcc" if name == "polblogs" else "whole"] = part
            ml = part["multilevel"]["bestMembership"]
            nmi_cases.append({"name": f"{name} truth vs multilevel", "a": truth, "b": ml,
                              "nmi": r(ig.compare_communities(truth, ml, method="nmi"))})
        path = os.path.join(OUT, f"{name}.json")
        with open(path, "w") as f:
            json.dump(fx, f, separators=(",", ":"))
        print(name, G.number_of_nodes(), G.number_of_edges(), fx["groundTruth"]["modularity"])

    rng = random.Random(42)
    for n, ka, kb in [(40, 3, 5), (60, 2, 2), (30, 6, 1), (25, 4, 4)]:
        a = [rng.randrange(ka) for _ in range(n)]
        b = [rng.randrange(kb) for _ in range(n)]
        a, _ = labels_to_ids(a)
        b, _ = labels_to_ids(b)
        nmi_cases.append({"name": f"random n={n} {ka}x{kb}", "a": a, "b": b,
                          "nmi": r(ig.compare_communities(a, b, method="nmi"))})
    a = [0, 0, 0, 1, 1, 1, 2, 2, 2]
    b = [0, 0, 1, 1, 1, 2, 2, 2, 2]
    nmi_cases.append({"name": "small overlap", "a": a, "b": b, "nmi": r(ig.compare_communities(a, b, method="nmi"))})
    nmi_cases.append({"name": "single cluster both", "a": [0] * 5, "b": [0] * 5,
                      "nmi": r(ig.compare_communities([0] * 5, [0] * 5, method="nmi"))})
    nmi_cases.append({"name": "single cluster vs split", "a": [0] * 6, "b": [0, 0, 1, 1, 2, 2],
                      "nmi": r(ig.compare_communities([0] * 6, [0, 0, 1, 1, 2, 2], method="nmi"))})
    with open(os.path.join(OUT, "nmi.json"), "w") as f:
        json.dump({"source": "igraph.compare_communities(method='nmi') " + ig.__version__, "cases": nmi_cases}, f,
                  separators=(",", ":"))


if __name__ == "__main__":
    main()
