"""The last stage of a build: a graph as Turtle, N-Triples, JSON-LD or TriG bytes, byte-identical across runs."""
from __future__ import annotations

import json

from rdflib import Dataset, Graph, URIRef

from kg.formats import by_name
from kg.vocab import PREFIXES


def dumps(graph: Graph, fmt: str, graph_name: str | None = None) -> bytes:
    """The graph as bytes in the format named `fmt` (see kg.formats); TriG puts it in the named graph `graph_name`."""
    if fmt == "nt":
        # rdflib writes N-Triples in set order; sorted lines make the file reproducible. Lines end at
        # "\n" only: str.splitlines() would also cut at form feeds and U+2028 inside literals
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n")
        return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")
    if fmt == "trig":
        dataset = Dataset()
        for prefix, ns in graph.namespaces():
            dataset.bind(prefix, ns)
        named = dataset.graph(URIRef(graph_name) if graph_name else None)
        for triple in graph:
            named.add(triple)
        return dataset.serialize(format="trig", encoding="utf-8")
    if fmt == "json-ld":
        context = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}
        return _stable_jsonld(graph.serialize(format="json-ld", encoding="utf-8", context=context))
    return graph.serialize(format=by_name(fmt).rdflib, encoding="utf-8")


def _stable_jsonld(data: bytes) -> bytes:
    """rdflib emits JSON-LD nodes and values in hash order; sorting them makes the file reproducible."""
    def canon(value):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    doc = json.loads(data)
    nodes = doc if isinstance(doc, list) else doc.get("@graph", [doc])
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=canon)
    nodes = sorted(nodes, key=lambda node: (node.get("@id", ""), canon(node)))
    out = nodes if isinstance(doc, list) else {**{k: v for k, v in doc.items() if k != "@graph"}, "@graph": nodes}
    return (json.dumps(out, sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
