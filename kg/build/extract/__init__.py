"""Extractors: each `extract(doc) -> Iterator[Fact]`, reading the document and nothing else.

Enterprises, projects and chains come from the rules, the learned span model, or both; glossary terms
and indicators always from the rules. `SHIPPED` says which for each kind: the choice the cross-validated
figures of bench/quality.py made (README, Quality). In `both`, a name the two found at overlapping places
is kept once, as the rules bound it, with the model's confidence; what the model alone found is kept; what
the rules alone found is kept when the model's odds for its span reach FLOOR, with those odds as its
confidence.
"""
from dataclasses import replace

from kg.build.extract import chains, enterprises, glossary, indicators, learned, projects
from kg.build.facts import Enterprise, IndustryChain, Project
from kg.kinds import Kind

RULES = {Enterprise: enterprises.extract, Project: projects.extract, IndustryChain: chains.extract}
ALWAYS = (glossary.extract, indicators.extract)
# every extractor on its own, for the contract test: evidence, offsets, order, determinism
EXTRACTORS = (*RULES.values(), learned.extract, *ALWAYS)
MODES = ("shipped", "rules", "model", "both")
SHIPPED = {Enterprise: "both", Project: "both", IndustryChain: "rules"}
# in `both`, a find of the rules alone stays when the model gives its span at least these odds: a low bar,
# which drops what the model is sure is no name (set on the cross-validated figures; 0.1 and 0.3 tie)
FLOOR = 0.1


def extract_all(doc, mode: str = "shipped", model=None):
    if mode not in MODES:
        raise ValueError(f"unknown extraction mode {mode!r} (one of {', '.join(MODES)})")
    how = SHIPPED if mode == "shipped" else dict.fromkeys(RULES, mode)
    found = list(learned.extract(doc, model)) if any(h != "rules" for h in how.values()) else []
    ruled = {kind: list(extractor(doc)) if how[kind] != "model" else [] for kind, extractor in RULES.items()}
    # a chain's leader (以X为链主) stays whatever the model thinks of it
    leaders = {f.leader for f in ruled[IndustryChain] if f.leader}
    for kind in RULES:
        learnt = [f for f in found if isinstance(f, kind)] if how[kind] != "rules" else []
        yield from _merged(doc, ruled[kind], learnt, model, scored=how[kind] == "both", keep=leaders)
    for extractor in ALWAYS:
        yield from extractor(doc)


def _merged(doc, ruled: list, learnt: list, model, scored: bool, keep: set):
    alone = [fact for fact in ruled if not any(_overlap(f, fact) for f in learnt)]
    odds = dict(zip(map(id, alone), _likelihood(doc, alone, model))) if scored else {}
    for fact in ruled:
        same = [f for f in learnt if _overlap(f, fact)]
        if same:
            yield replace(fact, confidence=max(f.confidence for f in same))
        elif (fact_odds := odds.get(id(fact))) is None or fact_odds >= FLOOR or getattr(fact, "name", None) in keep:
            # found by the rules alone: the model's odds for the span are its confidence
            yield replace(fact, confidence=fact_odds)
    for fact in learnt:
        if not any(_overlap(f, fact) for f in ruled):
            yield fact


def _likelihood(doc, facts: list, model) -> list:
    from kg.build.model import likelihood

    if not facts:
        return []
    return likelihood(doc, [(f.evidence[0].start, f.evidence[0].end, Kind.of(type(f).__name__).tag) for f in facts], model)


def _overlap(one, other) -> bool:
    return any(m.start < n.end and n.start < m.end for m in one.evidence for n in other.evidence)
