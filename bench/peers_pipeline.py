"""The whole-pipeline peer of `npm run bench -- --sizes 10M`: igraph (C core),
and graph-tool for sampled-source betweenness when it imports, doing the
work the engine's pipeline does on the same edge-list file (no comment
lines): load, PageRank, HITS, eigenvector, k-core, Leiden (2 iterations,
modularity), betweenness from 256 sources, write the scores (CSV).

Usage: /usr/bin/python3 bench/peers_pipeline.py FILE OUT.csv
Prints one JSON object: seconds per step, total, peak RSS (MiB), versions.
"""
import json
import random
import resource
import sys
import time

import igraph as ig

try:
    import graph_tool
    import graph_tool.centrality as gtc
except ImportError:  # graph-tool is optional
    graph_tool = None

path, out = sys.argv[1], sys.argv[2]
seconds = {}
t0 = time.perf_counter()
t = t0


def lap(name):
    global t
    now = time.perf_counter()
    seconds[name] = now - t
    t = now
    sys.stderr.write(f"peers: {name} {seconds[name]:.1f} s\n")


g = ig.Graph.Read_Edgelist(path, directed=True)
g.es["weight"] = 1.0
g.simplify(multiple=True, loops=False, combine_edges="sum")
lap("read")
pagerank = g.pagerank(damping=0.85, weights="weight")
lap("pagerank")
hubs = g.hub_score(weights="weight")
authorities = g.authority_score(weights="weight")
lap("hits")
eigenvector = g.eigenvector_centrality(directed=True, weights="weight")
lap("eigenvector")
coreness = g.coreness(mode="all")
lap("coreness")
rnd = random.Random(42)
sources = rnd.sample(range(g.vcount()), min(256, g.vcount()))
if graph_tool is not None:
    gt = graph_tool.Graph(directed=True)
    gt.add_vertex(g.vcount())
    gt.add_edge_list(g.get_edgelist())
    lap("graph-tool copy")
    import numpy

    betweenness = list(gtc.betweenness(gt, pivots=numpy.array(sources, dtype="int64"), norm=False)[0].a)
    lap("betweenness")
else:
    betweenness = g.betweenness(sources=sources, directed=True)
    lap("betweenness")
und = g.as_undirected(combine_edges="sum")
membership = und.community_leiden(objective_function="modularity", weights="weight", n_iterations=2).membership
lap("communities")
with open(out, "w") as f:
    f.write("node,pagerank,hub,authority,eigenvector,coreness,betweenness,community\n")
    for v in range(g.vcount()):
        f.write(f"{v},{pagerank[v]},{hubs[v]},{authorities[v]},{eigenvector[v]},{coreness[v]},{betweenness[v]},{membership[v]}\n")
lap("write")
print(json.dumps({
    "seconds": seconds,
    "total": time.perf_counter() - t0,
    "rssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "nodes": g.vcount(),
    "edges": g.ecount(),
    "igraph": ig.__version__,
    "graph-tool": graph_tool.__version__ if graph_tool is not None else None,
}))
