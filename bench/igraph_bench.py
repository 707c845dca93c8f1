"""Times igraph (C core) on the benchmark's edge file, for `npm run bench`.

Usage: /usr/bin/python3 bench/igraph_bench.py FILE SOURCES_SEED [GML_OUT]
Prints one JSON object: seconds per step (best of 3; load once). With GML_OUT,
the graph is also written there as GML (igraph's `write_gml`, which the
benchmark then reads with the engine's streaming GML reader) and igraph's
own `Read_GML` of that file is timed (key "gml").
"""
import json
import random
import sys
import time

import igraph as ig


def best(fn, reps=3):
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2]


path = sys.argv[1]
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
t = time.perf_counter()
edges = []
with open(path) as f:
    for line in f:
        if line.startswith("#") or not line.strip():
            continue
        a, b = line.split()[:2]
        edges.append((int(a), int(b)))
g = ig.Graph(n=max(max(e) for e in edges) + 1, edges=edges, directed=True)
g.simplify(multiple=True, loops=False, combine_edges="sum")
load = time.perf_counter() - t
out = {"load": load, "nodes": g.vcount(), "edges": g.ecount()}
out["pagerank"] = best(lambda: g.pagerank(damping=0.85))
out["hits"] = best(lambda: (g.hub_score(), g.authority_score()))
out["eigenvector"] = best(lambda: g.eigenvector_centrality(directed=True))
out["coreness"] = best(lambda: g.coreness(mode="all"))
und = g.as_undirected(combine_edges="sum")
out["louvain"] = best(lambda: und.community_multilevel(weights="weight" if "weight" in und.es.attributes() else None), reps=1)
out["leiden"] = best(lambda: und.community_leiden(objective_function="modularity", n_iterations=2), reps=1)
rnd = random.Random(seed)
sources = rnd.sample(range(g.vcount()), min(256, g.vcount()))
try:
    out["betweenness"] = best(lambda: g.betweenness(sources=sources, directed=True), reps=1)
except TypeError:
    out["betweenness"] = None
if len(sys.argv) > 3:
    gml = sys.argv[3]
    g.write_gml(gml)
    out["gml"] = best(lambda: ig.Graph.Read_GML(gml), reps=1)
print(json.dumps(out))
