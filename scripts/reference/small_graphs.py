"""Reference values for the small graphs the unit tests build by hand.

Run:  /usr/bin/python3 scripts/reference/small_graphs.py
(Debian's python3-networkx 2.8 and python3-igraph 0.10; writes
test/fixtures/reference/small/<name>.json, under a second)

Each graph below is the one a test builds, written again here with the
networkx (or igraph) call whose values the test asserts, with the same
parameters as the test passes to influence-atlas (alpha, tolerance, iteration
cap, weights, teleport set). Edges are (source, target, weight); repeated
records between one pair are merged into one edge whose weight is their sum,
as influence-atlas models them. Floats are written unrounded.

Every fixture holds:
  name, test        the fixture's name and the test that reads it
  directed, nodes   the graph: node keys in insertion order,
  edges             and its merged edges [source, target, weight]
  call              the networkx / igraph call, as text
  values...         the results, { node key: value } per call
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import igraph as ig  # noqa: E402
import networkx as nx  # noqa: E402
from networkx.algorithms.community import modularity  # noqa: E402

from load import ROOT, load  # noqa: E402

OUT = os.path.join(ROOT, "test", "fixtures", "reference", "small")

# The tests' tight PageRank / eigenvector settings (TIGHT in pagerank.test.ts and eigenvector.test.ts).
TIGHT_TOL = 1e-14
TIGHT_MAX_ITER = 10000
# communityPagerank's settings in rank.test.ts.
COMMUNITY_TOL = 1e-13
COMMUNITY_MAX_ITER = 1000


def graph(directed, edges, isolated=()):
    """edges: (source, target[, weight = 1]) records, repeats merged by summing; then the isolated keys."""
    G = nx.DiGraph() if directed else nx.Graph()
    for record in edges:
        s, t = record[0], record[1]
        w = record[2] if len(record) > 2 else 1.0
        if G.has_edge(s, t):
            G[s][t]["weight"] += w
        else:
            G.add_edge(s, t, weight=float(w))
    for key in isolated:
        G.add_node(key)
    return G


def induced(G, members):
    """G.subgraph(members) with nodes and edges in G's order (a subgraph view iterates a set: hash order)."""
    keep = set(members)
    H = G.__class__()
    H.add_nodes_from(k for k in G.nodes() if k in keep)
    H.add_edges_from((s, t, d) for s, t, d in G.edges(data=True) if s in keep and t in keep)
    return H


def describe(name, test, G):
    return {
        "name": name,
        "test": test,
        "directed": G.is_directed(),
        "nodes": [str(k) for k in G.nodes()],
        "edges": [[str(s), str(t), w] for s, t, w in G.edges(data="weight")],
    }


def values(d):
    return {str(k): float(v) for k, v in d.items()}


# test/analyze/centrality/degree.test.ts, RECORDS: a→b twice (1 + 2), b→a (1), a→a (0.5), c isolated.
DEGREE_RECORDS = [("a", "b", 1), ("a", "b", 2), ("b", "a", 1), ("a", "a", 0.5)]


def degrees(name, directed):
    # test/analyze/centrality/degree.test.ts, "should count a directed self-loop once in and once out" (directed)
    # and "should count an undirected self-loop twice" (undirected: the three a–b records are one edge of weight 4).
    G = graph(directed, DEGREE_RECORDS, ["c"])
    out = describe(name, "test/analyze/centrality/degree.test.ts", G)
    if directed:
        out["call"] = "G.in_degree(), G.out_degree(), G.degree(), and each with weight='weight'"
        ind, outd, deg = G.in_degree(), G.out_degree(), G.degree()
        ins, outs, st = G.in_degree(weight="weight"), G.out_degree(weight="weight"), G.degree(weight="weight")
    else:
        out["call"] = "G.degree() and G.degree(weight='weight') (an undirected self-loop counts twice); in = out = degree"
        ind = outd = deg = G.degree()
        ins = outs = st = G.degree(weight="weight")
    out["degrees"] = {
        "inDegree": values(dict(ind)), "outDegree": values(dict(outd)), "degree": values(dict(deg)),
        "inStrength": values(dict(ins)), "outStrength": values(dict(outs)), "strength": values(dict(st)),
    }
    return out


def degrees_directed():
    return degrees("degree-records-directed", True)


def degrees_undirected():
    return degrees("degree-records-undirected", False)


def pagerank_weights():
    # test/analyze/centrality/pagerank.test.ts, "should differ between weighted and unweighted PageRank":
    # a→b (10), a→c (1); b and c dangling.
    G = graph(True, [("a", "b", 10), ("a", "c", 1)])
    out = describe("pagerank-weights", "test/analyze/centrality/pagerank.test.ts", G)
    out["call"] = f"nx.pagerank(G, alpha=0.85, tol={TIGHT_TOL}, max_iter={TIGHT_MAX_ITER}), and the same with weight=None"
    out["weighted"] = values(nx.pagerank(G, alpha=0.85, tol=TIGHT_TOL, max_iter=TIGHT_MAX_ITER))
    out["unweighted"] = values(nx.pagerank(G, alpha=0.85, tol=TIGHT_TOL, max_iter=TIGHT_MAX_ITER, weight=None))
    return out


def pagerank_self_loop_directed():
    # test/analyze/centrality/pagerank.test.ts, "should keep a self-loop as an out-edge": directed a→a, a→b.
    G = graph(True, [("a", "a"), ("a", "b")])
    out = describe("pagerank-self-loop-directed", "test/analyze/centrality/pagerank.test.ts", G)
    out["call"] = f"nx.pagerank(G, alpha=0.85, tol={TIGHT_TOL}, max_iter={TIGHT_MAX_ITER})"
    out["pagerank"] = values(nx.pagerank(G, alpha=0.85, tol=TIGHT_TOL, max_iter=TIGHT_MAX_ITER))
    return out


def pagerank_self_loop_undirected():
    # test/analyze/centrality/pagerank.test.ts, "should keep a self-loop as an out-edge":
    # undirected a–a (0.5), a–b (4), c isolated (networkx's to_directed keeps the loop once in a's row).
    G = graph(False, [("a", "a", 0.5), ("a", "b", 4)], ["c"])
    out = describe("pagerank-self-loop-undirected", "test/analyze/centrality/pagerank.test.ts", G)
    out["call"] = f"nx.pagerank(G, alpha=0.85, tol={TIGHT_TOL}, max_iter={TIGHT_MAX_ITER})"
    out["pagerank"] = values(nx.pagerank(G, alpha=0.85, tol=TIGHT_TOL, max_iter=TIGHT_MAX_ITER))
    return out


def pagerank_dangling_teleport():
    # test/analyze/centrality/pagerank.test.ts, "should send dangling mass to the teleport set only":
    # a→b, c isolated, teleport set {a} (dangling=None: dangling mass follows the personalization).
    G = graph(True, [("a", "b")], ["c"])
    out = describe("pagerank-dangling-teleport", "test/analyze/centrality/pagerank.test.ts", G)
    out["call"] = f"nx.pagerank(G, alpha=0.85, personalization={{'a': 1}}, tol={TIGHT_TOL}, max_iter={TIGHT_MAX_ITER})"
    out["pagerank"] = values(nx.pagerank(G, alpha=0.85, personalization={"a": 1}, tol=TIGHT_TOL, max_iter=TIGHT_MAX_ITER))
    return out


def eigenvector_unweighted_self_loop():
    # test/analyze/centrality/eigenvector.test.ts, "should ignore weights with getEdgeWeight: null":
    # undirected a–a (0.5), a–b (4), c isolated; weight=None (networkx's default), so A = [[1, 1], [1, 0]] on (a, b).
    G = graph(False, [("a", "a", 0.5), ("a", "b", 4)], ["c"])
    out = describe("eigenvector-unweighted-self-loop", "test/analyze/centrality/eigenvector.test.ts", G)
    out["call"] = f"nx.eigenvector_centrality(G, max_iter={TIGHT_MAX_ITER}, tol={TIGHT_TOL}, weight=None)"
    out["eigenvector"] = values(nx.eigenvector_centrality(G, max_iter=TIGHT_MAX_ITER, tol=TIGHT_TOL, weight=None))
    return out


def community_pagerank_star_triangle():
    # test/analyze/leaders/rank.test.ts, starAndTriangle(): a star (centre c, leaves l1..l4) and a
    # triangle t1 t2 t3, joined by l4–t1; communities {c, l1..l4} and {t1, t2, t3}.
    G = graph(False, [("c", "l1"), ("c", "l2"), ("c", "l3"), ("c", "l4"),
                      ("t1", "t2"), ("t2", "t3"), ("t1", "t3"), ("l4", "t1")])
    out = describe("community-pagerank-star-triangle", "test/analyze/leaders/rank.test.ts", G)
    communities = [["c", "l1", "l2", "l3", "l4"], ["t1", "t2", "t3"]]
    out["communities"] = communities
    out["call"] = (f"nx.pagerank(G.subgraph(community), alpha=0.85, tol={COMMUNITY_TOL}, max_iter={COMMUNITY_MAX_ITER}) "
                   "for each community, merged into one map")
    pr = {}
    for members in communities:
        pr.update(nx.pagerank(induced(G, members), alpha=0.85, tol=COMMUNITY_TOL, max_iter=COMMUNITY_MAX_ITER))
    out["communityPagerank"] = values({k: pr[k] for k in G.nodes()})
    return out


def community_pagerank_directed():
    # test/analyze/leaders/rank.test.ts, "should keep direction inside a community and give a singleton 1":
    # l1→c, l2→c, l3→c, c→l1 in community 0; x alone in community 1.
    G = graph(True, [("l1", "c"), ("l2", "c"), ("l3", "c"), ("c", "l1")], ["x"])
    out = describe("community-pagerank-directed", "test/analyze/leaders/rank.test.ts", G)
    communities = [["c", "l1", "l2", "l3"], ["x"]]
    out["communities"] = communities
    out["call"] = (f"nx.pagerank(G.subgraph(community), alpha=0.85, tol={COMMUNITY_TOL}, max_iter={COMMUNITY_MAX_ITER}) "
                   "for each community, merged into one map")
    pr = {}
    for members in communities:
        pr.update(nx.pagerank(induced(G, members), alpha=0.85, tol=COMMUNITY_TOL, max_iter=COMMUNITY_MAX_ITER))
    out["communityPagerank"] = values({k: pr[k] for k in G.nodes()})
    return out


def karate_optimal_modularity():
    # test/analyze/pipeline.test.ts, "should default to Leiden with a 10-run consensus": no partition of
    # Zachary's karate club (data/karate/karate_club.gml, loaded by load.py) has a higher modularity than
    # igraph's exact optimum (community_optimal_modularity, an integer program solved by GLPK).
    G = load("karate")
    keys = list(G.nodes())
    pos = {k: i for i, k in enumerate(keys)}
    g = ig.Graph(n=len(keys), edges=[(pos[s], pos[t]) for s, t in G.edges()], directed=False)
    weights = [w for _, _, w in G.edges(data="weight")]
    best = g.community_optimal_modularity(weights=weights)
    groups = {}
    for k, c in zip(keys, best.membership):
        groups.setdefault(c, set()).add(k)
    nx_q = modularity(G, list(groups.values()), weight="weight")
    if abs(nx_q - best.modularity) > 1e-12:
        raise SystemExit(f"karate: igraph's optimum {best.modularity} but networkx gives its partition {nx_q}")
    return {
        "name": "karate-optimal-modularity",
        "test": "test/analyze/pipeline.test.ts",
        "graph": "karate",
        "nodes": len(keys),
        "edges": G.number_of_edges(),
        "call": "ig.Graph.community_optimal_modularity(weights=weight); networkx's modularity of that partition agrees to 1e-12",
        "keys": keys,
        "membership": best.membership,
        "communities": len(groups),
        "modularity": best.modularity,
        "networkxModularity": nx_q,
    }


def karate_hub_eccentricity():
    # test/analyze/centrality/betweenness-rk.test.ts, "should take karate's bound from its highest-degree node":
    # the vertex-diameter bound min(n, 2·ecc + 1) uses the first node (in the file's order) of highest degree.
    G = load("karate")
    degree = dict(G.degree())
    top = max(degree.values())
    hub = next(k for k in G.nodes() if degree[k] == top)
    return {
        "name": "karate-hub-eccentricity",
        "test": "test/analyze/centrality/betweenness-rk.test.ts",
        "graph": "karate",
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "call": "the first node of highest G.degree(), its degree and nx.eccentricity(G, hub)",
        "hub": hub,
        "degree": top,
        "eccentricity": nx.eccentricity(G, hub),
    }


FIXTURES = [
    degrees_directed,
    degrees_undirected,
    pagerank_weights,
    pagerank_self_loop_directed,
    pagerank_self_loop_undirected,
    pagerank_dangling_teleport,
    eigenvector_unweighted_self_loop,
    community_pagerank_star_triangle,
    community_pagerank_directed,
    karate_optimal_modularity,
    karate_hub_eccentricity,
]


def dump(fixture):
    """JSON with one top-level key a line, each value compact."""
    lines = [f"  {json.dumps(k)}: {json.dumps(v, separators=(', ', ': '))}" for k, v in fixture.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main():
    os.makedirs(OUT, exist_ok=True)
    for make in FIXTURES:
        fixture = make()
        with open(os.path.join(OUT, f"{fixture['name']}.json"), "w") as f:
            f.write(dump(fixture))
        print(fixture["name"])


if __name__ == "__main__":
    main()
