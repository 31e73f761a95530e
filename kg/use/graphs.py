"""Finding and reading built graphs: the one way every use (query, load, site, panel) opens graph files."""
from __future__ import annotations

from pathlib import Path

from kg.errors import InputError
from kg.formats import GRAPH_SUFFIXES, of_file

DATASETS = ("corpus.nq", "corpus.trig")


def graph_files(source: Path) -> list[Path]:
    """The graphs a source holds: a graph file itself, a corpus folder's dataset (corpus.nq or .trig),
    or else the graph files of a folder. FileNotFoundError when there are none."""
    source = Path(source)
    if source.is_file():
        return [source]
    if not source.is_dir():
        raise FileNotFoundError(f"{source}: no such file or folder")
    dataset = [source / name for name in DATASETS if (source / name).is_file()]
    files = dataset[:1] or sorted(p for p in source.iterdir() if p.suffix.lower() in GRAPH_SUFFIXES and p.is_file())
    if not files:
        raise FileNotFoundError(f"{source}: no corpus.nq, corpus.trig or graph files here (build them with kg build)")
    return files


def read_quads(file: Path) -> list:
    """The quads of one graph file, parsed by Oxigraph; InputError in one line when it is not valid RDF."""
    return list(_parse(file))


def _parse(file: Path):
    """The quads of one graph file as Oxigraph parses them, one by one, so that a store fills without a copy."""
    import pyoxigraph as ox

    try:
        fmt = of_file(file).ox()
    except ValueError as exc:  # a suffix no graph file has: the message names the ones read
        raise InputError(str(exc)) from None
    try:
        yield from ox.parse(path=str(file), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"{file}: not a valid graph file ({str(exc).splitlines()[0][:200]})") from None


def union_store(files: list[Path]):
    """An in-memory Oxigraph store with every graph's triples of the files in its default graph, as in
    the store kg build writes: queries and pages look across reports and the shared graph alike."""
    import pyoxigraph as ox

    store = ox.Store()
    for file in files:
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in _parse(file))
    return store
