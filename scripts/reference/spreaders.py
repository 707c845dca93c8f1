"""Reference values for the spreader methods and roles (src/analyze/spreaders,
src/analyze/leaders/roles.ts, src/analyze/evaluate/kendall.ts).

Run with Debian's Python (networkx 2.8, numpy, scipy):

    /usr/bin/python3 scripts/reference/spreaders.py

Writes test/fixtures/reference/spreaders/<graph>.json for karate, football,
polblogs and congress, and kendall.json. Every value is computed here
independently of the TypeScript code:

- VoteRank: networkx's own `nx.voterank(G)` (every node, until no votes are
  left), and for directed graphs also `nx.voterank(G.reverse())`.
- Roles (Guimera & Amaral 2005) on the ground-truth partition (karate `club`,
  football `value`, polblogs `value`, congress `party`), on the undirected
  simple view (direction, weights, self-loops dropped): within-community
  degree z-score with numpy's population std (0 when the std is 0), the
  participation coefficient, and the role R1..R7 from the paper's thresholds.
- LeaderRank (Lu et al. 2011): the stationary distribution of the walk on the
  graph plus a ground node linked both ways to every node, solved as a dense
  linear system with numpy (no iteration), scaled to total mass N, plus the
  ground's share.
- Collective Influence (Morone & Makse 2015), radius 2 (and 1, 3 on karate):
  CI from networkx shortest-path lengths; the adaptive removal order by a naive
  loop that recomputes every CI after each removal (karate, football, and
  the first 25 removals on polblogs and congress).
- Kendall's tau-b: scipy.stats.kendalltau on fixed seeded vectors with ties.
"""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
from scipy import stats  # noqa: E402

from load import GRAPHS, ROOT, load  # noqa: E402

OUT = os.path.join(ROOT, "test", "fixtures", "reference", "spreaders")
GROUND_TRUTH = {"karate": "club", "football": "value", "polblogs": "value", "congress": "party"}


def r(x):
    return float("%.15g" % x)


def simple_view(G):
    U = nx.Graph()
    U.add_nodes_from(G.nodes())
    U.add_edges_from((u, v) for u, v in G.edges() if u != v)
    return U


def membership_of(G, attr):
    names = []
    out = []
    for n in G.nodes():
        v = G.nodes[n].get(attr)
        if v not in names:
            names.append(v)
        out.append(names.index(v))
    return out


def roles(G, membership):
    U = simple_view(G)
    keys = list(G.nodes())
    comm = dict(zip(keys, membership))
    kappa = {n: sum(1 for m in U[n] if comm[m] == comm[n]) for n in keys}
    z = {}
    for c in set(membership):
        members = [n for n in keys if comm[n] == c]
        vals = np.array([kappa[n] for n in members], dtype=float)
        mean, std = vals.mean(), vals.std()
        for n in members:
            z[n] = 0.0 if std == 0 else (kappa[n] - mean) / std
    P = {}
    for n in keys:
        k = U.degree(n)
        if k == 0:
            P[n] = 0.0
            continue
        counts = {}
        for m in U[n]:
            counts[comm[m]] = counts.get(comm[m], 0) + 1
        P[n] = 1.0 - sum((c / k) ** 2 for c in counts.values())
    role = {}
    for n in keys:
        p = P[n]
        if z[n] >= 2.5:
            role[n] = 5 if p <= 0.30 else 6 if p <= 0.75 else 7
        else:
            role[n] = 1 if p <= 0.05 else 2 if p <= 0.62 else 3 if p <= 0.80 else 4
    return [r(z[n]) for n in keys], [r(P[n]) for n in keys], [role[n] for n in keys]


def leaderrank(G):
    keys = list(G.nodes())
    N = len(keys)
    pos = {k: i for i, k in enumerate(keys)}
    A = np.zeros((N + 1, N + 1))
    for u, v in G.edges():
        A[pos[u], pos[v]] = 1
        if not G.is_directed():
            A[pos[v], pos[u]] = 1
    A[:N, N] = 1
    A[N, :N] = 1
    P = A / A.sum(axis=1, keepdims=True)
    # pi (P - I) = 0, sum(pi) = 1: replace one equation by the normalization.
    M = (P.T - np.eye(N + 1))
    M[-1, :] = 1
    b = np.zeros(N + 1)
    b[-1] = 1
    pi = np.linalg.solve(M, b)
    s = pi * N  # the walk starts with mass N (1 a node, 0 on the ground)
    return [r(s[i] + s[N] / N) for i in range(N)]


def ci_values(H, radius):
    """CI of every node of H (a plain nx.Graph), from networkx shortest-path lengths."""
    out = {}
    deg = dict(H.degree())
    for n in H:
        k = deg[n]
        if k <= 1:
            out[n] = 0
            continue
        dist = nx.single_source_shortest_path_length(H, n, cutoff=radius)
        out[n] = (k - 1) * sum(deg[j] - 1 for j, d in dist.items() if d == radius)
    return out


def by_key(values, keys):
    return [values[n] for n in keys]


def ci_order(U, radius, limit=None):
    keys = list(U.nodes())
    H = U.copy()
    order = []
    while limit is None or len(order) < limit:
        ci = ci_values(H, radius)  # every CI recomputed after each removal
        best = None
        for n in keys:  # first maximum in node order
            if n not in H:
                continue
            if best is None or ci[n] > ci[best]:
                best = n
        if best is None or ci[best] <= 0:
            break
        order.append(best)
        H.remove_node(best)
    return order


def kendall_cases():
    rng = random.Random(7)
    cases = []
    for n, levels in [(10, 100), (25, 5), (40, 3), (60, 1000), (200, 7)]:
        x = [rng.randrange(levels) for _ in range(n)]
        y = [xi + rng.randrange(levels) for xi in x] if levels > 3 else [rng.randrange(levels) for _ in range(n)]
        tau, _ = stats.kendalltau(x, y)
        cases.append({"x": x, "y": y, "tau": r(tau)})
    x = [1, 2, 3, 4, 5]
    cases.append({"x": x, "y": [5, 4, 3, 2, 1], "tau": r(stats.kendalltau(x, [5, 4, 3, 2, 1])[0])})
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    import time
    for name in sys.argv[1:] or GRAPHS:
        t0 = time.time()
        G = load(name)
        keys = list(G.nodes())
        U = simple_view(G)
        membership = membership_of(G, GROUND_TRUTH[name])
        z, P, role = roles(G, membership)
        out = {
            "graph": name,
            "directed": G.is_directed(),
            "keys": keys,
            "membership": membership,
            "voterank": nx.voterank(G),
            "roles": {"z": z, "participation": P, "role": role},
            "leaderrank": leaderrank(G),
            "collectiveInfluence": {"2": by_key(ci_values(U, 2), keys)},
        }
        if G.is_directed():
            out["voterankReverse"] = nx.voterank(G.reverse(copy=True))
        if name in ("karate", "football"):
            out["collectiveInfluence"]["1"] = by_key(ci_values(U, 1), keys)
            out["collectiveInfluence"]["3"] = by_key(ci_values(U, 3), keys)
            out["ciOrder"] = {"2": ci_order(U, 2), "1": ci_order(U, 1)}
        else:
            out["ciOrder"] = {"2": ci_order(U, 2, limit=15)}
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(out, f, separators=(",", ":"))
        print(name, len(keys), "voterank", len(out["voterank"]), "%.1fs" % (time.time() - t0))
    with open(os.path.join(OUT, "kendall.json"), "w") as f:
        json.dump(kendall_cases(), f, separators=(",", ":"))


if __name__ == "__main__":
    main()
