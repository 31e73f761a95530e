"""The indicators as an RDF Data Cube: the structure, the integrity constraints in the shapes, the panel."""
from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kg.build.facts import Indicator
from kg.build.validate import hoisted, shapes
from kg.cli import main
from kg.resources import ontology_file
from kg.vocab import GK, QB

# The W3C Data Cube integrity constraints on a structure definition (section 11.1 of the
# recommendation), as ASK queries that are true when the constraint is broken.
DSD_CONSTRAINTS = {
    "IC-3 a structure has a measure": """
        ASK { ?dsd a qb:DataStructureDefinition .
              FILTER NOT EXISTS { ?dsd qb:component/qb:componentProperty ?p . ?p a qb:MeasureProperty } }""",
    "IC-4 every dimension has a range": """
        ASK { ?dim a qb:DimensionProperty . FILTER NOT EXISTS { ?dim rdfs:range [] } }""",
    "IC-6 only attributes may be optional": """
        ASK { ?dsd qb:component ?spec . ?spec qb:componentRequired false ; qb:componentProperty ?p .
              FILTER NOT EXISTS { ?p a qb:AttributeProperty } }""",
}


@pytest.fixture(scope="module")
def ontology():
    graph = Graph().parse(ontology_file("govkg.ttl"))
    # qb:componentProperty is the super-property of qb:dimension/measure/attribute: state it, as the spec does
    for spec, prop in [(s, o) for p in (QB.dimension, QB.measure, QB.attribute) for s, o in graph.subject_objects(p)]:
        graph.add((spec, QB.componentProperty, prop))
    return graph


@pytest.mark.parametrize("name", DSD_CONSTRAINTS)
def test_structure_keeps_the_integrity_constraints(ontology, name):
    assert not ontology.query(DSD_CONSTRAINTS[name], initNs={"qb": QB}).askAnswer


def test_structure_has_the_four_dimensions(ontology):
    dims = set(ontology.objects(None, QB.dimension))
    assert dims == {GK.refArea, GK.refPeriod, GK.indicator, GK.measureKind}


def test_one_observation_per_indicator_fact(sample_built):
    observations = set(sample_built.graph.subjects(RDF.type, QB.Observation))
    assert len(observations) == sum(isinstance(f, Indicator) for f in sample_built.facts) > 0


def _observation(graph):
    return sorted(graph.subjects(RDF.type, QB.Observation))[0]


def drop(prop):
    def change(graph):
        graph.remove((_observation(graph), prop, None))
    return change


def duplicate(graph):
    obs = _observation(graph)
    twin = URIRef(str(obs) + "-twin")
    for p, o in graph.predicate_objects(obs):
        graph.add((twin, p, o))


def value_without_unit(graph):
    obs = next(o for o in graph.subjects(RDF.type, QB.Observation) if (o, GK.value, None) in graph)
    graph.remove((obs, GK.unit, None))


def no_measure(graph):
    obs = _observation(graph)
    for prop in (GK.value, GK.growthPct, GK.unit):
        graph.remove((obs, prop, None))


def no_structure(graph):
    graph.remove((None, QB.structure, None))


def text_period(graph):
    obs = _observation(graph)
    graph.set((obs, GK.refPeriod, Literal("二〇二三")))


CUBE_BREAKS = [
    pytest.param(drop(QB.dataSet), SH.MinCountConstraintComponent, id="IC-1-no-dataset"),
    pytest.param(no_structure, SH.MinCountConstraintComponent, id="IC-2-no-structure"),
    pytest.param(drop(GK.refArea), SH.MinCountConstraintComponent, id="IC-11-no-area"),
    pytest.param(drop(GK.refPeriod), SH.MinCountConstraintComponent, id="IC-11-no-period"),
    pytest.param(drop(GK.indicator), SH.MinCountConstraintComponent, id="IC-11-no-indicator"),
    pytest.param(drop(GK.measureKind), SH.MinCountConstraintComponent, id="IC-11-no-kind"),
    pytest.param(duplicate, SH.SPARQLConstraintComponent, id="IC-12-duplicate"),
    pytest.param(no_measure, SH.AndConstraintComponent, id="no-measure"),
    pytest.param(value_without_unit, SH.AndConstraintComponent, id="value-without-unit"),
    pytest.param(text_period, SH.DatatypeConstraintComponent, id="period-not-a-year"),
]


@pytest.mark.parametrize("change, component", CUBE_BREAKS)
def test_cube_constraints(sample_built, change, component):
    from pyshacl import validate

    graph = Graph()
    for triple in sample_built.graph:
        graph.add(triple)
    assert validate(graph, shacl_graph=shapes(), inference="none")[0]
    change(graph)
    _, results, _ = validate(graph, shacl_graph=shapes(), inference="none")
    assert component in set(results.objects(None, SH.sourceConstraintComponent))


@pytest.mark.parametrize("change", [case.values[0] for case in CUBE_BREAKS] + [None],
                         ids=[*(case.id for case in CUBE_BREAKS), "intact"])
def test_the_builds_validation_gives_the_verdicts_of_the_full_shapes(sample_built, change):
    """IC-12 is checked in Python in builds (kg.build.validate): the problems are those of pySHACL's full run."""
    from kg.build.validate import validate

    graph = Graph()
    for triple in sample_built.graph:
        graph.add(triple)
    if change:
        change(graph)
    fast, full = ({(p.focus, p.path, p.message) for p in validate(graph, full=flag)} for flag in (False, True))
    assert fast == full
    assert bool(full) == (change is not None)


@pytest.fixture(scope="module")
def panel(tmp_path_factory, root):
    out = tmp_path_factory.mktemp("panel")
    graphs = tmp_path_factory.mktemp("graphs")
    assert main(["build", "-q", "-o", str(graphs), str(root / "tests" / "golden" / "led-chain" / "input.txt")]) == 0
    assert main(["export", "panel", "-q", str(root / "output" / "houma-2024.ttl"), str(graphs),
                 "-o", str(out / "panel.csv")]) == 0
    return out / "panel.csv"


def test_panel_loads_in_pandas_with_types(panel, sample_built):
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(panel)
    assert ({c: str(t) for c, t in frame.dtypes.items() if c in ("year", "value", "growth_pct")}
            == {"year": "int64", "value": "float64", "growth_pct": "float64"})
    assert len(frame) == sum(isinstance(f, Indicator) for f in sample_built.facts)


def test_panel_row(panel):
    import csv
    rows = list(csv.DictReader(panel.open(encoding="utf-8")))
    gdp = next(r for r in rows if r["indicator"] == "地区生产总值" and r["kind"] == "actual")
    assert ({k: gdp[k] for k in ("report", "place", "province", "year", "value", "unit", "growth_pct", "rank")} ==
            {"report": "houma-2024", "place": "侯马市", "province": "山西省", "year": "2023", "value": "18900000000",
             "unit": "元", "growth_pct": "12.1", "rank": "全省第2"})
    assert gdp["sentence"].startswith("地区生产总值完成189亿元,同比增长12.1%")


def test_panel_metadata_describes_every_column(panel):
    meta = json.loads(panel.with_name("panel.csv-metadata.json").read_text(encoding="utf-8"))
    header = panel.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert [c["name"] for c in meta["tableSchema"]["columns"]] == header and meta["url"] == "panel.csv"


@pytest.mark.parametrize("args, words", [
    pytest.param(["nowhere.ttl"], "no such graph file", id="missing-graph"),
])
def test_panel_errors(tmp_path, capsys, args, words):
    assert main(["export", "panel", *[str(tmp_path / a) for a in args], "-o", str(tmp_path / "p.csv")]) == 2
    assert words in capsys.readouterr().err and not (tmp_path / "p.csv").exists()


@pytest.mark.parametrize("bom, first", [
    pytest.param([], b"report,", id="plain-utf8"),
    pytest.param(["--bom"], b"\xef\xbb\xbfreport,", id="bom-for-excel"),
])
def test_panel_bom(tmp_path, root, capsys, bom, first):
    out = tmp_path / "p.csv"
    assert main(["export", "panel", str(root / "output" / "houma-2024.ttl"), "-o", str(out), *bom]) == 0
    assert out.read_bytes().startswith(first) and "from 1 graph →" in capsys.readouterr().out


def test_panel_under_a_file_is_one_line(tmp_path, root, capsys):
    (tmp_path / "afile").write_bytes(b"")
    target = tmp_path / "afile" / "p.csv"  # -o inside a path that is a file: no folder can be made there
    assert main(["export", "panel", str(root / "output" / "houma-2024.ttl"), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "cannot write" in err


def test_panel_onto_a_full_disk_is_one_line(tmp_path, root, capsys, monkeypatch):
    import kg.files

    (tmp_path / "p.csv").write_bytes(b"the old panel")
    monkeypatch.setattr(kg.files.os, "fdopen", lambda fd, mode: _Full(fd))
    assert main(["export", "panel", str(root / "output" / "houma-2024.ttl"), "-o", str(tmp_path / "p.csv")]) == 2
    err = capsys.readouterr().err
    assert "No space left" in err and (tmp_path / "p.csv").read_bytes() == b"the old panel"
    assert [p.name for p in tmp_path.iterdir()] == ["p.csv"]  # no temporary file left behind


class _Full:
    """A file that fails to take any bytes, as one on a full disk does."""

    def __init__(self, fd):
        import os as _os
        _os.close(fd)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def write(self, data):
        raise OSError(28, "No space left on device")


@pytest.mark.parametrize("change", [case.values[0] for case in CUBE_BREAKS] + [None],
                         ids=[*(case.id for case in CUBE_BREAKS), "intact"])
def test_hoisted_shapes_give_pyshacls_results_on_the_authored_shapes(sample_built, change, shacl_outcomes):
    graph = Graph()
    for triple in sample_built.graph:
        graph.add(triple)
    if change:
        change(graph)
    assert shacl_outcomes(graph, hoisted(shapes())) == shacl_outcomes(graph, shapes())
