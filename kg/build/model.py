"""The learned span model: a character CRF (python-crfsuite) that marks enterprises, projects and chains.

Each character of a sentence gets a label, B-/I- of ENT, PRJ or CHN, or O. Its features are the
characters and character pairs around it, jieba's word boundaries and whether the word is a verb or a
lead word, the head word the clause runs to next (项目, 公司, 产业链 …) and how far off it is, and where
the character stands in a 、-list. Training data are the gold files: every verbatim occurrence of a gold
name is a positive (optional items too: they are wanted, never negatives), the rest of the report is O.
The model learns from the gold; no name is written anywhere in the code.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.build.document import Document
from kg.build.features import body_sentences, sentence_features

MODEL_NAME = "spans.crfsuite"


def uses_model(mode: str) -> bool:
    """Whether an extraction mode (kg.build.extract.MODES) runs the span model."""
    return mode != "rules"


def likelihood(doc: Document, ranges: list[tuple[int, int, str]], model: str | Path | None = None) -> list[float | None]:
    """For each (start, end, kind) found by other means, how likely the model finds the span one of that
    kind: the mean over its characters of the marginal probability of B-kind or I-kind. None without a model."""
    path = Path(model) if model else default_model()
    if not path.is_file():
        return [None] * len(ranges)
    tagger = _tagger(str(path))
    known = set(tagger.labels())
    out: list[float | None] = [None] * len(ranges)
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for k, (start, _, _) in enumerate(ranges):
        span = doc.sentence_at(start)
        by_sentence.setdefault((span.start, min(span.end, doc.body_end)), []).append(k)
    for (a, b), members in sorted(by_sentence.items()):
        if b - a < 1:
            continue
        tagger.set(_features(doc, a, b))
        for k in members:
            start, end, kind = ranges[k]
            cells = range(max(start, a) - a, min(end, b) - a)
            if cells:
                labels = [x + kind for x in ("B-", "I-") if x + kind in known]
                out[k] = round(sum(tagger.marginal(y, i) for y in labels for i in cells) / len(cells), 3)
    return out


def _features(doc: Document, start: int, end: int) -> list[list[str]]:
    """sentence_features, kept with the document: the spans and the odds of rule finds read the same sentences."""
    kept = doc.__dict__.setdefault("_span_features", {})
    if (start, end) not in kept:
        kept[(start, end)] = sentence_features(doc, start, end)
    return kept[(start, end)]


@dataclass(frozen=True)
class Span:
    kind: str  # ENT, PRJ or CHN
    start: int
    end: int
    confidence: float


@cache
def _tagger(path: str):
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


def default_model() -> Path:
    from importlib import resources

    return Path(str(resources.files("kg"))) / "data" / MODEL_NAME


def spans(doc: Document, model: str | Path | None = None) -> list[Span]:
    """The spans the model marks in the report's body, each with the mean marginal of its labels."""
    path = Path(model) if model else default_model()
    if not path.is_file():
        return []
    tagger = _tagger(str(path))
    out = []
    for a, b in body_sentences(doc):
        feats = _features(doc, a, b)
        labels = tagger.tag(feats)
        i = 0
        while i < len(labels):
            if labels[i].startswith("B-") or (labels[i].startswith("I-") and (i == 0 or labels[i - 1] == "O")):
                kind = labels[i][2:]
                j = i + 1
                while j < len(labels) and labels[j] == "I-" + kind:
                    j += 1
                conf = sum(tagger.marginal(labels[k], k) for k in range(i, j)) / (j - i)
                out.append(Span(kind, a + i, a + j, round(conf, 3)))
                i = j
            else:
                i += 1
    return out
