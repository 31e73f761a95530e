"""Corpus builds: the named-graph layout, incremental rebuilds, a failing report, cross-report identity."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from conftest import write_report
from kg.build.corpus import build_corpus
from kg.build.dataset import differing, update_store
from kg.build.identity import Entity, Place, clusters, relation
from kg.build.mint import shared_graph
from kg.cli import main
from kg.vocab import DEFAULT_BASE

P = pytest.param


def quads(out):
    return list(ox.parse(path=str(out / "corpus.nq"), format=ox.RdfFormat.N_QUADS))


def test_one_named_graph_per_report_and_a_shared_graph(corpus, tmp_path):
    out = tmp_path / "out"
    build_corpus([corpus], out, jobs=1)
    graphs = {q.graph_name.value for q in quads(out)}
    assert graphs == {"https://w3id.org/govkg/qingchuan-2024", "https://w3id.org/govkg/qingchuan-2025",
                      "https://w3id.org/govkg/liuxi-2024", "https://w3id.org/govkg/graph/shared"}


def test_places_and_indicator_concepts_are_shared(corpus, tmp_path):
    out = tmp_path / "out"
    build_corpus([corpus], out, jobs=1)
    typed = {(q.object.value.rsplit("#", 1)[-1], q.graph_name.value.rsplit("/", 1)[-1]) for q in quads(out)
             if q.predicate.value.endswith("#type") and q.object.value.endswith(("#Place", "#Indicator"))}
    assert typed == {("Place", "shared"), ("Indicator", "shared")}


def test_store_answers_for_the_folder(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    build_corpus([corpus], out, jobs=1)
    assert main(["query", str(out), "projects", "--format", "csv"]) == 0
    rows = [line.split(",") for line in capsys.readouterr().out.splitlines()[1:]]
    # the confidence is the span model's: a number from 0 to 1, not pinned here
    assert sorted(",".join(r[:5]) for r in rows) == [
        "https://w3id.org/govkg/liuxi-2024,柳溪水库引水工程,500000000,2024-06-30,Planned",
        "https://w3id.org/govkg/qingchuan-2024,青川港物流园项目,500000000,2024-06-30,Planned",
        "https://w3id.org/govkg/qingchuan-2025,青川港物流园项目,500000000,2024-06-30,Planned",
    ] and all(0 <= float(r[5]) <= 1 for r in rows)


def test_rebuild_with_nothing_changed_builds_nothing(corpus, tmp_path):
    out = tmp_path / "out"
    build_corpus([corpus], out, jobs=1)
    before = (out / "corpus.nq").stat().st_mtime_ns
    again = build_corpus([corpus], out, jobs=1)
    assert (again.built, len(again.reused), (out / "corpus.nq").stat().st_mtime_ns) == ([], 3, before)


def test_changed_report_alone_is_rebuilt(corpus, tmp_path):
    out = tmp_path / "out"
    build_corpus([corpus], out, jobs=1)
    write_report(corpus, "liuxi-2024", "柳溪市", "恒泰", "柳溪大桥项目")
    again = build_corpus([corpus], out, jobs=1)
    assert again.built == ["liuxi-2024"] and "柳溪大桥项目" in (out / "corpus.nq").read_text(encoding="utf-8")


def test_removed_report_leaves_the_dataset(corpus, tmp_path):
    out = tmp_path / "out"
    build_corpus([corpus], out, jobs=1)
    (corpus / "liuxi-2024.txt").unlink()
    build_corpus([corpus], out, jobs=1)
    assert "liuxi-2024" not in (out / "corpus.nq").read_text(encoding="utf-8")


def test_failing_report_is_left_out_and_the_rest_built(corpus, tmp_path, monkeypatch):
    import kg.build.pipeline
    original = kg.build.pipeline.validate

    def strict(graph, **how):
        problems = original(graph, **how)
        text = graph.serialize(format="nt")
        return problems + (["a planted violation"] if "柳溪" in text else [])
    monkeypatch.setattr(kg.build.pipeline, "validate", strict)  # the one check every build goes through
    summary = build_corpus([corpus], tmp_path / "out", jobs=1)
    assert list(summary.failed) == ["liuxi-2024"] and "柳溪" not in (tmp_path / "out" / "corpus.nq").read_text(encoding="utf-8")


def test_failing_report_exit_status(corpus, tmp_path, capsys):
    (corpus / "broken.txt").write_bytes(b"\x00\x01binary")
    assert main(["build", str(corpus), "-o", str(tmp_path / "out"), "-j", "1", "-q"]) == 2
    assert "broken: left out" in capsys.readouterr().err


def test_parallel_build_equals_serial(corpus, tmp_path):
    build_corpus([corpus], tmp_path / "serial", jobs=1)
    build_corpus([corpus], tmp_path / "parallel", jobs=2)
    assert (tmp_path / "serial" / "corpus.nq").read_bytes() == (tmp_path / "parallel" / "corpus.nq").read_bytes()


def test_trig_dataset(corpus, tmp_path):
    build_corpus([corpus], tmp_path / "out", jobs=1, fmt="trig", store=False)
    parsed = list(ox.parse(path=str(tmp_path / "out" / "corpus.trig"), format=ox.RdfFormat.TRIG))
    assert len({q.graph_name for q in parsed}) == 4 and not (tmp_path / "out" / "store").exists()


def same_entities(out):
    """Each gk:SameEntity as the set of the reports of its members."""
    groups: dict[str, set[str]] = {}
    for q in quads(out):
        if q.predicate.value.endswith("#member"):
            groups.setdefault(q.subject.value, set()).add(q.object.value.split("/")[4])
    return groups


def test_same_place_same_name_is_one(corpus, tmp_path):
    build_corpus([corpus], tmp_path / "out", jobs=1)
    assert {frozenset(reports) for reports in same_entities(tmp_path / "out").values()} == {
        frozenset({"qingchuan-2024", "qingchuan-2025"})}


def test_a_thing_of_several_reports_says_why(corpus, tmp_path):
    build_corpus([corpus], tmp_path / "out", jobs=1)
    node = [q for q in quads(tmp_path / "out") if "/same/" in q.subject.value]
    props = {q.predicate.value.rsplit("#", 1)[-1] for q in node}
    assert props == {"type", "member", "matchedName", "rule"}
    assert not [q for q in quads(tmp_path / "out") if q.predicate.value.endswith("#sameAs")]


def entity(report, name, place, kind="enterprise"):
    return Entity(report, kind, f"https://x/{report}/{name}", (name,), f"https://x/{report}#char=0,2", place)


@pytest.mark.parametrize("a, b, linked", [
    pytest.param(entity("a", "恒泰", Place("青川市")), entity("b", "恒泰", Place("青川市")), True,
                 id="same-city-short-name"),
    pytest.param(entity("a", "恒泰", Place("青川市")), entity("b", "恒泰", Place("柳溪市")), False,
                 id="different-cities-short-name-apart"),
    pytest.param(entity("a", "恒泰精工", Place("青川市")), entity("b", "恒泰精工", Place("柳溪市")), False,
                 id="different-cities-unrelated-apart"),
    pytest.param(entity("a", "恒泰精工", Place("青川市")), entity("b", "恒泰精工", Place("青湖区", parent="青川市")), True,
                 id="district-and-its-city-long-name"),
    pytest.param(entity("a", "恒泰", Place("青川市")), entity("b", "恒泰", Place("青湖区", parent="青川市")), False,
                 id="district-and-its-city-short-name-apart"),
    pytest.param(entity("a", "恒泰精工", Place("青川市", province="江南省")),
                 entity("b", "恒泰精工", Place("柳溪市", province="江南省")), True, id="same-province-long-name"),
    pytest.param(entity("a", "恒泰", Place(None)), entity("b", "恒泰", Place(None)), False, id="unknown-places-apart"),
    pytest.param(entity("a", "恒泰", Place("青川市")), entity("b", "恒泰", Place("青川市"), kind="project"), False,
                 id="different-kinds-apart"),
])
def test_identity_rules(a, b, linked):
    assert bool(clusters([a, b])) == linked


@pytest.mark.parametrize("reports", [P(n, id=f"{n}-reports") for n in (2, 5, 40)])
def test_a_name_in_many_reports_is_one_node_with_a_member_each(reports):
    """Identity grows with the reports (one member each), not with their pairs."""
    from kg.build.dataset import cluster_triples

    found = clusters([entity(f"r{year}", "恒泰精工", Place("青川市")) for year in range(reports)])
    assert [len(cluster.members) for cluster in found] == [reports]
    assert len(cluster_triples(found[0], "https://x/")) == reports + 3


@pytest.mark.parametrize("entities, rule", [
    P([entity("a", "恒泰精工", Place("青川市")), entity("b", "恒泰精工", Place("青川市"))], "同一地区", id="one-place"),
    P([entity("a", "恒泰精工", Place("青川市")), entity("b", "恒泰精工", Place("青湖区", parent="青川市"))], "相关地区",
      id="a-district-and-its-city"),
    P([entity("a", "恒泰精工", Place("青川市")), entity("b", "恒泰精工", Place("青川市")),
       entity("c", "恒泰精工", Place("青湖区", parent="青川市"))], "相关地区", id="related-joins-the-group"),
])
def test_a_thing_of_several_reports_says_which_rule_joined_it(entities, rule):
    (found,) = clusters(entities)
    assert (found.label, found.names, len(found.members)) == (rule, ("恒泰精工",), len(entities))


def test_same_place_relation():
    assert relation(Place("青川市"), Place("青川市", province="江南省")) == "same place"


def test_cache_follows_the_base(corpus, tmp_path):
    out = tmp_path / "out"
    build_corpus([corpus], out, jobs=1, store=False)
    build_corpus([corpus], out, jobs=1, store=False, base="https://example.org/x/")
    graphs = {line.rsplit(" ", 2)[-2] for line in (out / "corpus.nq").read_text(encoding="utf-8").split("\n") if line}
    assert all(g.startswith("<https://example.org/x/") for g in graphs)


def test_unreadable_file_in_a_corpus_is_left_out(corpus, tmp_path, capsys):
    (corpus / "unreadable.txt").symlink_to("/proc/self/mem")  # reading it fails, even as root
    assert main(["build", str(corpus), "-o", str(tmp_path / "out"), "-j", "1", "-q"]) == 2
    assert "unreadable: left out" in capsys.readouterr().err and (tmp_path / "out" / "corpus.nq").exists()


def test_exit_status_does_not_depend_on_how_the_folder_is_written(corpus, tmp_path, monkeypatch):
    (corpus / "empty.txt").write_bytes(b"")
    monkeypatch.chdir(corpus.parent)
    assert main(["build", "reports", "-o", str(tmp_path / "out"), "-j", "1", "-q"]) == 2
    assert main(["build", str(corpus), "-o", str(tmp_path / "out"), "-j", "1", "-q"]) == 2


def test_no_store_removes_an_old_store(corpus, tmp_path):
    out = tmp_path / "out"
    build_corpus([corpus], out, jobs=1)
    (corpus / "liuxi-2024.txt").unlink()
    build_corpus([corpus], out, jobs=1, store=False)
    assert not (out / "store").exists()


LEDGER_YEAR = ("——{year}年1月10日在{place}第五届人民代表大会第{session}次会议上\n{place}人民政府县长 林海\n\n"
               "一、{review}年工作回顾\n全县上下坚持稳中求进工作总基调推动经济社会高质量发展取得新成效。"
               "全县地区生产总值增长{actual}%。\n"
               "二、{year}年工作安排\n全县地区生产总值增长{target}%左右。\n")


def test_reports_of_one_place_share_it_and_hold_the_ledger(tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    for year, place, actual, target in ((2021, "甲县", "5", "6"), (2022, "甲县", "5.6", "7")):
        (folder / f"jia-{year}.txt").write_text(LEDGER_YEAR.format(
            year=year, review=year - 1, place=place, session=year - 2019, actual=actual, target=target),
            encoding="utf-8")
    out = tmp_path / "out"
    build_corpus([folder], out, jobs=1)
    found = quads(out)
    areas = {q.object.value for q in found if q.predicate.value.endswith("#place")}
    previous = {(q.subject.value, q.object.value) for q in found if q.predicate.value.endswith("#previousReport")}
    assert len(areas) == 1
    assert previous == {("https://w3id.org/govkg/jia-2022", "https://w3id.org/govkg/jia-2021")}
    assert main(["query", str(out), "ledger", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["甲县,地区生产总值,2021,6,5.6,growthPct,左右,met"]


def _edit(folder):
    write_report(folder, "qingchuan-2025", "青川市", "青禾材料", "青川港冷链仓储项目")


def _remove(folder):
    (folder / "liuxi-2024.txt").unlink()


def _add(folder):
    write_report(folder, "liuxi-2025", "柳溪市", "恒泰", "柳溪水库引水工程")


def _province(folder):
    """A new report that names its place's province: the place's IRI changes in the other reports too."""
    (folder / "liuxi-2025.txt").write_text("江南省柳溪市2025年政府工作报告\n" + (folder / "liuxi-2024.txt").read_text(
        encoding="utf-8").split("\n", 1)[1].replace("2024", "2025").replace("2023", "2024"), encoding="utf-8")


def _store_quads(out):
    store = ox.Store.read_only(str(out / "store"))
    return sorted(map(str, store))


@pytest.mark.parametrize("change, rebuilt", [
    P(_edit, ["qingchuan-2025"], id="one-report-edited"),
    P(_remove, [], id="one-report-removed"),
    P(_add, ["liuxi-2025"], id="one-report-added"),
    P(_province, ["liuxi-2025"], id="a-place-renamed-in-another-report"),
])
def test_an_incremental_build_equals_a_full_one(corpus, tmp_path, monkeypatch, change, rebuilt):
    """Only the changed reports are built, the last store is updated (not loaded anew), and the dataset
    and store they give are those a build from nothing gives: same bytes, same quads (the union in the
    default graph included)."""
    import kg.build.corpus

    out = tmp_path / "out"
    build_corpus([corpus], out, jobs=1)
    change(corpus)
    updates = []
    monkeypatch.setattr(kg.build.corpus, "UPDATE_AT_MOST", 1.0)  # three reports: any change is a third of them
    monkeypatch.setattr(kg.build.corpus, "update_store", lambda *args: updates.append(args) or update_store(*args))
    summary = build_corpus([corpus], out, jobs=1)
    assert summary.built == rebuilt and len(updates) == 1
    # the shared graph changed in place, by its differing lines, not replaced with the reports' graphs
    assert updates[0][5] is not None and str(shared_graph(DEFAULT_BASE)) not in updates[0][3]
    fresh = tmp_path / "fresh"
    build_corpus([corpus], fresh, jobs=1)
    assert (out / "corpus.nq").read_bytes() == (fresh / "corpus.nq").read_bytes()
    assert _store_quads(out) == _store_quads(fresh)


@pytest.mark.parametrize("old, new, gone, came", [
    P([], [], [], [], id="both-empty"),
    P([b"a\n", b"b\n"], [b"a\n", b"b\n"], [], [], id="the-same"),
    P([b"a\n", b"c\n"], [b"a\n", b"b\n", b"c\n"], [], [b"b\n"], id="one-added-inside"),
    P([b"a\n", b"b\n", b"c\n"], [b"b\n"], [b"a\n", b"c\n"], [], id="both-ends-removed"),
    P([b"b\n"], [b"a\n", b"c\n"], [b"b\n"], [b"a\n", b"c\n"], id="none-in-common"),
    P([], [b"a\n"], [], [b"a\n"], id="from-nothing"),
    P(["<x> \"\u4e00\" .\n".encode()], ["<x> \"\u4e01\" .\n".encode()], ["<x> \"\u4e00\" .\n".encode()],
      ["<x> \"\u4e01\" .\n".encode()], id="utf-8-in-code-point-order"),
])
def test_the_shared_graph_changes_by_its_differing_lines(old, new, gone, came):
    assert differing(iter(old), iter(new)) == (gone, came)


def test_the_shared_graph_sorted_in_runs_on_disk_is_the_one_sorted_in_memory(corpus, tmp_path, monkeypatch):
    import kg.build.sorted_lines

    build_corpus([corpus], tmp_path / "memory", jobs=1, store=False)
    monkeypatch.setattr(kg.build.sorted_lines, "RUN_LINES", 7)  # the shared graph has dozens of lines
    build_corpus([corpus], tmp_path / "runs", jobs=1, store=False)
    assert (tmp_path / "runs" / "corpus.nq").read_bytes() == (tmp_path / "memory" / "corpus.nq").read_bytes()
