"""ontology/shapes.ttl: one valid graph, and one change each that breaks (or keeps) one constraint.

pyshacl is called directly so each case can name the constraint component and the path it expects.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate as shacl
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import SH

from kg.build.validate import hoisted, shapes, validate
from kg.vocab import GK

P = pytest.param
EX = Namespace("https://example.org/qingchuan/")
SENTENCE = "青川装备制造产业链由青川重工有限公司牵头。"

BASE = f"""
@prefix gk: <https://w3id.org/govkg/ontology#> .
@prefix ex: <{EX}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .

ex:r a gk:Report ; dcterms:title "青川市政府工作报告"@zh ; dcterms:date "2024-01-15"^^xsd:date .
ex:s a gk:Mention ; gk:report ex:r ; nif:anchorOf "{SENTENCE}" ;
    nif:beginIndex "100"^^xsd:nonNegativeInteger ; nif:endIndex "121"^^xsd:nonNegativeInteger .
ex:m a gk:Mention ; gk:report ex:r ; nif:anchorOf "青川重工有限公司" ; gk:sentence ex:s ;
    nif:beginIndex "110"^^xsd:nonNegativeInteger ; nif:endIndex "118"^^xsd:nonNegativeInteger .

ex:ent a gk:Enterprise ; skos:prefLabel "青川重工有限公司"@zh ; gk:evidence ex:m ; gk:report ex:r .
ex:chain a gk:IndustryChain ; skos:prefLabel "装备制造产业链"@zh ; gk:evidence ex:m ; gk:report ex:r ;
    gk:leader ex:ent .
ex:proj a gk:Project ; skos:prefLabel "青川重工扩能项目"@zh ; gk:evidence ex:m ; gk:report ex:r ;
    gk:status gk:Planned ; gk:enterprise ex:ent ; gk:chain ex:chain ;
    gk:totalInvestment ex:amt ; gk:milestone ex:ms .
ex:amt a schema:MonetaryAmount ; schema:value "3492000000"^^xsd:decimal ; schema:currency "CNY" ;
    gk:originalText "34.92亿元" ; gk:evidence ex:m .
ex:ms a gk:Milestone ; gk:milestoneType "开工"@zh ; gk:dueDate "2024-04-30"^^xsd:date ; gk:evidence ex:m .
ex:g a gk:Glossary .
ex:term a gk:GlossaryTerm ; skos:prefLabel "飞地经济"@zh ; skos:definition "跨区域合作共建园区。"@zh ;
    skos:inScheme ex:g ; gk:evidence ex:m ; gk:report ex:r .
"""


def changed(old: str, new: str) -> Graph:
    """BASE with one piece of it replaced (the piece must be there, so a typo cannot pass silently)."""
    assert BASE.count(old) == 1 or old == new == "", old
    return Graph().parse(data=BASE.replace(old, new), format="turtle")


def results(graph: Graph) -> tuple[bool, set[tuple]]:
    conforms, report, _ = shacl(graph, shacl_graph=shapes(), inference="none")
    return conforms, {(report.value(r, SH.focusNode), report.value(r, SH.sourceConstraintComponent),
                       report.value(r, SH.resultPath)) for r in report.subjects(RDF.type, SH.ValidationResult)}


def _iri(curie: str) -> URIRef:
    prefix, name = curie.split(":")
    return URIRef(dict(shapes().namespaces())[prefix] + name)


ENT_LABEL = 'ex:ent a gk:Enterprise ; skos:prefLabel "青川重工有限公司"@zh'

VIOLATIONS = [
    P(ENT_LABEL, "ex:ent a gk:Enterprise", EX.ent, "MinCount", "skos:prefLabel", id="prefLabel-missing"),
    P(ENT_LABEL, ENT_LABEL + ' , "青川重工"@zh', EX.ent, "MaxCount", "skos:prefLabel", id="two-prefLabels"),
    P('"青川重工有限公司"@zh', '"青川重工有限公司"@en', EX.ent, "LanguageIn", "skos:prefLabel",
      id="prefLabel-english-tag"),
    P('"青川重工有限公司"@zh', '"青川重工有限公司"', EX.ent, "LanguageIn", "skos:prefLabel",
      id="prefLabel-untagged-language"),
    P('"青川重工有限公司"@zh', '"青川重工有限公司"', EX.ent, "Datatype", "skos:prefLabel",
      id="prefLabel-untagged-datatype"),
    P('"青川重工有限公司"@zh', '""@zh', EX.ent, "MinLength", "skos:prefLabel", id="prefLabel-empty"),
    P(ENT_LABEL, ENT_LABEL + ' ; skos:altLabel "青川重工"', EX.ent, "LanguageIn", "skos:altLabel",
      id="altLabel-untagged"),
    P("ex:ent a gk:Enterprise ; skos:prefLabel \"青川重工有限公司\"@zh ; gk:evidence ex:m ;",
      "ex:ent a gk:Enterprise ; skos:prefLabel \"青川重工有限公司\"@zh ;", EX.ent, "MinCount", "gk:evidence",
      id="entity-without-evidence"),
    P('"跨区域合作共建园区。"@zh ;\n    skos:inScheme ex:g ; gk:evidence ex:m',
      '"跨区域合作共建园区。"@zh ;\n    skos:inScheme ex:g ; gk:evidence ex:g', EX["term"], "Class", "gk:evidence",
      id="evidence-not-a-mention"),
    P('"青川重工有限公司"@zh ; gk:evidence ex:m ; gk:report ex:r .', '"青川重工有限公司"@zh ; gk:evidence ex:m .',
      EX.ent, "MinCount", "gk:report", id="entity-without-report"),
    P('"110"^^xsd:nonNegativeInteger', '"110"', EX.m, "Datatype", "nif:beginIndex", id="beginIndex-string"),
    P('"110"^^xsd:nonNegativeInteger', '"110"^^xsd:integer', EX.m, "Datatype", "nif:beginIndex",
      id="beginIndex-integer-not-nonNegativeInteger"),
    P('"110"^^xsd:nonNegativeInteger', '"120"^^xsd:nonNegativeInteger', EX.m, "LessThan", "nif:beginIndex",
      id="begin-after-end"),
    P('nif:anchorOf "青川重工有限公司" ;', "", EX.m, "MinCount", "nif:anchorOf", id="mention-without-quote"),
    P('"3492000000"^^xsd:decimal', '"-1"^^xsd:decimal', EX.amt, "MinInclusive", "schema:value",
      id="amount-negative"),
    P('"3492000000"^^xsd:decimal', '"3492000000"', EX.amt, "Datatype", "schema:value", id="amount-string"),
    P('"3492000000"^^xsd:decimal', '"3.492e9"^^xsd:double', EX.amt, "Datatype", "schema:value",
      id="amount-double"),
    P('schema:currency "CNY"', 'schema:currency "USD"', EX.amt, "HasValue", "schema:currency",
      id="amount-not-yuan"),
    P('gk:originalText "34.92亿元" ;', "", EX.amt, "MinCount", "gk:originalText", id="amount-without-words"),
    P('"2024-04-30"^^xsd:date', '"2024-02-30"^^xsd:date', EX.ms, "Datatype", "gk:dueDate",
      id="due-date-february-30"),
    P('"2024-04-30"^^xsd:date', '"2024-04-30"', EX.ms, "Datatype", "gk:dueDate", id="due-date-string"),
    P('"开工"@zh', '"开工"', EX.ms, "LanguageIn", "gk:milestoneType", id="milestone-type-untagged"),
    P("gk:leader ex:ent", "gk:leader ex:proj", EX.chain, "Class", "gk:leader", id="leader-not-enterprise"),
    P("gk:leader ex:ent", "gk:leader ex:ent , ex:ent2 .\nex:ent2 a gk:Enterprise", EX.chain, "MaxCount",
      "gk:leader", id="two-leaders"),
    P("gk:enterprise ex:ent", "gk:enterprise ex:chain", EX.proj, "Class", "gk:enterprise",
      id="project-enterprise-is-a-chain"),
    P("gk:status gk:Planned", "gk:status gk:Actual", EX.proj, "In", "gk:status", id="unknown-status"),
    P("gk:status gk:Planned", 'gk:status gk:Planned ; gk:confidence "1.2"^^xsd:decimal', EX.proj, "MaxInclusive",
      "gk:confidence", id="confidence-above-one"),
    P("gk:status gk:Planned", 'gk:status gk:Planned ; gk:confidence "0.9"', EX.proj, "Datatype",
      "gk:confidence", id="confidence-a-string"),
    P("gk:status gk:Planned", 'gk:status gk:Planned ; gk:confidence "0.9"^^xsd:decimal , "0.8"^^xsd:decimal',
      EX.proj, "MaxCount", "gk:confidence", id="two-confidences"),
    P('skos:definition "跨区域合作共建园区。"@zh ;', "", EX["term"], "MinCount", "skos:definition",
      id="term-without-definition"),
    P('"跨区域合作共建园区。"@zh', '"跨区域合作共建园区。"', EX["term"], "LanguageIn", "skos:definition",
      id="definition-untagged"),
    P("skos:inScheme ex:g", "skos:inScheme ex:r", EX["term"], "Class", "skos:inScheme",
      id="term-scheme-not-a-glossary"),
    P('dcterms:date "2024-01-15"^^xsd:date', 'dcterms:date "2024-13-15"^^xsd:date', EX.r, "Datatype",
      "dcterms:date", id="report-date-month-13"),
]


@pytest.mark.parametrize("old, new, focus, component, path", VIOLATIONS)
def test_violation(old, new, focus, component, path):
    expected = (focus, SH[f"{component}ConstraintComponent"], _iri(path))
    assert expected in results(changed(old, new))[1]


CONFORMING = [
    P("", "", id="base-as-is"),
    P('"青川重工有限公司"@zh', '"青川重工有限公司"@zh-Hans', id="prefLabel-zh-subtag"),
    P(ENT_LABEL, ENT_LABEL + ' ; skos:altLabel "青川重工"@zh , "重工"@zh', id="altLabels-tagged"),
    P('"青川重工有限公司"@zh ; gk:evidence ex:m ;', '"青川重工有限公司"@zh ; gk:evidence ex:m , ex:s ;', id="two-evidence"),
    P('"110"^^xsd:nonNegativeInteger', '"0"^^xsd:nonNegativeInteger', id="beginIndex-zero"),
    P('"3492000000"^^xsd:decimal', '"0"^^xsd:decimal', id="amount-zero"),
    P('"3492000000"^^xsd:decimal', '"0.5"^^xsd:decimal', id="amount-fraction"),
    P('"2024-04-30"^^xsd:date', '"2024-02-29"^^xsd:date', id="due-date-leap-day"),
    P('gk:dueDate "2024-04-30"^^xsd:date ;', "", id="milestone-without-date"),
    P("gk:leader ex:ent", "gk:leader ex:ent2 .\nex:ent2 a gk:Enterprise ; skos:prefLabel \"柳溪建材有限公司\"@zh ;"
      " gk:evidence ex:m ; gk:report ex:r", id="leader-another-enterprise"),
    P(";\n    gk:leader ex:ent", "", id="chain-without-leader"),
    P("gk:status gk:Planned", "gk:status gk:Completed", id="status-completed"),
    P("gk:status gk:Planned", "gk:status gk:Started", id="status-started"),
    P("gk:status gk:Planned", 'gk:status gk:Planned ; gk:confidence "0.875"^^xsd:decimal', id="confidence"),
    P("skos:inScheme ex:g", 'skos:inScheme ex:g ; skos:notation "1"^^xsd:integer', id="term-notation"),
]


def _verdicts(graph: Graph, full: bool) -> set[tuple[str, str, str]]:
    return {(problem.focus, problem.path, problem.message) for problem in validate(graph, full=full)}


@pytest.mark.parametrize("old, new", [P(*case.values[:2], id=case.id) for case in VIOLATIONS] + CONFORMING)
def test_the_builds_validation_gives_the_verdicts_of_the_full_shapes(old, new):
    """Builds check IC-12 in Python and the rest with pySHACL (kg.build.validate): the same problems."""
    graph = changed(old, new)
    assert _verdicts(graph, full=False) == _verdicts(graph, full=True)


@pytest.mark.parametrize("old, new", [P(*case.values[:2], id=case.id) for case in VIOLATIONS] + CONFORMING)
def test_hoisted_shapes_give_pyshacls_results_on_the_authored_shapes(old, new, shacl_outcomes):
    """Validation checks with the property shapes given their node shapes' targets: every result the same."""
    graph = changed(old, new)
    assert shacl_outcomes(graph, hoisted(shapes())) == shacl_outcomes(graph, shapes())


@pytest.mark.parametrize("old, new", CONFORMING)
def test_conforming(old, new):
    assert results(changed(old, new)) == (True, set())


PROBLEMS = [
    P('"青川重工有限公司"@zh', '"青川重工有限公司"@en', "青川重工有限公司", "skos:prefLabel", id="prefLabel-tag"),
    P(ENT_LABEL, "ex:ent a gk:Enterprise", EX.ent, "skos:prefLabel", id="no-prefLabel-shows-iri"),
    P("gk:leader ex:ent", "gk:leader ex:proj", "装备制造产业链", "gk:leader", id="leader-class"),
    P('skos:definition "跨区域合作共建园区。"@zh ;', "", "飞地经济", "skos:definition", id="no-definition"),
    P('"2024-04-30"^^xsd:date', '"2024-02-30"^^xsd:date', EX.ms, "gk:dueDate", id="unlabelled-milestone"),
]


@pytest.mark.parametrize("old, new, label, path", PROBLEMS)
def test_problem_names_entity_property_and_sentence(old, new, label, path):
    problem = next(str(p) for p in validate(changed(old, new)) if p.path == path)
    assert str(label) in problem and path in problem and f"「{SENTENCE}」" in problem, problem


def test_validate_conforming_graph_has_no_problems():
    assert validate(changed("", "")) == []


# ---------------------------------------------------------------- the corpus's shapes: places, identity, ledger

CORPUS_BASE = f"""
@prefix gk: <https://w3id.org/govkg/ontology#> .
@prefix ex: <{EX}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

ex:qc a gk:Place ; rdfs:label "青川市"@zh ; gk:level gk:City .
ex:r23 a gk:Report ; dcterms:title "青川市政府工作报告"@zh ; gk:place ex:qc .
ex:r24 a gk:Report ; dcterms:title "青川市政府工作报告"@zh ; gk:place ex:qc ; gk:previousReport ex:r23 .
ex:gdp a gk:Indicator ; skos:prefLabel "地区生产总值"@zh ; skos:inScheme gk:Indicators .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
ex:p23 a gk:Project ; skos:prefLabel "青川重工扩能项目"@zh ; gk:status gk:Planned ; gk:report ex:r23 ; gk:evidence ex:m .
ex:m a gk:Mention ; gk:report ex:r23 ; nif:anchorOf "青川重工扩能项目" ;
    nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "8"^^xsd:nonNegativeInteger .
ex:same a gk:SameEntity ; gk:member ex:e23 , ex:e24 ; gk:matchedName "青川重工"@zh ; gk:rule "同名"@zh .
ex:held a gk:Commitment ; gk:refArea ex:qc ; gk:refPeriod "2023"^^xsd:gYear ; gk:target ex:t ; gk:outcome ex:o ;
    gk:verdict gk:Met ; gk:comparedOn gk:growthPct ; gk:indicator ex:gdp ; gk:margin "0.5"^^xsd:decimal .
ex:due a gk:Commitment ; gk:refArea ex:qc ; gk:refPeriod "2023"^^xsd:gYear ; gk:promise ex:p23 ;
    gk:outcomeStatus gk:Completed .
"""

CORPUS_CASES = [
    P("", "", None, id="intact"),
    P('rdfs:label "青川市"@zh ;', "", "MinCount", id="place-without-name"),
    P('"青川市"@zh ; gk:level', '"青川市" ; gk:level', "LanguageIn", id="place-name-untagged"),
    P("gk:level gk:City", "gk:level gk:Village", "In", id="unknown-level"),
    P("gk:previousReport ex:r23", "gk:previousReport ex:qc", "Class", id="previous-report-a-place"),
    P("gk:place ex:qc ; gk:previousReport", "gk:place ex:gdp ; gk:previousReport", "Class", id="report-place-not-a-place"),
    P("skos:inScheme gk:Indicators", "skos:inScheme ex:qc", "HasValue", id="indicator-outside-scheme"),
    P("gk:member ex:e23 , ex:e24", "gk:member ex:e23", "MinCount", id="one-member"),
    P('gk:matchedName "青川重工"@zh ;', "", "MinCount", id="no-matched-name"),
    P('gk:rule "同名"@zh', 'gk:rule "同名"', "LanguageIn", id="rule-untagged"),
    P("gk:verdict gk:Met", "gk:verdict gk:Kept", "In", id="unknown-verdict"),
    P('gk:margin "0.5"^^xsd:decimal', 'gk:margin "0.5"', "Datatype", id="margin-a-string"),
    P('gk:refArea ex:qc ; gk:refPeriod "2023"^^xsd:gYear ; gk:target', 'gk:refArea ex:gdp ; gk:refPeriod "2023"^^xsd:gYear ; gk:target',
      "Class", id="commitment-area-not-a-place"),
    P("gk:promise ex:p23 ;", "gk:promise ex:p23 ; gk:target ex:t ; gk:outcome ex:o ; gk:verdict gk:Met ;"
      " gk:comparedOn gk:value ; gk:indicator ex:gdp ;", "Xone", id="both-kinds-of-commitment"),
    P("gk:outcomeStatus gk:Completed", "gk:outcomeStatus gk:Kept", "In", id="unknown-outcome-status"),
]


@pytest.mark.parametrize("old, new, component", CORPUS_CASES)
def test_corpus_shapes_and_their_hoisting(old, new, component, shacl_outcomes):
    """Each break of a corpus-level shape is found, and the hoisted shapes give every result the same."""
    assert CORPUS_BASE.count(old) == 1 or old == new == "", old
    graph = Graph().parse(data=CORPUS_BASE.replace(old, new), format="turtle")
    conforms, found = shacl_outcomes(graph, shapes())
    components = {row[1] for row in found}
    assert str(SH[f"{component}ConstraintComponent"]) in components if component else components == set()
    assert conforms is (component is None)
    assert shacl_outcomes(graph, hoisted(shapes())) == (conforms, found)


HOIST = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/shapes/> .
ex:Targeted sh:targetClass ex:A ; sh:property ex:p1 .
ex:Untargeted sh:property ex:p2 .
ex:Referred sh:targetClass ex:B ; sh:property ex:p3 .
ex:Referring sh:targetClass ex:C ; sh:node ex:Referred .
ex:Off sh:targetClass ex:D ; sh:deactivated true ; sh:property ex:p4 .
"""
SX = Namespace("https://example.org/shapes/")


@pytest.mark.parametrize("shape, held, moves", [
    P(SX.Targeted, SX.p1, True, id="targets-move-to-the-property"),
    P(SX.Untargeted, SX.p2, False, id="no-targets-nothing-moves"),
    P(SX.Referred, SX.p3, False, id="a-shape-others-name-keeps-its-properties"),
    P(SX.Off, SX.p4, False, id="a-deactivated-shape-keeps-its-properties"),
])
def test_hoisting_moves_only_what_keeps_the_verdicts(shape, held, moves):
    authored = Graph().parse(data=HOIST, format="turtle")
    out = hoisted(authored)
    assert ((shape, SH.property, held) in out) is not moves
    assert set(out.objects(held, SH.targetClass)) == (set(authored.objects(shape, SH.targetClass)) if moves else set())


# ---------------------------------------------------------------- the vocabulary agrees with itself

ONTOLOGY = Graph().parse(Path(__file__).resolve().parent.parent / "ontology" / "govkg.ttl", format="turtle")
DECLARED = {s for s in ONTOLOGY.subjects(RDF.type, None) if str(s).startswith(str(GK._NS))}
SHAPES = Graph().parse(Path(__file__).resolve().parent.parent / "ontology" / "shapes.ttl", format="turtle")
USED_IN_SHAPES = sorted({t for triple in SHAPES for t in triple
                         if isinstance(t, URIRef) and str(t).startswith(str(GK._NS))})


@pytest.mark.parametrize("term", [P(t, id=t.removeprefix(str(GK._NS))) for t in USED_IN_SHAPES])
def test_shapes_use_declared_terms(term):
    assert term in DECLARED


def test_shapes_do_use_gk_terms():
    assert {GK.Enterprise, GK.Mention, GK.leader, GK.evidence, GK.Planned} <= set(USED_IN_SHAPES)


def test_vocab_names_equal_declared_terms():
    assert set(GK.__annotations__) == {str(t).removeprefix(str(GK._NS)) for t in DECLARED}
