"""Writing graphs: Turtle, N-Triples, JSON-LD or TriG, byte-identical across runs, written atomically."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

FORMATS = {"turtle": ".ttl", "nt": ".nt", "json-ld": ".jsonld", "trig": ".trig"}


def dumps(graph: Graph, fmt: str, graph_name: str | None = None) -> bytes:
    """The graph as bytes in `fmt`; TriG puts it in the named graph `graph_name`."""
    if fmt == "nt":
        # rdflib writes N-Triples in set order; sorted lines make the file reproducible
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
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
        return graph.serialize(format="json-ld", encoding="utf-8", sort_keys=True, indent=1)
    return graph.serialize(format=fmt, encoding="utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers see the old file or the new one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
