"""Debian's python3-rdflib against the publisher, as a Python user would use it.

usage: rdflib_client.py deref IRI          follow the IRI as rdflib does (its own Accept, 303s)
       rdflib_client.py parse URL FORMAT   read a document (turtle, xml, nt, json-ld, nquads, trig)

Prints the statements read as N-Quads (the default graph's without a graph name), so that the test
compares them with the publisher's own by isomorphism; the first line is a JSON header with what
rdflib saw (the URL it ended at, the graphs it read)."""
import json
import sys

import rdflib
from rdflib import BNode, ConjunctiveGraph, Dataset, Graph, Literal, URIRef

# Keep literals as written: rdflib otherwise rewrites some lexical forms of the same value
# ("...T00:00:00Z" as "...T00:00:00+00:00"), and the test compares graphs term by term.
rdflib.NORMALIZE_LITERALS = False

DEFAULT_GRAPH_IDS = {str(getattr(rdflib.graph, "DATASET_DEFAULT_GRAPH_ID", "urn:x-rdflib:default"))}


def term(t):
    if isinstance(t, URIRef):
        return "<%s>" % t
    if isinstance(t, BNode):
        return "_:%s" % t
    if isinstance(t, Literal):
        text = str(t).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if t.language:
            return '"%s"@%s' % (text, t.language)
        if t.datatype:
            return '"%s"^^<%s>' % (text, t.datatype)
        return '"%s"' % text
    raise ValueError("unexpected term %r" % (t,))


def print_quads(quads, header):
    print(json.dumps(header))
    for s, p, o, g in quads:
        graph = "" if g is None or str(g) in DEFAULT_GRAPH_IDS else " " + term(g)
        print("%s %s %s%s ." % (term(s), term(p), term(o), graph))


def main(argv):
    command = argv[1]
    if command == "deref":
        graph = Graph()
        graph.parse(argv[2])
        print_quads(((s, p, o, None) for s, p, o in graph), {"rdflib": rdflib.__version__, "triples": len(graph)})
    elif command == "parse":
        url, fmt = argv[2], argv[3]
        if fmt in ("nquads", "trig"):
            dataset = Dataset()
            dataset.parse(url, format=fmt)
            # rdflib 6 reads a document's default graph into a graph named after the document.
            DEFAULT_GRAPH_IDS.add(url)
            quads = [(s, p, o, g.identifier if hasattr(g, "identifier") else g) for s, p, o, g in dataset.quads((None, None, None, None))]
            named = {str(g) for _, _, _, g in quads if str(g) not in DEFAULT_GRAPH_IDS}
            default = [q for q in quads if str(q[3]) in DEFAULT_GRAPH_IDS]
            print_quads(quads, {"rdflib": rdflib.__version__, "quads": len(quads), "default": len(default), "named_graphs": len(named)})
        else:
            graph = Graph()
            graph.parse(url, format=fmt)
            print_quads(((s, p, o, None) for s, p, o in graph), {"rdflib": rdflib.__version__, "triples": len(graph)})
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
