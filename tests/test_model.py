"""The span model: distant labels, deterministic training, loading, kg train, and how its spans become facts.

Training here uses two gold files of ../shared/eval/gold only as training data: nothing is asserted about
what the model then finds in them (extraction quality is measured by bench/quality.py --cv).
"""
from __future__ import annotations

import hashlib
import shutil

import pytest

from kg.build.facts import Enterprise, IndustryChain, Project
from kg.build.model import spans
from kg.build.training import distant_labels, gold_pairs, train
from kg.cli import main
from kg.errors import TrainingError


def labels_of(doc_of, text, gold):
    doc = doc_of(text)
    start = doc.text.index(text)
    return "".join(label[0] for label in distant_labels(doc, gold)[start:start + len(text)])


@pytest.mark.parametrize("text, gold, expected", [
    pytest.param("支持青禾材料扩产。", {"enterprises": [{"name": "青禾材料"}]}, "OOBIIIOOO", id="one-name"),
    pytest.param("青禾材料、远川机电签约。", {"enterprises": [{"name": "青禾材料"}, {"name": "远川机电"}]},
                 "BIIIOBIIIOOO", id="every-name-each-time"),
    pytest.param("青禾材料扩产项目开工。", {"enterprises": [{"name": "青禾材料"}],
                                          "projects": [{"name": "青禾材料扩产项目"}]}, "BIIIIIIIOOO",
                 id="longest-name-wins"),
    pytest.param("支持远川扩产。", {"enterprises": [{"name": "远川机电", "aliases": ["远川"]}]}, "OOBIOOO",
                 id="aliases-count"),
    pytest.param("推进柳溪物流园建设。", {"projects": [{"name": "柳溪物流园", "optional": True}]}, "OOBIIIIOOO",
                 id="optional-items-are-wanted"),
    pytest.param("做强钒钛产业链。", {"industry_chains": [{"name": "钒钛产业链"}]}, "OOBIIIIO", id="chains"),
    pytest.param("支持青禾材料扩产。", {"glossary": ["青禾材料"]}, "OOOOOOOOO", id="other-kinds-ignored"),
])
def test_distant_labels(doc_of, text, gold, expected):
    assert labels_of(doc_of, text, gold) == expected


@pytest.fixture(scope="module")
def two_gold(tmp_path_factory, shared):
    """Two gold files and their texts in folders of their own, as a user would lay them out."""
    base = tmp_path_factory.mktemp("train")
    pairs = gold_pairs(shared / "eval" / "gold", shared / "corpus")
    chosen = [p for p in pairs if p[0].stem in ("xushui-2024", "houma-2024")]
    for gold, text in chosen:
        (base / "gold").mkdir(exist_ok=True)
        (base / "corpus").mkdir(exist_ok=True)
        shutil.copy(gold, base / "gold" / gold.name)
        shutil.copy(text, base / "corpus" / text.name)
    return base


@pytest.fixture(scope="module")
def tiny_model(two_gold):
    return train(gold_pairs(two_gold / "gold", two_gold / "corpus"), two_gold / "a.crfsuite")


def test_training_is_deterministic(two_gold, tiny_model):
    again = train(gold_pairs(two_gold / "gold", two_gold / "corpus"), two_gold / "b.crfsuite")
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (tiny_model, again)]
    assert digest[0] == digest[1]


def test_model_loads_and_marks_spans(sample_doc, tiny_model):
    found = spans(sample_doc, tiny_model)
    assert found and {s.kind for s in found} <= {"ENT", "PRJ", "CHN"}
    assert all(0 <= s.start < s.end <= len(sample_doc.text) and 0 <= s.confidence <= 1 for s in found)


def test_model_facts_carry_confidence(sample_doc, tiny_model):
    from kg.build.pipeline import facts_of

    learned = [f for f in facts_of(sample_doc, mode="model", model=tiny_model)
               if isinstance(f, (Enterprise, Project, IndustryChain))]
    assert learned and all(f.confidence is not None and 0 <= f.confidence <= 1 for f in learned)
    assert all(sample_doc.text[m.start:m.end] == m.text for f in learned for m in f.evidence)


def test_kg_train_writes_the_model(two_gold, tmp_path, capsys):
    target = tmp_path / "m.crfsuite"
    assert main(["train", "--gold", str(two_gold / "gold"), "--corpus", str(two_gold / "corpus"),
                 "-o", str(target)]) == 0
    assert target.stat().st_size > 0 and "2 annotated reports" in capsys.readouterr().out


@pytest.mark.parametrize("layout, words", [
    pytest.param("no-gold", "no such folder", id="gold-folder-missing"),
    pytest.param("empty-gold", "no gold", id="gold-folder-empty"),
    pytest.param("no-text", "no report text", id="text-missing"),
    pytest.param("bad-yaml", "cannot be used", id="gold-not-yaml"),
])
def test_kg_train_bad_input(tmp_path, capsys, layout, words):
    gold, corpus = tmp_path / "gold", tmp_path / "corpus"
    corpus.mkdir()
    if layout != "no-gold":
        gold.mkdir()
    if layout in ("no-text", "bad-yaml"):
        (gold / "qingchuan-2024.yaml").write_text("enterprises: [" if layout == "bad-yaml" else "enterprises: []\n")
    if layout == "bad-yaml":
        (corpus / "qingchuan-2024.txt").write_text("二、2024年工作安排\n支持青禾材料扩产。\n" * 20)
    assert main(["train", "--gold", str(gold), "--corpus", str(corpus), "-o", str(tmp_path / "m.crfsuite")]) == 2
    assert words in capsys.readouterr().err and not (tmp_path / "m.crfsuite").exists()


def test_training_error_is_one_family():
    with pytest.raises(TrainingError):
        gold_pairs("/nonexistent/gold", "/nonexistent/corpus")


def test_no_model_file_means_no_spans(sample_doc, tmp_path):
    assert spans(sample_doc, tmp_path / "missing.crfsuite") == []


def test_kg_train_reproduces_the_shipped_model(shared, tmp_path):
    """The model in kg/data is what `kg train` makes from the gold files, byte for byte (about 3 minutes)."""
    from kg.build.model import default_model

    target = tmp_path / "spans.crfsuite"
    assert main(["train", "--gold", str(shared / "eval" / "gold"), "--corpus", str(shared / "corpus"),
                 "-o", str(target), "-q"]) == 0
    assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(default_model().read_bytes()).digest()
