"""What extraction finds in each report, counted: a quick look at which reports yield little."""
from __future__ import annotations

from collections.abc import Iterable

from kg.build.facts import Enterprise, Fact, GlossaryTerm, IndustryChain, Indicator, Project

COLUMNS = ("enterprises", "projects", "with_investment", "chains", "with_leader", "glossary", "indicators")


def counts(facts: Iterable[Fact]) -> dict[str, int]:
    facts = list(facts)
    projects = [f for f in facts if isinstance(f, Project)]
    chains = [f for f in facts if isinstance(f, IndustryChain)]
    return {
        "enterprises": sum(isinstance(f, Enterprise) for f in facts),
        "projects": len(projects),
        "with_investment": sum(p.investment is not None for p in projects),
        "chains": len(chains),
        "with_leader": sum(c.leader is not None for c in chains),
        "glossary": sum(isinstance(f, GlossaryTerm) for f in facts),
        "indicators": sum(isinstance(f, Indicator) for f in facts),
    }


def table(rows: list[tuple[str, dict[str, int]]]) -> str:
    """Rows of counts with a total; a report with no project or no enterprise is marked '!'."""
    width = max([len("report"), len(f"total ({len(rows)} reports)"), *(len(name) for name, _ in rows)]) + 4
    lines = ["report".ljust(width) + "  ".join(COLUMNS)]
    total = dict.fromkeys(COLUMNS, 0)
    for name, found in rows:
        flag = "!" if found["projects"] == 0 or found["enterprises"] == 0 else " "
        lines.append((flag + " " + name).ljust(width) + "  ".join(f"{found[c]:>{len(c)}}" for c in COLUMNS))
        for c in COLUMNS:
            total[c] += found[c]
    lines.append(f"  total ({len(rows)} reports)".ljust(width) + "  ".join(f"{total[c]:>{len(c)}}" for c in COLUMNS))
    return "\n".join(lines) + "\n"
