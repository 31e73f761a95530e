"""How the rules' and the model's finds are merged in `both`, and which modes exist."""
from __future__ import annotations

import pytest

import kg.build.extract as extract
from kg.build.facts import Enterprise, Mention


def firm(name, start, confidence=None):
    return Enterprise(name, evidence=(Mention(start, start + len(name), name),), confidence=confidence)


@pytest.mark.parametrize("ruled, learnt, odds, keep, expected", [
    pytest.param([firm("青禾材料", 10)], [firm("青禾材料有限", 10, 0.9)], [], set(), [("青禾材料", 0.9)],
                 id="both-found-kept-once-as-the-rules-bound-it"),
    pytest.param([], [firm("远川机电", 30, 0.8)], [], set(), [("远川机电", 0.8)], id="model-alone-kept"),
    pytest.param([firm("柳溪重工", 50)], [], [0.4], set(), [("柳溪重工", 0.4)], id="rules-alone-with-the-odds"),
    pytest.param([firm("柳溪重工", 50)], [], [0.05], set(), [], id="rules-alone-below-the-floor-dropped"),
    pytest.param([firm("柳溪重工", 50)], [], [0.05], {"柳溪重工"}, [("柳溪重工", 0.05)], id="a-chain-leader-stays"),
    pytest.param([firm("柳溪重工", 50)], [firm("青禾材料", 10, 0.7)], [0.5], set(),
                 [("柳溪重工", 0.5), ("青禾材料", 0.7)], id="apart-both-kept"),
])
def test_both_merges(monkeypatch, doc_of, ruled, learnt, odds, keep, expected):
    monkeypatch.setattr(extract, "_likelihood", lambda doc, facts, model: odds[:len(facts)])
    merged = extract._merged(doc_of("支持。"), ruled, learnt, None, scored=True, keep=keep)
    assert [(f.name, f.confidence) for f in merged] == expected


def test_rules_mode_asks_no_model(monkeypatch, doc_of):
    monkeypatch.setattr(extract.learned, "extract", lambda *a, **k: pytest.fail("the model was asked"))
    facts = list(extract.extract_all(doc_of("支持远川、恒泰等企业做大外贸业务。"), mode="rules"))
    assert {f.name for f in facts if isinstance(f, Enterprise)} == {"远川", "恒泰"}


def test_unknown_mode_is_an_error(doc_of):
    with pytest.raises(ValueError, match="unknown extraction mode"):
        list(extract.extract_all(doc_of("支持。"), mode="magic"))


def test_shipped_build_marks_confidence(sample_built):
    from kg.vocab import GK

    scored = set(sample_built.graph.subjects(GK.confidence, None))
    assert scored and all(0 <= float(sample_built.graph.value(s, GK.confidence)) <= 1 for s in scored)
