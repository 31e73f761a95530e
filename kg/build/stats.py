"""What extraction finds in each report, counted: a quick look at which reports yield little."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from kg.build.facts import Fact, IndustryChain, Project, kind_of
from kg.kinds import KINDS, Kind

# a kind's column is its plural, but for the glossary's, named before the table of kinds was
_COLUMN = {kind: kind.plural for kind in KINDS} | {Kind.GLOSSARY: "glossary"}
COLUMNS = (_COLUMN[Kind.ENTERPRISE], _COLUMN[Kind.PROJECT], "with_investment", _COLUMN[Kind.CHAIN], "with_leader",
           _COLUMN[Kind.GLOSSARY], _COLUMN[Kind.INDICATOR])


def counts(facts: Iterable[Fact]) -> dict[str, int]:
    facts = list(facts)
    found = {_COLUMN[kind]: number for kind, number in Counter(map(kind_of, facts)).items()}
    found["with_investment"] = sum(fact.investment is not None for fact in facts if isinstance(fact, Project))
    found["with_leader"] = sum(fact.leader is not None for fact in facts if isinstance(fact, IndustryChain))
    return {column: found.get(column, 0) for column in COLUMNS}


def table(rows: list[tuple[str, dict[str, int]]]) -> str:
    """Rows of counts with a total; a report with no project or no enterprise is marked '!'."""
    width = max([len("report"), len(f"total ({len(rows)} reports)"), *(len(name) for name, _ in rows)]) + 4
    lines = ["report".ljust(width) + "  ".join(COLUMNS)]
    total = dict.fromkeys(COLUMNS, 0)
    for name, found in rows:
        flag = "!" if found[_COLUMN[Kind.PROJECT]] == 0 or found[_COLUMN[Kind.ENTERPRISE]] == 0 else " "
        lines.append((flag + " " + name).ljust(width) + _cells(found))
        for column in COLUMNS:
            total[column] += found[column]
    lines.append(f"  total ({len(rows)} reports)".ljust(width) + _cells(total))
    return "\n".join(lines) + "\n"


def _cells(found: dict[str, int]) -> str:
    return "  ".join(f"{found[column]:>{len(column)}}" for column in COLUMNS)
