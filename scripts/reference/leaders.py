"""Reference values for the leader layer (src/analyze/leaders, the leaders
and bootstrap stages, consensus stability).

Run with Debian's Python (networkx 2.8, numpy, scipy):

    node --import tsx scripts/reference/leaders-inputs.ts   # the engine's random draws
    /usr/bin/python3 scripts/reference/leaders.py

Reads test/fixtures/reference/leaders/<graph>.inputs.json (the graph as
indexed, the consensus runs and partition, the bootstrap replicates' Poisson
counts: draws only, no figure) and writes test/fixtures/reference/leaders/<graph>.json,
for the karate club and the Congress network's subgraph induced by its first
30 nodes (directed, weighted). The graph itself is loaded again by load.py
(igraph's GML reader, or its edge-list reader) and must equal the exported one. Everything else is computed here, with networkx /
numpy / plain Python and exact fractions where the definition is rational:

- the six leader methods on a graph H (the original graph or a replicate):
  communityPagerank = PageRank (alpha 0.85, uniform teleport, dangling nodes
  jump uniformly) of each community's induced subgraph, weighted, solved as a
  dense linear system on nx.google_matrix (a community of one scores 1);
  inDegree = H.in_degree (H.degree if undirected: a self-loop counts 2);
  coreness = nx.core_number of the undirected view without self-loops;
  authority = HITS authorities, weighted, as the limit of the power
  iteration from uniform hubs: the projection of Aᵀ·1 on the leading
  eigenspace of AᵀA (numpy eigh), scaled to sum 1 (0 without edges);
  leaderrank = LeaderRank (Lü et al. 2011) as the stationary distribution of
  the walk with a ground node, unweighted, by a dense solve;
  voterank = nx.voterank (of the reversed graph if directed) on H rebuilt with
  edges in ascending node order, as rank score len(order) − position (0 if
  never elected);
- in-community ranks of each method: by decreasing score, ties by node key
  (Python string order = the engine's code-unit order for these keys);
  scores closer than 1e-9 relative are tied (the float methods reach ties
  only up to rounding: e.g. LeaderRank of an undirected graph is
  N(k+1)/(2m+2N) plus the ground's share, equal for equal degrees), and the
  written scores give each tie group one value, so that the ties are exact;
- Borda points (s − r)/(s − 1) with tied scores sharing their average rank r
  (1 for a community of one), the composite = mean of the points over the
  methods (exact fractions), its rank by decreasing composite, ties by key;
- the composite of three method sets (VARIANTS): the engine's default six,
  the three integer-scored ones, and in-degree alone (the bootstrap's
  one-method ranking);
- bootstrap, for each of them: each replicate's composite ranks inside the
  original communities; for every node ranked ≤ top on the original graph, the
  inverted-CDF quantiles x_(ceil(pB)) at p = (1 ∓ level)/2 and 1/2 (p exact
  fractions), the 95 % order-statistic bands of the endpoints
  (floor(Bp − z·sqrt(Bp(1−p))) and ceil(Bp + z·sqrt(Bp(1−p))) + 1, z the
  0.975 normal quantile of scipy, clamped to [1, B]), and unstable =
  upper > top or upper − lower > maxWidth;
- consensus: the co-assignment graph of the first-round runs, and of the
  runs at finer resolutions (fraction of
  runs putting the ends of each edge together, kept ≥ threshold, a node left
  without an edge keeps its strongest positive one, ties by the lowest
  neighbour) and the stability of the consensus partition against each set
  (a node agrees in a run when it sits in the run community holding a strict
  majority of its consensus community);
- roles (Guimerà & Amaral 2005) on the consensus partition, on the original
  graph and on every replicate: within-community degree z-score (population
  std, 0 when the std is 0) and participation coefficient on the undirected
  simple view, role R1..R7 from the paper's thresholds (the replicates: the
  role ids only).
"""
import json
import math
import os
import sys
import warnings
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
from scipy import stats  # noqa: E402

from load import ROOT, load  # noqa: E402

warnings.filterwarnings("ignore", message="google_matrix will return", category=FutureWarning)

DIR = os.path.join(ROOT, "test", "fixtures", "reference", "leaders")
GRAPHS = ["karate", "congress30"]
METHODS = ["communityPagerank", "inDegree", "coreness", "authority", "leaderrank", "voterank"]
ALPHA = 0.85
TIE = 1e-9

# Guimerà & Amaral 2005, Fig. 2: hub when z >= 2.5; upper P bounds of R1, R2, R3 and of R5, R6.
HUB_Z = 2.5
NON_HUB_P = (0.05, 0.62, 0.80)
HUB_P = (0.30, 0.75)


def r(x):
    return float("%.15g" % x)


# ---------------------------------------------------------------- graphs


def build(directed, n, edges):
    """A graph on nodes 0..n-1 with the given (u, v, w) edges, added in ascending (u, v) order."""
    H = nx.DiGraph() if directed else nx.Graph()
    H.add_nodes_from(range(n))
    for u, v, w in sorted(edges):
        H.add_edge(u, v, weight=w)
    return H


def simple_view(H):
    U = nx.Graph()
    U.add_nodes_from(H.nodes())
    U.add_edges_from((u, v) for u, v in H.edges() if u != v)
    return U


def check_graph(inputs):
    """The exported graph must be the one load.py reads (same keys in order, same edges and weights)."""
    G = load(inputs["source"])
    if inputs["nodes"] is not None:
        # The induced subgraph, nodes in G's order (a subgraph view would iterate them in set order).
        kept = list(G.nodes())[: inputs["nodes"]]
        H = G.__class__()
        H.add_nodes_from((k, G.nodes[k]) for k in kept)
        H.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if u in H and v in H)
        G = H
    keys = inputs["keys"]
    assert list(G.nodes()) == keys, "node keys differ from load.py's"
    assert G.is_directed() == inputs["directed"]
    ours = {}
    for u, v, w in inputs["edges"]:
        a, b = keys[u], keys[v]
        ours[(a, b) if G.is_directed() else tuple(sorted((a, b)))] = w
    theirs = {}
    for a, b, w in G.edges(data="weight", default=1.0):
        theirs[(a, b) if G.is_directed() else tuple(sorted((a, b)))] = w
    assert ours == theirs, "edges differ from load.py's"


# ---------------------------------------------------------------- the six methods


def stationary(P):
    """pi with pi P = pi, sum 1, for an irreducible row-stochastic P (dense solve)."""
    m = P.shape[0]
    M = P.T - np.eye(m)
    M[-1, :] = 1
    b = np.zeros(m)
    b[-1] = 1
    return np.linalg.solve(M, b)


def community_pagerank(H, members_of):
    out = {}
    for members in members_of:
        if len(members) == 1:
            out[members[0]] = 1.0
            continue
        S = H.subgraph(members)
        Gm = np.asarray(nx.google_matrix(S, alpha=ALPHA, weight="weight", nodelist=members))
        pi = stationary(Gm)
        for k, i in enumerate(members):
            out[i] = float(pi[k])
    return out


def in_degree(H):
    return dict(H.in_degree()) if H.is_directed() else dict(H.degree())


def coreness(H):
    return nx.core_number(simple_view(H))


def authority(H):
    n = H.number_of_nodes()
    A = nx.to_numpy_array(H, nodelist=list(range(n)), weight="weight")
    if not A.any():
        return {i: 0.0 for i in range(n)}
    M = A.T @ A
    w, V = np.linalg.eigh(M)
    top = w[-1]
    S = V[:, w >= top * (1 - 1e-9)]
    start = A.T @ np.ones(n)  # authorities after the first step from uniform hubs
    a = S @ (S.T @ start)
    a[np.abs(a) < 1e-15 * np.abs(a).max()] = 0.0
    a = a / a.sum()
    return {i: float(a[i]) for i in range(n)}


def leaderrank(H):
    n = H.number_of_nodes()
    A = np.zeros((n + 1, n + 1))
    for u, v in H.edges():
        A[u, v] = 1
        if not H.is_directed():
            A[v, u] = 1
    A[:n, n] = 1
    A[n, :n] = 1
    pi = stationary(A / A.sum(axis=1, keepdims=True))
    s = pi * n  # the walk starts with mass n (1 a node, 0 on the ground)
    return {i: float(s[i] + s[n] / n) for i in range(n)}


def voterank(H):
    order = nx.voterank(H.reverse(copy=True) if H.is_directed() else H)
    return {i: 0 for i in H.nodes()} | {v: len(order) - k for k, v in enumerate(order)}


def method_scores(H, members_of):
    return {
        "communityPagerank": community_pagerank(H, members_of),
        "inDegree": in_degree(H),
        "coreness": coreness(H),
        "authority": authority(H),
        "leaderrank": leaderrank(H),
        "voterank": voterank(H),
    }


# ---------------------------------------------------------------- ranks and Borda


def tie_groups(members, score):
    """members by decreasing score, cut into runs of (relatively) equal scores."""
    order = sorted(members, key=lambda i: -score[i])
    groups = []
    for i in order:
        if groups and abs(score[groups[-1][-1]] - score[i]) <= TIE * max(abs(score[i]), abs(score[groups[-1][-1]])):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def method_ranks(members_of, score, keys):
    """1-based in-community rank by decreasing score, ties by key, and the Borda points (exact)."""
    rank = {}
    points = {}
    for members in members_of:
        s = len(members)
        position = 0
        for group in tie_groups(members, score):
            first = position + 1
            position += len(group)
            average = Fraction(first + position, 2)
            for k, i in enumerate(sorted(group, key=lambda i: keys[i])):
                rank[i] = first + k
                points[i] = Fraction(1) if s == 1 else (s - average) / (s - 1)
    return rank, points


def composite(members_of, scores, keys, methods):
    n = len(keys)
    total = {i: Fraction(0) for i in range(n)}
    per_method = {}
    for m in methods:
        rank, points = method_ranks(members_of, scores[m], keys)
        per_method[m] = (rank, points)
        for i in range(n):
            total[i] += points[i]
    value = {i: total[i] / len(methods) for i in range(n)}
    crank = {}
    for members in members_of:
        for k, i in enumerate(sorted(members, key=lambda i: (-value[i], keys[i]))):
            crank[i] = k + 1
    return value, crank, per_method


# ---------------------------------------------------------------- bootstrap intervals

Z975 = float(stats.norm.ppf(0.975))


def order_statistic(sorted_ranks, k):
    B = len(sorted_ranks)
    return sorted_ranks[min(B, max(1, k)) - 1]


def quantile(sorted_ranks, p):
    return order_statistic(sorted_ranks, math.ceil(p * len(sorted_ranks)))


def band(sorted_ranks, p):
    B = len(sorted_ranks)
    half = Z975 * math.sqrt(B * p * (1 - p))
    return [order_statistic(sorted_ranks, math.floor(B * p - half)), order_statistic(sorted_ranks, math.ceil(B * p + half) + 1)]


def intervals(original_rank, membership, replicate_ranks, keys, top, level, max_width):
    low_p = (1 - level) / 2
    high_p = (1 + level) / 2
    out = []
    for i in sorted(range(len(keys)), key=lambda i: (membership[i], original_rank[i])):
        if original_rank[i] > top:
            continue
        ranks = sorted(rep[i] for rep in replicate_ranks)
        lower = quantile(ranks, low_p)
        upper = quantile(ranks, high_p)
        lb = band(ranks, float(low_p))
        ub = band(ranks, float(high_p))
        out.append({
            "key": keys[i],
            "community": membership[i],
            "rank": original_rank[i],
            "lower": lower,
            "upper": upper,
            "median": quantile(ranks, Fraction(1, 2)),
            "lowerBand": lb,
            "upperBand": ub,
            "endpointError": lb[1] - lb[0] + ub[1] - ub[0],
            "unstable": upper > top or upper - lower > max_width,
        })
    return out


# ---------------------------------------------------------------- consensus


def coassignment(n, edges, partitions, threshold):
    """Edges {i, j} of the undirected view weighted by the share of runs putting i and j together."""
    R = len(partitions)
    nbrs = {i: {} for i in range(n)}
    for u, v, _ in edges:
        if u == v:
            continue
        f = Fraction(sum(1 for p in partitions if p[u] == p[v]), R)
        nbrs[u][v] = f
        nbrs[v][u] = f
    kept = set()
    for i in range(n):
        own = [(j, f) for j, f in nbrs[i].items() if f >= threshold and f > 0]
        for j, _ in own:
            kept.add((min(i, j), max(i, j)))
        if not own:
            positive = [(j, f) for j, f in nbrs[i].items() if f > 0]
            if positive:
                j = min(positive, key=lambda t: (-t[1], t[0]))[0]
                kept.add((min(i, j), max(i, j)))
    return [[i, j, r(float(nbrs[i][j]))] for i, j in sorted(kept)]


def stability(membership, count, partitions):
    n = len(membership)
    members_of = [[i for i in range(n) if membership[i] == c] for c in range(count)]
    agree = [0] * n
    for run in partitions:
        for members in members_of:
            tally = {}
            for i in members:
                tally[run[i]] = tally.get(run[i], 0) + 1
            label, most = max(tally.items(), key=lambda t: t[1])
            if 2 * most > len(members):
                for i in members:
                    if run[i] == label:
                        agree[i] += 1
    R = len(partitions)
    node = [Fraction(a, R) for a in agree]
    community = [sum((node[i] for i in m), Fraction(0)) / len(m) for m in members_of]
    return [r(float(x)) for x in node], [r(float(x)) for x in community]


def finer_block(n, edges, membership, count, finer, threshold):
    node, community = stability(membership, count, finer["partitions"])
    return {
        "resolution": finer["resolution"],
        "coassignment": coassignment(n, edges, finer["partitions"], threshold),
        "nodeStability": node,
        "communityStability": community,
    }


# ---------------------------------------------------------------- roles


def role_of(z, p):
    if z >= HUB_Z:
        return 5 if p <= HUB_P[0] else 6 if p <= HUB_P[1] else 7
    return 1 if p <= NON_HUB_P[0] else 2 if p <= NON_HUB_P[1] else 3 if p <= NON_HUB_P[2] else 4


def roles(H, membership):
    U = simple_view(H)
    n = len(membership)
    kappa = [sum(1 for j in U[i] if membership[j] == membership[i]) for i in range(n)]
    z = [0.0] * n
    for c in set(membership):
        members = [i for i in range(n) if membership[i] == c]
        values = np.array([kappa[i] for i in members], dtype=float)
        mean, std = values.mean(), values.std()
        for i in members:
            z[i] = 0.0 if std == 0 else float((kappa[i] - mean) / std)
    P = [0.0] * n
    for i in range(n):
        k = U.degree(i)
        if k == 0:
            continue
        counts = {}
        for j in U[i]:
            counts[membership[j]] = counts.get(membership[j], 0) + 1
        P[i] = 1.0 - sum((c / k) ** 2 for c in counts.values())
    return {"z": [r(x) for x in z], "participation": [r(x) for x in P], "role": [role_of(z[i], P[i]) for i in range(n)]}


# ---------------------------------------------------------------- main


# The composites checked: the engine's default six methods; the three whose scores are exact
# integers (no tie can hinge on rounding); one method alone (the bootstrap's single-method ranking).
VARIANTS = {
    "default": METHODS,
    "exact": ["inDegree", "coreness", "voterank"],
    "inDegree": ["inDegree"],
}


def snapped(members_of, score):
    """score with each in-community tie group set to one value (its first), so that the ties are exact."""
    out = dict(score)
    for members in members_of:
        for group in tie_groups(members, score):
            for i in group:
                out[i] = score[group[0]]
    return out


def variant(members_of, keys, membership, scores, replicate_scores, methods, boot):
    top = boot["top"]
    value, crank, _ = composite(members_of, scores, keys, methods)
    replicate_ranks = []
    for s in replicate_scores:
        _, rank, _ = composite(members_of, s, keys, methods)
        replicate_ranks.append([rank[i] for i in range(len(keys))])
    level = Fraction(str(boot["level"]))
    return {
        "methods": methods,
        "score": [r(float(value[i])) for i in range(len(keys))],
        "rank": [crank[i] for i in range(len(keys))],
        "leaders": [[keys[i] for i in sorted(members, key=lambda i: crank[i])][:top] for members in members_of],
        "replicateRanks": replicate_ranks,
        "intervals": intervals(crank, membership, replicate_ranks, keys, top, level, boot["maxWidth"]),
    }


def reference(inputs):
    check_graph(inputs)
    keys = inputs["keys"]
    n = len(keys)
    directed = inputs["directed"]
    edges = inputs["edges"]
    cons = inputs["consensus"]
    membership = cons["membership"]
    count = cons["count"]
    members_of = [[i for i in range(n) if membership[i] == c] for c in range(count)]
    boot = inputs["bootstrap"]
    assert boot["methods"] == METHODS, boot["methods"]

    G = build(directed, n, edges)
    scores = method_scores(G, members_of)
    _, _, per_method = composite(members_of, scores, keys, METHODS)

    replicate_scores = []
    replicate_roles = []
    for counts in boot["counts"]:
        assert len(counts) == len(edges)
        H = build(directed, n, [(u, v, w * int(k)) for (u, v, w), k in zip(edges, counts) if k != "0"])
        replicate_scores.append(method_scores(H, members_of))
        replicate_roles.append(roles(H, membership)["role"])

    node_stability, community_stability = stability(membership, count, cons["partitions"])
    threshold = Fraction(str(cons["threshold"]))
    return {
        "graph": inputs["graph"],
        "keys": keys,
        "membership": membership,
        "count": count,
        "methods": {
            m: {
                "score": [r(float(snapped(members_of, scores[m])[i])) for i in range(n)],
                "rank": [per_method[m][0][i] for i in range(n)],
                "points": [r(float(per_method[m][1][i])) for i in range(n)],
            }
            for m in METHODS
        },
        "bootstrap": {
            "replicates": len(replicate_scores),
            "seed": boot["seed"],
            "top": boot["top"],
            "level": boot["level"],
            "maxWidth": boot["maxWidth"],
        },
        "composites": {name: variant(members_of, keys, membership, scores, replicate_scores, methods, boot) for name, methods in VARIANTS.items()},
        "consensus": {
            "coassignment": coassignment(n, edges, cons["partitions"], threshold),
            "nodeStability": node_stability,
            "communityStability": community_stability,
            "finer": [finer_block(n, edges, membership, count, f, threshold) for f in cons["finer"]],
        },
        "roles": roles(G, membership) | {"thresholds": {"hubZ": HUB_Z, "nonHub": list(NON_HUB_P), "hub": list(HUB_P)}},
        "replicateRoles": replicate_roles,
    }


def main():
    for name in sys.argv[1:] or GRAPHS:
        with open(os.path.join(DIR, name + ".inputs.json")) as f:
            inputs = json.load(f)
        out = reference(inputs)
        path = os.path.join(DIR, name + ".json")
        with open(path, "w") as f:
            json.dump(out, f, separators=(",", ":"))
            f.write("\n")
        for v, c in out["composites"].items():
            unstable = sum(1 for iv in c["intervals"] if iv["unstable"])
            print(path, v, len(out["keys"]), "nodes,", out["count"], "communities,", len(c["intervals"]), "intervals,", unstable, "unstable")


if __name__ == "__main__":
    main()
