"""What the site shows across reports: places and their reports by year, the ledger, indicators, and names.

Read from the shared graph of a corpus (places, indicator concepts, commitments, things several reports name); a single
report's graph gives the same views with fewer rows, and a corpus without commitments an empty ledger.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kg.groups import Groups
from kg.kinds import Kind
from kg.use.site.data import GK, Data, Report


@dataclass
class Place:
    iri: str
    name: str
    level: str | None  # the IRI of its gk:PlaceLevel
    province: str | None  # the name of its province
    reports: list[tuple[str, Report]] = field(default_factory=list)  # (year, report), in year order


@dataclass(frozen=True)
class Figure:
    """One observation of an indicator, as a row of a ledger or an indicator page."""
    obs: str
    report: Report | None
    period: str
    measure_kind: str  # the IRI of gk:Actual or gk:Target
    value: str | None
    growth: str | None
    unit: str | None
    qualifier: str | None


@dataclass(frozen=True)
class Pair:
    """A target held against its actual (a gk:Commitment with gk:target)."""
    place: str
    indicator: str
    period: str
    target: Figure
    actual: Figure
    measure: str  # "growthPct" or "value"
    verdict: str  # the IRI of gk:Met or gk:Missed
    margin: str | None

    def figure(self, which: Figure) -> str | None:
        return which.growth if self.measure == "growthPct" else which.value


@dataclass(frozen=True)
class Promise:
    """A project due in one year against the status the next report gives it."""
    place: str
    period: str
    project: str
    status: str  # the IRI of a gk:ProjectStatus
    outcome: str | None


@dataclass
class Name:
    """One name of a chain or an enterprise across reports: the entities of that name, joined by their gk:SameEntity nodes."""
    name: str
    kind: Kind
    entities: list[tuple[str, Report]]  # (entity IRI, its report), in report order


class Across:
    """The views across reports of the reports shown."""

    def __init__(self, data: Data, shown: list[Report]):
        self.data = data
        self.by_iri = {report.iri: report for report in shown}
        self.by_obs = {obs: report for report in shown for obs in report.observations}
        self.places = self._places(shown)
        self.pairs = sorted(self._pairs(), key=lambda pair: (pair.place, data.label(pair.indicator), pair.period))
        self.promises = sorted(self._promises(), key=lambda row: (row.place, row.period, data.label(row.project)))
        self.verdicts = {figure.obs: pair.verdict for pair in self.pairs for figure in (pair.target, pair.actual)}
        self.indicators = self._indicators()
        self.names = {kind: self._names(shown, kind) for kind in (Kind.CHAIN, Kind.ENTERPRISE)}

    def _places(self, shown: list[Report]) -> list[Place]:
        data, found = self.data, {}
        for report in shown:
            iri = data.value(report.iri, GK + "place")
            if iri is None:
                continue
            if iri not in found:
                province = data.value(iri, GK + "province")
                found[iri] = Place(iri, data.label(iri), data.value(iri, GK + "level"),
                                   data.label(province) if province else None)
            found[iri].reports.append((data.value(report.iri, GK + "year") or "", report))
        for place in found.values():
            place.reports.sort(key=lambda pair: (pair[0], pair[1].ident))
        return sorted(found.values(), key=lambda place: (place.province or "", place.name, place.iri))

    def figure(self, obs: str) -> Figure:
        data = self.data
        return Figure(obs, self.by_obs.get(obs), data.value(obs, GK + "refPeriod") or "",
                      data.value(obs, GK + "measureKind") or "", data.value(obs, GK + "value"),
                      data.value(obs, GK + "growthPct"), data.value(obs, GK + "unit"), data.value(obs, GK + "qualifier"))

    def _commitments(self) -> list[str]:
        return self.data.of_type(GK + "Commitment")

    def _pairs(self) -> list[Pair]:
        data, out = self.data, []
        for iri in self._commitments():
            target, actual = data.value(iri, GK + "target"), data.value(iri, GK + "outcome")
            verdict = data.value(iri, GK + "verdict")
            if not (target and actual and verdict):
                continue
            measure = (data.value(iri, GK + "comparedOn") or GK + "growthPct").rsplit("#", 1)[-1]
            concept = data.value(iri, GK + "indicator") or data.value(target, GK + "indicator") or ""
            out.append(Pair(data.value(iri, GK + "refArea") or "", concept,
                            data.value(iri, GK + "refPeriod") or "", self.figure(target), self.figure(actual),
                            measure, verdict, data.value(iri, GK + "margin")))
        return out

    def _promises(self) -> list[Promise]:
        data, out = self.data, []
        for iri in self._commitments():
            project, status = data.value(iri, GK + "promise"), data.value(iri, GK + "outcomeStatus")
            if project and status:
                out.append(Promise(data.value(iri, GK + "refArea") or "", data.value(iri, GK + "refPeriod") or "",
                                   project, status, data.value(iri, GK + "outcome")))
        return out

    def _indicators(self) -> dict[str, list[Figure]]:
        """Each indicator concept → every figure of the reports shown, by place, year and kind."""
        out: dict[str, list[Figure]] = defaultdict(list)
        for obs in self.by_obs:
            concept = self.data.value(obs, GK + "indicator")
            if concept:
                out[concept].append(self.figure(obs))
        for figures in out.values():
            figures.sort(key=lambda fig: (self.place_name(fig.report), fig.period, fig.measure_kind, fig.obs))
        return dict(sorted(out.items(), key=lambda item: (self.data.label(item[0]), item[0])))

    def place_name(self, report: Report | None) -> str:
        place = self.data.value(report.iri, GK + "place") if report else None
        return self.data.label(place) if place else ""

    def _names(self, shown: list[Report], kind: Kind) -> list[Name]:
        """The kind's entities grouped by name, and groups joined where one thing of several reports has both."""
        data = self.data
        owner = {iri: report for report in shown for iri in report.entities.get(kind, [])}
        joined = Groups(owner)
        first_of: dict[str, str] = {}
        for iri in sorted(owner):
            joined.join(iri, first_of.setdefault(data.label(iri), iri))
        for same in data.of_type(GK + "SameEntity"):
            members = sorted(member.value for member in data.objects(same, GK + "member") if member.value in owner)
            for member in members[1:]:
                joined.join(members[0], member)
        groups = joined.groups()
        out = []
        for members in groups.values():
            counts = Counter(data.label(iri) for iri in members)
            name = min(counts, key=lambda label: (-counts[label], label))  # the name most reports use
            entities = sorted(((iri, owner[iri]) for iri in members), key=lambda pair: (pair[1].ident, pair[0]))
            out.append(Name(name, kind, entities))
        return sorted(out, key=lambda item: item.name)


def headline_series(across: Across, place: Place, limit: int = 6) -> list[tuple[str, list[tuple[str, float | None,
                                                                                                  float | None]]]]:
    """For the place's headline indicators (those with the most years of growth targets and actuals), each
    year's target and actual growth rate: (indicator, [(year, target, actual)])."""
    series: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [None, None]))
    for _, report in place.reports:
        for obs in report.observations:
            fig = across.figure(obs)
            concept = across.data.value(obs, GK + "indicator")
            if concept and fig.growth is not None and fig.period:
                slot = 0 if fig.measure_kind == GK + "Target" else 1
                series[concept][fig.period][slot] = float(fig.growth)
    ranked = sorted((concept for concept, years in series.items()
                     if any(target is not None for target, _ in years.values())
                     and any(actual is not None for _, actual in years.values())),
                    key=lambda concept: (-len(series[concept]), across.data.label(concept)))
    return [(concept, [(year, *series[concept][year]) for year in sorted(series[concept])]) for concept in ranked[:limit]]
