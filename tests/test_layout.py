"""The architecture as rules the tree keeps: small modules that say what they are for, one table per
vocabulary, and stages that never reach into the uses built on them."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kg"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 300


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def _code(path: Path) -> str:
    """The module's text without its docstrings, whose examples may show any media type or IRI."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    for node in ast.walk(ast.parse(text)):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            for number in range(body[0].lineno - 1, body[0].end_lineno):
                lines[number] = ""
    return "\n".join(lines)


def test_there_are_modules_to_check():
    assert len(MODULES) > 40


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_module_is_small_and_opens_with_one_line_on_its_purpose(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES
    doc = ast.get_docstring(ast.parse(text), clean=False)
    assert doc, "a module opens with a docstring"
    first = doc.split("\n", 1)[0]
    assert first.endswith("."), f"its first line is a whole sentence: {first!r}"


# (rule, what may hold it, the pattern no other module may contain)
SPELLED_ONCE = [
    pytest.param("kg/vocab.py", r"https?://(www\.w3\.org|w3id\.org|purl\.org|schema\.org|persistence\.)",
                 id="namespaces-only-in-vocab"),
    pytest.param("kg/formats.py", r"\b(RdfFormat|QueryResultsFormat)\.", id="oxigraph-formats-only-in-formats"),
    pytest.param("kg/formats.py", r"['\"]application/(sparql-results|n-triples|n-quads|ld\+json|rdf\+xml|trig)",
                 id="media-types-only-in-formats"),
    pytest.param("kg/kinds.py", r"['\"]glossary terms['\"]|['\"]IndustryChain['\"]", id="kinds-only-in-kinds"),
]


@pytest.mark.parametrize("owner, pattern", SPELLED_ONCE)
def test_a_vocabulary_is_spelled_in_one_module(owner, pattern):
    spelled = [_name(path) for path in MODULES if _name(path) != owner and re.search(pattern, _code(path))]
    assert spelled == []


# (modules, the packages they must not import): the stages know nothing of the uses, nothing but the CLI prints
LAYERS = [
    pytest.param("build", ("kg.use", "kg.cli"), id="build-knows-no-use"),
    pytest.param("use", ("kg.cli",), id="uses-know-no-cli"),
    pytest.param("build/extract", ("rdflib", "pyshacl", "pyoxigraph", "kg.build.graph"), id="extractors-know-no-rdf"),
]


@pytest.mark.parametrize("folder, forbidden", LAYERS)
def test_layers_import_downwards(folder, forbidden):
    crossing = {_name(path): sorted(name for name in _imports(path) if name.startswith(forbidden))
                for path in sorted((PACKAGE / folder).rglob("*.py"))}
    assert {name: found for name, found in crossing.items() if found} == {}


def test_extracting_loads_no_rdf_library():
    """The extractors read kg.kinds, whose IRIs need rdflib: it must be loaded only when an IRI is asked for."""
    probe = ("import sys; from kg.build.extract import extract_all; "
             "print(sorted(m for m in ('rdflib', 'pyshacl', 'pyoxigraph') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
