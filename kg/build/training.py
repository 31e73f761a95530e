"""Training the span model: gold files paired with their reports, names labelled where they occur, the trainer."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.build.document import Document
from kg.build.features import body_sentences, sentence_features
from kg.errors import InputError, TrainingError
from kg.kinds import NAMED

# the lists of a gold file the model learns, and the label of each
LABELS = {kind.gold: kind.tag for kind in NAMED}
# the trainer's settings are part of the model: the same data and these give the same bytes
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 80, "feature.possible_transitions": True}


def gold_pairs(gold: Path, corpus: Path) -> list[tuple[Path, Path]]:
    """(gold file, report text) for every <report>.yaml of `gold`, its text found by name under `corpus`."""
    gold, corpus = Path(gold), Path(corpus)
    if not gold.is_dir():
        raise TrainingError(f"{gold}: no such folder of gold files")
    if not corpus.is_dir():
        raise TrainingError(f"{corpus}: no such folder of report texts")
    texts: dict[str, Path] = {}
    for path in sorted(corpus.rglob("*.txt")):
        texts.setdefault(path.stem, path)
    files = sorted(gold.glob("*.yaml"))
    if not files:
        raise TrainingError(f"{gold}: no gold <report>.yaml files in it")
    missing = [g.stem for g in files if g.stem not in texts]
    if missing:
        raise TrainingError(f"no report text under {corpus} for the gold file(s) {', '.join(missing)}")
    return [(g, texts[g.stem]) for g in files]


def distant_labels(doc: Document, gold: dict) -> list[str]:
    """A label per character of doc.norm: every occurrence of a gold name (or alias), longest first."""
    from kg.build.document import fold

    labels = ["O"] * len(doc.norm)
    names: list[tuple[str, str]] = []
    for key, tag in LABELS.items():
        for item in gold.get(key) or []:
            for name in [item["name"], *(item.get("aliases") or [])]:
                name = fold(str(name)).strip()
                if len(name) >= 2:
                    names.append((name, tag))
    for name, tag in sorted(set(names), key=lambda nt: (-len(nt[0]), nt)):
        for found in re.finditer(re.escape(name), doc.norm[:doc.body_end]):
            start, end = found.span()
            if all(label == "O" for label in labels[start:end]):
                labels[start] = "B-" + tag
                for j in range(start + 1, end):
                    labels[j] = "I-" + tag
    return labels


@dataclass(frozen=True)
class Example:
    name: str
    sequences: tuple  # ((features per char, labels per char), ...)


def examples(gold_file: Path, text_file: Path) -> Example:
    """The training sequences of one annotated report."""
    import yaml

    from kg.build.reading import load_document

    try:
        doc = load_document(text_file)
        gold = yaml.safe_load(Path(gold_file).read_text(encoding="utf-8")) or {}
    except (OSError, InputError, yaml.YAMLError) as exc:
        raise TrainingError(f"{gold_file}: cannot be used ({exc})") from None
    if not isinstance(gold, dict):
        raise TrainingError(f"{gold_file}: not a gold file (a mapping with enterprises, projects … expected)")
    labels = distant_labels(doc, gold)
    seqs = tuple((sentence_features(doc, a, b), labels[a:b]) for a, b in body_sentences(doc))
    return Example(Path(text_file).stem, seqs)


def train(pairs: Iterable[tuple[Path, Path]], target: Path, prepared: dict[str, Example] | None = None,
          progress=None) -> Path:
    """Train on (gold file, report text) pairs, in name order, and write the model atomically.

    `progress(what)` is called after each report read and each training iteration.
    """
    import os
    import tempfile

    import pycrfsuite

    class Trainer(pycrfsuite.Trainer):
        def on_iteration(self, log, info):
            if progress:
                progress(f"training, loss {info.get('loss', 0):,.0f}")

    trainer = Trainer(verbose=False)
    trainer.set_params(PARAMS)
    for gold_file, text_file in sorted(pairs, key=lambda p: Path(p[1]).stem):
        ex = (prepared or {}).get(Path(text_file).stem) or examples(gold_file, text_file)
        for feats, labels in ex.sequences:
            trainer.append(feats, labels)
        if progress:
            progress(f"read {Path(text_file).stem}")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        trainer.train(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
