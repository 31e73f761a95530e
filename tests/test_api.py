"""The public API: kg.__all__ is pinned, each name resolves to what it says, and `import kg` stays light."""
from __future__ import annotations

import subprocess
import sys

import pytest

import kg

# what `from kg import *` gives, and where each name lives; a change here is a change of the public API
PUBLIC = {
    "__version__": None,
    "GovkgError": "kg.errors",
    "build_report": "kg.build.pipeline",
    "Built": "kg.build.pipeline",
    "build_corpus": "kg.build.corpus",
}


def test_all_is_pinned():
    assert kg.__all__ == list(PUBLIC)


@pytest.mark.parametrize("name", list(PUBLIC), ids=list(PUBLIC))
def test_name_resolves(name):
    value = getattr(kg, name)
    if PUBLIC[name] is None:
        assert isinstance(value, str)
    else:
        assert value.__module__ == PUBLIC[name]
    assert name in dir(kg)


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        kg.nothing  # noqa: B018


def test_build_report_is_pipeline_build():
    from kg.build.pipeline import build

    assert kg.build_report is build


HEAVY = ("rdflib", "jieba", "pyshacl", "pyoxigraph", "httpx")


def test_import_loads_no_heavy_library():
    probe = "import sys, kg; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert [name for name in HEAVY if name in loaded] == []
