"""Files that ship with the package: the ontology, the shapes, the queries and the sample report."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

SAMPLE = "houma-2024.txt"


def ontology_file(name: str) -> Path:
    """ontology/<name>: inside the installed package, or at the top of a source checkout."""
    packaged = Path(str(resources.files("kg"))) / "ontology" / name
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "ontology" / name


def sample_report() -> Path:
    return Path(str(resources.files("kg"))) / "data" / SAMPLE


def queries_dir() -> Path:
    return Path(str(resources.files("kg"))) / "queries"


def shipped_query(name: str) -> str:
    """The SPARQL shipped as queries/<name>.rq (ledger, promises, export/panel); QueryError when this
    installation lacks it."""
    from kg.errors import QueryError

    path = queries_dir() / f"{name}.rq"
    if not path.is_file():
        raise QueryError(f"{path}: the {name} query is missing from this installation of govkg")
    return path.read_text(encoding="utf-8")
