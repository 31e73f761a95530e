"""Temporary shim: the writer moved to kg.build.write, atomic files to kg.files, graph files to kg.use.graphs."""
import os  # noqa: F401 - tests patch kg.serialize.os.replace and .fdopen (the os module itself)

from kg.build.write import _stable_jsonld, dumps  # noqa: F401
from kg.files import _umask, swap_in, write_atomic  # noqa: F401
from kg.formats import GRAPH_SUFFIXES, WRITTEN, of_file  # noqa: F401
from kg.use.graphs import graph_files  # noqa: F401

FORMATS = {fmt.name: fmt.suffix for fmt in WRITTEN}  # the old name → suffix view of kg.formats.WRITTEN


def ox_format(path):
    """The pyoxigraph format of a graph file, by its suffix; ValueError for any other file."""
    return of_file(path).ox()
