"""Writing graphs: Turtle, N-Triples, JSON-LD or TriG, byte-identical across runs, written atomically."""
from __future__ import annotations

import json
import os
from functools import cache
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from kg.vocab import PREFIXES

FORMATS = {"turtle": ".ttl", "nt": ".nt", "json-ld": ".jsonld", "trig": ".trig"}


def dumps(graph: Graph, fmt: str, graph_name: str | None = None) -> bytes:
    """The graph as bytes in `fmt`; TriG puts it in the named graph `graph_name`."""
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
    return graph.serialize(format=fmt, encoding="utf-8")


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
    nodes = sorted(nodes, key=lambda n: (n.get("@id", ""), canon(n)))
    out = nodes if isinstance(doc, list) else {**{k: v for k, v in doc.items() if k != "@graph"}, "@graph": nodes}
    return (json.dumps(out, sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@cache
def _umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it; read once, before any thread starts
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers see the old file or the new one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are as readable as any file
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def swap_in(building: Path, target: Path) -> None:
    """Put a folder built beside `target` in its place; until the last rename the old one stays."""
    import shutil

    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    building.rename(target)
    shutil.rmtree(old, ignore_errors=True)


GRAPH_SUFFIXES = (".ttl", ".nt", ".jsonld", ".json", ".trig", ".nq")


def ox_format(path: Path):
    """The pyoxigraph format of a graph file, by its suffix; ValueError for any other file."""
    import pyoxigraph as ox

    formats = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD,
               ".json": ox.RdfFormat.JSON_LD, ".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}
    try:
        return formats[Path(path).suffix.lower()]
    except KeyError:
        raise ValueError(f"{path}: unknown graph format (expected {', '.join(GRAPH_SUFFIXES)})") from None


def graph_files(source: Path) -> list[Path]:
    """The graphs a source holds: a graph file itself, a corpus folder's dataset (corpus.nq or .trig),
    or else the graph files of a folder. FileNotFoundError when there are none."""
    source = Path(source)
    if source.is_file():
        return [source]
    if not source.is_dir():
        raise FileNotFoundError(f"{source}: no such file or folder")
    dataset = [source / name for name in ("corpus.nq", "corpus.trig") if (source / name).is_file()]
    files = dataset[:1] or sorted(p for p in source.iterdir() if p.suffix.lower() in GRAPH_SUFFIXES and p.is_file())
    if not files:
        raise FileNotFoundError(f"{source}: no corpus.nq, corpus.trig or graph files here (build them with kg build)")
    return files
