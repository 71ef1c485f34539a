"""Debian's python3-sparqlwrapper against the publisher's /sparql, as its documentation uses it.

usage: sparqlwrapper_client.py select ENDPOINT QUERY        JSON results (setReturnFormat(JSON))
       sparqlwrapper_client.py ask ENDPOINT QUERY           JSON results
       sparqlwrapper_client.py construct ENDPOINT QUERY [FORMAT]
                                                            a graph (CONSTRUCT or DESCRIBE);
                                                            FORMAT is one of SPARQLWrapper's
                                                            (turtle, n3, xml, json-ld), or none for its
                                                            default (XML: format=xml, RDF/XML accepted)
       (add --post to send the query by POST)

Prints JSON: for select/ask the bindings or the boolean as SPARQLWrapper returns them; for construct
the graph as N-Triples (parsed by SPARQLWrapper's own conversion, i.e. rdflib), with its size."""
import json
import sys

import SPARQLWrapper
from SPARQLWrapper import JSON, JSONLD, N3, POST, RDFXML, SPARQLWrapper as Endpoint, TURTLE, XML

FORMATS = {"turtle": TURTLE, "n3": N3, "xml": XML, "rdfxml": RDFXML, "json-ld": JSONLD}


def main(argv):
    args = [a for a in argv[1:] if a != "--post"]
    if len(args) < 3:
        raise SystemExit(__doc__)
    command, endpoint, query = args[0], args[1], args[2]
    sparql = Endpoint(endpoint, agent="busanjin-interop-test")
    if "--post" in argv:
        sparql.setMethod(POST)
    sparql.setQuery(query)
    if command in ("select", "ask"):
        sparql.setReturnFormat(JSON)
        result = sparql.query().convert()
        out = {"boolean": result["boolean"]} if command == "ask" else {"vars": result["head"]["vars"], "bindings": result["results"]["bindings"]}
    elif command in ("construct", "describe"):
        if len(args) > 3:
            sparql.setReturnFormat(FORMATS[args[3]])
        response = sparql.query()
        graph = response.convert()
        if isinstance(graph, (bytes, str)):
            # Turtle and N3 come back as text: rdflib reads them, as SPARQLWrapper's docs show.
            import rdflib
            text = graph.decode("utf-8") if isinstance(graph, bytes) else graph
            graph = rdflib.Graph().parse(data=text, format="turtle")
        out = {"triples": len(graph), "ntriples": graph.serialize(format="nt")}
        if isinstance(out["ntriples"], bytes):
            out["ntriples"] = out["ntriples"].decode("utf-8")
    else:
        raise SystemExit(__doc__)
    out["sparqlwrapper"] = SPARQLWrapper.__version__
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv)
