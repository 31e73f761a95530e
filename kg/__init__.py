"""govkg: Chinese government work reports to validated RDF knowledge graphs.

The public API is `__all__`; everything else may move. Names that need rdflib or jieba are imported on first
use, so that `import kg` (and `kg --help`) stays as quick as it was:

>>> import kg
>>> kg.GovkgError.__name__
'GovkgError'

The function that builds one report is `build_report`, not `build`: `kg.build` is the package of the build
stages, and Python would put that subpackage in the attribute's place whenever it is imported.
"""
from importlib import import_module

from kg.errors import GovkgError

__version__ = "0.1.0"

# public name: (module, name there), imported on first use
_LAZY = {
    "build_report": ("kg.build.pipeline", "build"),
    "Built": ("kg.build.pipeline", "Built"),
    "build_corpus": ("kg.build.corpus", "build_corpus"),
}

__all__ = ["__version__", "GovkgError", *_LAZY]


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    module, attribute = _LAZY[name]
    value = getattr(import_module(module), attribute)
    globals()[name] = value  # asked once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
