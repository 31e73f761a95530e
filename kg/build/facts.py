"""What extractors find: plain frozen records with the spans that support them. No RDF here.

`evidence` stays out of equality so tests can state facts without offsets.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from kg.kinds import Kind, Measure, Status

log = logging.getLogger(__name__)


@dataclass(frozen=True, order=True)
class Mention:
    start: int
    end: int
    text: str


Evidence = tuple[Mention, ...]


@dataclass(frozen=True)
class Amount:
    """Money in yuan, with the words the report used."""
    yuan: Decimal
    text: str
    evidence: Evidence = field(default=(), compare=False)


@dataclass(frozen=True)
class Milestone:
    """Something due (开工, 投产 …) and the last day it is due on."""
    verb: str
    due: date | None
    text: str
    evidence: Evidence = field(default=(), compare=False)


@dataclass(frozen=True)
class Enterprise:
    name: str
    aliases: tuple[str, ...] = ()
    evidence: Evidence = field(default=(), compare=False)
    confidence: float | None = field(default=None, compare=False)  # the span model's, when it saw the name


@dataclass(frozen=True)
class Project:
    name: str
    investment: Amount | None = None
    milestones: tuple[Milestone, ...] = ()
    status: Status = Status.PLANNED  # COMPLETED when the review year reports it done
    enterprise: str | None = None
    chain: str | None = None
    aliases: tuple[str, ...] = ()
    evidence: Evidence = field(default=(), compare=False)
    confidence: float | None = field(default=None, compare=False)


@dataclass(frozen=True)
class IndustryChain:
    name: str
    leader: str | None = None
    output_target: Amount | None = None
    # where the report speaks of this chain in particular: projects named there are its members
    scope: tuple[int, int] | None = field(default=None, compare=False)
    evidence: Evidence = field(default=(), compare=False)
    confidence: float | None = field(default=None, compare=False)


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    number: int
    definition: str
    definition_evidence: Evidence = field(default=(), compare=False)
    uses: Evidence = field(default=(), compare=False)
    evidence: Evidence = field(default=(), compare=False)


@dataclass(frozen=True)
class Indicator:
    """A headline figure: an actual of the review year or a target of the report year."""
    concept: str  # the shared, normalised name (规模以上工业增加值)
    name: str  # as this report words it (规上工业增加值)
    period: int
    kind: Measure
    value: Decimal | None = None
    unit: str | None = None  # 元 for money, else 人, 亩, 公斤 …
    growth_pct: Decimal | None = None
    growth_pct_upper: Decimal | None = None  # the upper end of a range (增长5%-6%)
    qualifier: str | None = None  # the hedge: 以上, 左右, 突破, 以内, 不低于, 力争 …
    rank: str | None = None  # 全省第2
    # the concept's other names (the word list's, those needing no context): they follow from `concept`
    aliases: tuple[str, ...] = field(default=(), compare=False)
    evidence: Evidence = field(default=(), compare=False)


Fact = Enterprise | Project | IndustryChain | GlossaryTerm | Indicator


def kind_of(fact: Fact) -> Kind:
    """The row of the table of kinds that a fact belongs to."""
    return Kind.of(type(fact).__name__)


def name_of(fact: Fact) -> str:
    """What a fact is called: its name, a glossary term's term, an indicator's name as the report words it."""
    return fact.term if isinstance(fact, GlossaryTerm) else fact.name


def _merge_evidence(old: Evidence, new: Evidence) -> Evidence:
    return tuple(sorted(set(old) | set(new)))


def _merge_indicator(old: Indicator | None, new: Indicator) -> Indicator:
    """The first statement wins (the 主要预期目标 paragraph comes before restatements); a later one only
    adds the measure the first lacks (地区生产总值完成50亿元 … GDP增速11.5%)."""
    if old is None:
        return new
    added = {}
    if old.value is None and new.value is not None:
        added.update(value=new.value, unit=new.unit)
    if old.growth_pct is None and new.growth_pct is not None:
        added.update(growth_pct=new.growth_pct, growth_pct_upper=new.growth_pct_upper,
                     qualifier=old.qualifier or new.qualifier)
    if not added:
        return old
    return replace(old, **added, evidence=_merge_evidence(old.evidence, new.evidence))


def _alias_of(short: str, full: str, suffixes: tuple[str, ...]) -> bool:
    """北铜 is 北铜铜业 shortened: the full name is the short one plus a generic suffix."""
    return full != short and full.startswith(short) and full[len(short):] in suffixes


def consolidate(facts, suffixes: tuple[str, ...] = ()) -> list[Fact]:
    """One fact per thing: aliases merged, first value wins, member links resolved.

    `suffixes` are the enterprise suffixes (药业, 铜业 …) that make a short name an alias.
    """
    enterprises: dict[str, Enterprise] = {}
    projects: dict[str, Project] = {}
    chains: dict[str, IndustryChain] = {}
    terms: dict[str, GlossaryTerm] = {}
    indicators: dict[tuple, Indicator] = {}
    for fact in facts:
        if isinstance(fact, Enterprise):
            old = enterprises.get(fact.name)
            enterprises[fact.name] = fact if old is None else replace(
                old, evidence=_merge_evidence(old.evidence, fact.evidence))
        elif isinstance(fact, Project):
            projects[fact.name] = _merge_project(projects.get(fact.name), fact)
        elif isinstance(fact, IndustryChain):
            chains[fact.name] = _merge_chain(chains.get(fact.name), fact)
        elif isinstance(fact, GlossaryTerm):
            terms.setdefault(fact.term, fact)
        elif isinstance(fact, Indicator):
            key = (fact.concept, fact.period, fact.kind)
            indicators[key] = _merge_indicator(indicators.get(key), fact)

    # short names become aliases of the longest full name they shorten
    canonical: dict[str, str] = {}
    for name in sorted(enterprises, key=lambda text: (-len(text), text)):
        fulls = [full for full in enterprises if _alias_of(name, full, suffixes) and full not in canonical]
        if fulls:
            canonical[name] = sorted(fulls, key=lambda text: (-len(text), text))[0]
    merged: dict[str, Enterprise] = {}
    for name in sorted(enterprises):
        target = canonical.get(name, name)
        base = merged.get(target, enterprises[target])
        if target != name:
            base = replace(base, aliases=tuple(sorted(set(base.aliases) | {name})),
                           evidence=_merge_evidence(base.evidence, enterprises[name].evidence))
        merged[target] = base
    all_names = sorted({name for found in merged.values() for name in (found.name, *found.aliases)},
                       key=lambda text: (-len(text), text))
    to_canonical = {name: canonical.get(name, name) for name in all_names}

    def resolve(name):
        return to_canonical.get(name, name) if name else name

    out_chains = []
    for chain in chains.values():
        leader = resolve(chain.leader)
        if leader and leader not in merged:
            log.info("chain leader %s of %s is not an enterprise", leader, chain.name)
        out_chains.append(replace(chain, leader=leader))

    out_projects = []
    for project in _merge_variants(projects).values():
        owner = project.enterprise or next((name for name in all_names if project.name.startswith(name)), None)
        chain = project.chain or _chain_for(project, out_chains)
        out_projects.append(replace(project, enterprise=resolve(owner), chain=chain))

    return [*merged.values(), *out_projects, *out_chains, *terms.values(), *indicators.values()]


def _shortened(short: str, full: str) -> bool:
    """永兴路提升项目 is 永兴路改造提升项目 with a word left out: same start, same end, letters in order.
    A name inside a longer one that is little longer (X工程 / X建设工程, X / X项目) is the same work too."""
    if len(short) < len(full) and short in full and len(short) >= 0.8 * len(full):
        return True
    if len(short) >= len(full) or len(short) < 0.7 * len(full) or short[:3] != full[:3] or short[-2:] != full[-2:]:
        return False
    letters = iter(full)
    return all(ch in letters for ch in short)


def _merge_variants(projects: dict[str, Project]) -> dict[str, Project]:
    """One project for the shorter and the longer way a report names it; the longer name is kept."""
    out = dict(projects)
    for short in sorted(projects, key=len):
        full = next((name for name in sorted(out, key=lambda text: (-len(text), text)) if _shortened(short, name)), None)
        if full is not None and short in out:
            merged = _merge_project(out[full], out.pop(short))
            out[full] = replace(merged, name=full, aliases=tuple(sorted({*merged.aliases, short})))
    return out


def _chain_for(project: Project, chains: list[IndustryChain]) -> str | None:
    first = min((span.start for span in project.evidence), default=None)
    if first is None:
        return None
    for chain in chains:
        if chain.scope and chain.scope[0] <= first < chain.scope[1]:
            return chain.name
    return None


# a project done last year stays done; one named in both the review and the plan is planned
_STATUS_RANK = tuple(Status)


def _merge_project(old: Project | None, new: Project) -> Project:
    if old is None:
        return new
    return replace(
        old,
        investment=old.investment or new.investment,
        milestones=tuple(dict.fromkeys((*old.milestones, *new.milestones))),
        status=min(old.status, new.status, key=_STATUS_RANK.index),
        enterprise=old.enterprise or new.enterprise,
        chain=old.chain or new.chain,
        evidence=_merge_evidence(old.evidence, new.evidence),
    )


def _merge_chain(old: IndustryChain | None, new: IndustryChain) -> IndustryChain:
    if old is None:
        return new
    if old.leader and new.leader and old.leader != new.leader:
        log.warning("chain %s: leader %s kept, %s ignored", old.name, old.leader, new.leader)
    return replace(
        old,
        leader=old.leader or new.leader,
        output_target=old.output_target or new.output_target,
        scope=old.scope or new.scope,
        evidence=_merge_evidence(old.evidence, new.evidence),
    )
