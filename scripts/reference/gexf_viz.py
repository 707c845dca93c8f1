"""Reference values for the GEXF map Gephi opens ready-coloured
(src/graph/writers/gexf.ts): each node's viz colour and size.

Run with Debian's Python (networkx 2.8), from the repository root:

    /usr/bin/python3 scripts/reference/gexf_viz.py

For the karate club and polblogs, runs the project's CLI (`node bin/atlas.js`)
to write the atlas file (`atlas analyze`) and its GEXF (`atlas convert`) into
a temporary directory, then:

- reads the atlas JSON: each node's `community` and `pagerank` (the input of
  the colouring, stored in the fixture so the test can rebuild it);
- computes the expected colour and size here, from the documented rules, with
  the palette hex list written below (not imported from the TypeScript):
  colour = the community's palette colour (Okabe-Ito without its black, then
  Paul Tol's muted scheme, then the project's 16 more: community i gets
  PALETTE[i]), grey for a community
  beyond the palette or a node without one; size = linear in sqrt(PageRank)
  between 2 (the smallest) and 30 (the largest), over the nodes with a finite
  PageRank >= 0 (2 for any other node, 16 when all are equal);
- reads the GEXF with networkx's read_gexf, which parses the viz elements,
  and records each node's viz colour (r, g, b, a) and size as networkx reads
  them; the script fails when they differ from the expected values.

networkx 2.8 knows GEXF 1.1draft and 1.2draft; the CLI writes GEXF 1.3
(namespace http://gexf.net/1.3, `<viz:color hex="#RRGGBB">`). The reader is
given the 1.3 namespaces as one more version, and a colour given as `hex`
only is turned into the r, g, b attributes networkx reads (GEXF 1.3 viz.xsd:
hex is the same colour as r, g, b); nothing else of the reader changes.

Writes test/fixtures/reference/gexf-viz/<graph>.json.
"""

import json
import math
import os
import subprocess
import sys
import tempfile

import networkx as nx
from networkx.readwrite.gexf import GEXFReader

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "test", "fixtures", "reference", "gexf-viz")

# Okabe & Ito 2008, "Color Universal Design" (black left out), then Paul Tol
# 2021, "Colour Schemes" (SRON/EPS/TN/09-002), the muted scheme.
PALETTE = [
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#332288",  # indigo
    "#88CCEE",  # cyan
    "#44AA99",  # teal
    "#117733",  # green
    "#999933",  # olive
    "#DDCC77",  # sand
    "#CC6677",  # rose
    "#882255",  # wine
    "#AA4499",  # purple
    # then the project's 16 more (README, "Output formats"), farthest-first
    "#2DD22D", "#7E4D1B", "#A12DD2", "#95E481", "#9581E4", "#A82424", "#373267", "#5D6732",
    "#326267", "#E49F81", "#B3E6B8", "#673232", "#C7B3E6", "#2D2DD2", "#A1D22D", "#D22D6F",
]
GREY = "#BBBBBB"  # the grey of Tol's bright scheme
MIN_SIZE = 2.0
MAX_SIZE = 30.0

GRAPHS = {
    "karate": "data/karate/karate_club.gml",
    "polblogs": "data/polblogs/polblogs.gml",
}


def rgb(hex_colour):
    h = hex_colour.lstrip("#")
    return [int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)]


def expected_colour(community):
    if isinstance(community, bool) or not isinstance(community, int) or not 0 <= community < len(PALETTE):
        return rgb(GREY)
    return rgb(PALETTE[community])


def finite_nonnegative(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v >= 0


def expected_sizes(pageranks):
    roots = [math.sqrt(v) for v in pageranks.values() if finite_nonnegative(v)]
    lo, hi = min(roots), max(roots)
    sizes = {}
    for key, v in pageranks.items():
        if not finite_nonnegative(v):
            sizes[key] = MIN_SIZE
        elif hi == lo:
            sizes[key] = (MIN_SIZE + MAX_SIZE) / 2
        else:
            sizes[key] = MIN_SIZE + ((math.sqrt(v) - lo) / (hi - lo)) * (MAX_SIZE - MIN_SIZE)
    return sizes


class Gexf13Reader(GEXFReader):
    """networkx's reader with the GEXF 1.3 namespaces and `hex` colours."""

    versions = dict(GEXFReader.versions)
    versions["1.3"] = {
        "NS_GEXF": "http://gexf.net/1.3",
        "NS_VIZ": "http://gexf.net/1.3/viz",
        "NS_XSI": "http://www.w3.org/2001/XMLSchema-instance",
        "SCHEMALOCATION": "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
        "VERSION": "1.3",
    }

    def add_viz(self, data, node_xml):
        colour = node_xml.find(f"{{{self.NS_VIZ}}}color")
        if colour is not None and colour.get("r") is None and colour.get("hex") is not None:
            for name, value in zip("rgb", rgb(colour.get("hex"))):
                colour.set(name, str(value))
        return super().add_viz(data, node_xml)


def read_gexf(path):
    reader = Gexf13Reader(node_type=None, version="1.3")
    with open(path, "rb") as f:
        return reader(f)


def atlas(args):
    r = subprocess.run(["node", os.path.join(ROOT, "bin", "atlas.js"), *args], cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"atlas {' '.join(args)} failed ({r.returncode}):\n{r.stderr}")


def dumps_fixture(fixture):
    """The fixture as JSON, one line per node."""
    compact = lambda v: json.dumps(v, separators=(",", ":"), ensure_ascii=False)
    head = [f"{compact(k)}:{compact(v)}" for k, v in fixture.items() if k != "nodes"]
    nodes = [f"{compact(k)}:{compact(v)}" for k, v in fixture["nodes"].items()]
    return "{\n" + ",\n".join(head) + ',\n"nodes":{\n' + ",\n".join(nodes) + "\n}}\n"


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gexf-viz-") as tmp:
        for name, source in GRAPHS.items():
            atlas_file = os.path.join(tmp, f"{name}.atlas.json")
            gexf_file = os.path.join(tmp, f"{name}.gexf")
            atlas(["analyze", source, "--out", atlas_file])
            atlas(["convert", atlas_file, gexf_file])
            with open(atlas_file, encoding="utf-8") as f:
                data = json.load(f)
            nodes = {n["key"]: n.get("attributes", {}) for n in data["nodes"]}
            pageranks = {k: a.get("pagerank") for k, a in nodes.items()}
            sizes = expected_sizes(pageranks)

            g = read_gexf(gexf_file)
            assert set(g.nodes) == set(nodes), f"{name}: the GEXF's nodes are not the atlas's"
            out_nodes = {}
            problems = []
            for key, a in nodes.items():
                viz = g.nodes[key].get("viz", {})
                colour = viz.get("color", {})
                read = {
                    "r": colour.get("r"),
                    "g": colour.get("g"),
                    "b": colour.get("b"),
                    "a": colour.get("a"),
                    "size": viz.get("size"),
                }
                exp_rgb = expected_colour(a.get("community"))
                expected = {"r": exp_rgb[0], "g": exp_rgb[1], "b": exp_rgb[2], "size": sizes[key]}
                if [read["r"], read["g"], read["b"]] != exp_rgb or read["a"] != 1.0:
                    problems.append(f"{key}: colour {read} expected {expected}")
                if read["size"] is None or abs(read["size"] - expected["size"]) > 1e-12 * MAX_SIZE:
                    problems.append(f"{key}: size {read['size']} expected {expected['size']}")
                if g.nodes[key].get("community") != a.get("community"):
                    problems.append(f"{key}: community attribute {g.nodes[key].get('community')} expected {a.get('community')}")
                out_nodes[key] = {
                    "community": a.get("community"),
                    "pagerank": a.get("pagerank"),
                    "expected": expected,
                    "networkx": read,
                }
            if problems:
                sys.exit(f"{name}: networkx reads a GEXF that differs from the documented colours and sizes:\n" + "\n".join(problems[:20]))
            communities = sorted({v["community"] for v in out_nodes.values() if isinstance(v["community"], int)})
            fixture = {
                "graph": name,
                "source": source,
                "directed": g.is_directed(),
                "palette": PALETTE,
                "grey": GREY,
                "minSize": MIN_SIZE,
                "maxSize": MAX_SIZE,
                "communities": len(communities),
                "networkx": nx.__version__,
                "nodes": out_nodes,
            }
            path = os.path.join(OUT, f"{name}.json")
            with open(path, "w", encoding="utf-8") as f:
                f.write(dumps_fixture(fixture))
            grey = sum(1 for v in out_nodes.values() if [v["expected"][c] for c in "rgb"] == rgb(GREY))
            print(f"{name}: {len(out_nodes)} nodes, {len(communities)} communities, {grey} grey -> {os.path.relpath(path, ROOT)}")


if __name__ == "__main__":
    main()
