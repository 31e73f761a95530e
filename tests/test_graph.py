"""The RDF mapping: golden cases compared as graphs, provenance offsets, IRIs."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import RDF, SKOS

from kg.build.facts import Enterprise, IndustryChain, Project
from kg.build.graph import to_graph
from kg.build.mint import Minter, slug
from kg.build.pipeline import build, facts_of
from kg.build.reading import load_document
from kg.kinds import NAMED, Kind
from kg.vocab import GK, NIF

GOLDEN = sorted(p for p in (Path(__file__).parent / "golden").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", GOLDEN, ids=lambda p: p.name)
def test_golden(case, request):
    built = build(case / "input.txt", mode="rules")  # the mapping is pinned here; the model is tested apart
    expected_file = case / "expected.ttl"
    if request.config.getoption("--update-golden"):
        expected_file.write_bytes(built.graph.serialize(format="turtle", encoding="utf-8"))
    expected = Graph().parse(expected_file)
    _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(built.graph))
    lines = sorted(f"- {t}" for t in missing.serialize(format="nt").splitlines() if t) + \
        sorted(f"+ {t}" for t in extra.serialize(format="nt").splitlines() if t)
    assert not lines, "graph differs from expected.ttl (rerun with --update-golden if intended):\n" + "\n".join(lines)
    assert built.problems == []


def test_every_mention_quotes_its_offsets(sample_built):
    g, text = sample_built.graph, sample_built.doc.text
    mentions = list(g.subjects(RDF.type, GK.Mention))
    bad = [m for m in mentions
           if text[int(g.value(m, NIF.beginIndex)):int(g.value(m, NIF.endIndex))] != str(g.value(m, NIF.anchorOf))]
    assert mentions and bad == []


def test_mention_iris_are_rfc5147_fragments(sample_built):
    g = sample_built.graph
    for m in g.subjects(RDF.type, GK.Mention):
        assert str(m).endswith(f"#char={g.value(m, NIF.beginIndex)},{g.value(m, NIF.endIndex)}")


@pytest.mark.parametrize("kind", [GK.Enterprise, GK.Project, GK.IndustryChain, GK.GlossaryTerm])
def test_every_entity_has_evidence(sample_built, kind):
    g = sample_built.graph
    entities = list(g.subjects(RDF.type, kind))
    assert entities and all((e, GK.evidence, None) in g for e in entities)


def test_iris_are_ascii_and_safe(sample_built):
    iris = {t for triple in sample_built.graph for t in triple if isinstance(t, URIRef)}
    assert all(re.fullmatch(r"[A-Za-z0-9:/._#=,\-]+", str(i)) for i in iris)


def test_iris_are_stable_across_runs(sample_path):
    doc = load_document(sample_path)
    first, second = to_graph(doc, facts_of(doc)), to_graph(doc, facts_of(doc))
    assert set(first.all_nodes()) == set(second.all_nodes())


def test_base_is_configurable(sample_path):
    built = build(sample_path, base="http://example.org/kg/", check=False)
    assert next(built.graph.subjects(RDF.type, GK.Report)) == URIRef("http://example.org/kg/houma-2024")


@pytest.mark.parametrize("names", [
    pytest.param(["北铜", "北铜"], id="same-name-same-iri"),
    pytest.param(["背痛", "北铜"], id="homophones-get-different-iris"),
])
def test_minter_unique_per_name(names):
    minter = Minter("https://example.org/", "r")
    iris = [minter.mint(Kind.ENTERPRISE, name) for name in names]
    assert len(set(iris)) == len(set(names))


@pytest.mark.parametrize("name, expected", [
    pytest.param("北铜铜业", "bei-tong-tong-ye", id="pinyin"),
    pytest.param("LCM液晶屏", "lcm-ye-jing-ping", id="latin-kept-lowercase"),
    pytest.param("“一带一路”码头", "yi-dai-yi-lu-ma-tou", id="quotes-dropped"),
])
def test_slug(name, expected):
    assert slug(name) == expected


def test_place_slugs_tell_homophones_apart():
    assert slug("山西省", tones=True) != slug("陕西省", tones=True)


def test_long_slug_is_cut_with_a_hash():
    assert re.fullmatch(r"[a-z0-9-]{1,48}-[0-9a-f]{8}", slug("青川" * 40))


_OWNER, _CHAIN, _PROJECT = Enterprise("甲公司"), IndustryChain("乙产业链", leader="丙公司"), \
    Project("丁项目", enterprise="甲公司", chain="乙产业链")


@pytest.mark.parametrize("facts, linked", [
    pytest.param([_OWNER, _CHAIN, _PROJECT], {GK.enterprise, GK.chain}, id="links-to-facts"),
    pytest.param([_PROJECT, _CHAIN, _OWNER], {GK.enterprise, GK.chain}, id="order-of-facts-does-not-matter"),
    pytest.param([_PROJECT], set(), id="no-link-to-what-is-no-fact"),
    pytest.param([_CHAIN, _OWNER], set(), id="a-leader-that-is-no-fact-is-not-linked"),
])
def test_links_are_checked_against_the_facts(doc_of, facts, linked):
    graph = to_graph(doc_of("建设丁项目。"), facts)
    links = {GK.enterprise, GK.chain, GK.leader}
    assert {predicate for _, predicate, _ in graph if predicate in links} == linked


def test_entities_are_those_the_graph_holds(sample_built):
    """Built.entities come from the facts and the minter: they agree with what the graph says of each entity."""
    graph = sample_built.graph
    expected = []
    for kind in NAMED:
        for node in sorted(graph.subjects(RDF.type, kind.iri)):
            names = (str(graph.value(node, SKOS.prefLabel)),
                     *sorted(str(alias) for alias in graph.objects(node, SKOS.altLabel)))
            first = min(str(span) for span in graph.objects(node, GK.evidence))
            expected.append((kind.slug, str(node), names, first))
    found = [(entity.kind, entity.iri, entity.names, entity.mention) for entity in sample_built.entities]
    assert found == expected
