"""Debian's python3-pyld (with python3-requests) against the publisher.

usage: pyld_client.py to-rdf URL               a JSON-LD document read as RDF
       pyld_client.py compact-to-rdf URL CTX   the document compacted with the context at CTX,
                                               then read as RDF (what a user who compacts our
                                               data with /context.jsonld gets back)
       pyld_client.py load URL                 pyld's own loader fetches the document, then RDF

Prints a JSON header (pyld's version, how many quads it read), then the quads as N-Quads, for the
test to compare with the publisher's N-Quads by isomorphism. Remote contexts are fetched by pyld's
requests loader. The document's base is its own URL, as pyld gives any document it reads: an IRI
that only a base in a remote context would have made absolute comes out wrong or dropped (JSON-LD
1.1 ignores @base in a remote context)."""
import json
import sys

import requests
from pyld import jsonld

ACCEPT = {"Accept": "application/ld+json, application/json"}


def fetch(url):
    response = requests.get(url, headers=ACCEPT, timeout=30)
    response.raise_for_status()
    return response.json()


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    command, url = argv[1], argv[2]
    jsonld.set_document_loader(jsonld.requests_document_loader(timeout=30))
    if command == "to-rdf":
        document = fetch(url)
    elif command == "compact-to-rdf":
        document = jsonld.compact(fetch(url), {"@context": argv[3]}, {"base": url})
    elif command == "load":
        # pyld fetches the document itself, as jsonld.expand(url) does: its requests loader reads
        # the response's Link header too.
        document = jsonld.expand(url)
    else:
        raise SystemExit(__doc__)
    nquads = jsonld.to_rdf(document, {"base": url, "format": "application/n-quads"})
    lines = [l for l in nquads.split("\n") if l.strip()]
    print(json.dumps({"quads": len(lines)}))
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv)
