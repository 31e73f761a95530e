"""The learned span model: a character CRF (python-crfsuite) that marks enterprises, projects and chains.

Each character of a sentence gets a label, B-/I- of ENT, PRJ or CHN, or O. Its features are the
characters and character pairs around it, jieba's word boundaries and whether the word is a verb or a
lead word, the head word the clause runs to next (项目, 公司, 产业链 …) and how far off it is, and where
the character stands in a 、-list. Training data are the gold files: every verbatim occurrence of a gold
name is a positive (optional items too: they are wanted, never negatives), the rest of the report is O.
The model learns from the gold; no name is written anywhere in the code.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.build.lexicon import tags, tokens, verbs, wordlist
from kg.build.text import Document

KINDS = {"enterprises": "ENT", "projects": "PRJ", "industry_chains": "CHN"}
MODEL_NAME = "spans.crfsuite"
# the trainer's settings are part of the model: the same data and these give the same bytes
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 80, "feature.possible_transitions": True}

# the head words a name runs up to; the nearest one ahead in the clause is a feature of every character
_HEADS = re.compile(
    r"产业链条?|产业集群|项目|工程|公司|集团|股份|控股|科技|实业|新材料|药业|基地|产业园|园区|园|中心|"
    r"生产线|线|厂|站|港|码头|机场|铁路|高速|公路|大桥|桥|大道|路|水库|电站|医院|学校|城|馆|谷|小镇|广场|大厦|"
    r"酒店|平台|企业|链主|龙头"
)
_CLAUSE_END = set(",，;；。:：!！?？\n")


class TrainingError(Exception):
    """Training data that cannot be used; the message is meant for the user."""


def uses_model(mode: str) -> bool:
    """Whether an extraction mode (kg.build.extract.MODES) runs the span model."""
    return mode != "rules"


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


@cache
def _lead() -> frozenset[str]:
    return frozenset(wordlist("lead_words"))


def _shape(ch: str) -> str:
    if ch.isdigit():
        return "0"
    if "a" <= ch.lower() <= "z":
        return "A"
    return ch


def sentence_features(doc: Document, start: int, end: int) -> list[list[str]]:
    """One list of feature strings per character of doc.norm[start:end], in a fixed order."""
    text = doc.norm[start:end]
    n = len(text)
    chars = [_shape(c) for c in text]
    # the word each character stands in, its place in it, and the words either side
    word_of: list[tuple[str, str, str, str]] = [("", "S", "", "")] * n
    toks = tokens(doc.norm, start, end)
    for k, (word, a, b) in enumerate(toks):
        prev = toks[k - 1][0] if k else "^"
        nxt = toks[k + 1][0] if k + 1 < len(toks) else "$"
        for j in range(a - start, b - start):
            pos = "S" if b - a == 1 else ("B" if j == a - start else ("E" if j == b - start - 1 else "M"))
            word_of[j] = (word, pos, prev, nxt)
    # the nearest head ahead in the clause, and whether the clause is a list / ends in 等
    head_ahead: list[str] = ["-"] * n
    dist: list[int] = [99] * n
    nearest, at = "-", None
    heads = {m.start(): m.group() for m in _HEADS.finditer(text)}
    deng = [False] * n
    seen_deng = False
    for i in range(n - 1, -1, -1):
        if text[i] in _CLAUSE_END:
            nearest, at, seen_deng = "-", None, False
        if i in heads:
            nearest, at = heads[i], i
        head_ahead[i] = nearest
        dist[i] = (at - i) if at is not None else 99
        if text[i] == "等":
            seen_deng = True
        deng[i] = seen_deng
    in_list = [False] * n
    clause_start = 0
    for i in range(n + 1):
        if i == n or text[i] in _CLAUSE_END:
            has = "、" in text[clause_start:i]
            for j in range(clause_start, i):
                in_list[j] = has
            clause_start = i + 1
    vset, lead, tag = verbs(), _lead(), tags()
    # runs of one-character tokens: jieba (without its HMM) breaks a name it does not know into characters
    run = [0] * n
    i = 0
    while i < n:
        j = i
        while j < n and len(word_of[j][0]) <= 1 and "\u4e00" <= text[j] <= "\u9fff":
            j += 1
        for k in range(i, j):
            run[k] = j - i
        i = max(j, i + 1)
    # what a character's word says, computed once a word and position: the hot loop only joins lists
    word_feats: dict[tuple[str, str, str, str], list[str]] = {}
    for key in set(word_of):
        word, pos, prev, nxt = key
        f = ["wp=" + pos, "wl=" + str(min(len(word), 4)), "t=" + tag.get(word, "?")[:2]]
        if len(word) >= 2:
            f.append("w=" + word)
        if pos in ("B", "S"):
            f += ["pw=" + prev, "pt=" + tag.get(prev, "?")[:2]]
            f += ["pv"] if prev in vset else []
            f += ["plead"] if prev in lead else []
        if pos in ("E", "S"):
            f += ["nw=" + nxt, "nt=" + tag.get(nxt, "?")[:2]]
        f += ["v"] if word in vset else []
        f += ["lead"] if word in lead else []
        word_feats[key] = f
    padded = ["^", "^", *chars, "$", "$"]
    out = []
    for i in range(n):
        p2, p1, c, n1, n2 = padded[i:i + 5]
        d = dist[i]
        bucket = "0" if d == 0 else ("1-4" if d <= 4 else ("5-9" if d <= 9 else ("10-19" if d <= 19 else "far")))
        head = head_ahead[i]
        out.append([
            "b", "c=" + c, "p1=" + p1, "n1=" + n1, "p2=" + p2, "n2=" + n2,
            "p1c=" + p1 + c, "cn1=" + c + n1, "p2p1=" + p2 + p1, "n1n2=" + n1 + n2, "p1cn1=" + p1 + c + n1,
            "head=" + head, "hd=" + bucket, "hh=" + head + bucket,
            "list=1" if in_list[i] else "list=0", "deng=1" if deng[i] else "deng=0",
            "run=" + str(min(run[i], 4)), *word_feats[word_of[i]],
        ])
    return out


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


def _features(doc: Document, a: int, b: int) -> list[list[str]]:
    """sentence_features, kept with the document: the spans and the odds of rule finds read the same sentences."""
    kept = doc.__dict__.setdefault("_span_features", {})
    if (a, b) not in kept:
        kept[(a, b)] = sentence_features(doc, a, b)
    return kept[(a, b)]


def _sentences(doc: Document) -> Iterator[tuple[int, int]]:
    for span in doc.sentences:
        if span.start < doc.body_end and span.end - span.start >= 2:
            yield span.start, min(span.end, doc.body_end)


def distant_labels(doc: Document, gold: dict) -> list[str]:
    """A label per character of doc.norm: every occurrence of a gold name (or alias), longest first."""
    from kg.build.text import fold

    labels = ["O"] * len(doc.norm)
    names: list[tuple[str, str]] = []
    for key, tag in KINDS.items():
        for item in gold.get(key) or []:
            for name in [item["name"], *(item.get("aliases") or [])]:
                name = fold(str(name)).strip()
                if len(name) >= 2:
                    names.append((name, tag))
    for name, tag in sorted(set(names), key=lambda nt: (-len(nt[0]), nt)):
        for m in re.finditer(re.escape(name), doc.norm[:doc.body_end]):
            a, b = m.span()
            if all(label == "O" for label in labels[a:b]):
                labels[a] = "B-" + tag
                for j in range(a + 1, b):
                    labels[j] = "I-" + tag
    return labels


@dataclass(frozen=True)
class Example:
    name: str
    sequences: tuple  # ((features per char, labels per char), ...)


def examples(gold_file: Path, text_file: Path) -> Example:
    """The training sequences of one annotated report."""
    import yaml

    from kg.build.text import InputError, load_document

    try:
        doc = load_document(text_file)
        gold = yaml.safe_load(Path(gold_file).read_text(encoding="utf-8")) or {}
    except (OSError, InputError, yaml.YAMLError) as exc:
        raise TrainingError(f"{gold_file}: cannot be used ({exc})") from None
    if not isinstance(gold, dict):
        raise TrainingError(f"{gold_file}: not a gold file (a mapping with enterprises, projects … expected)")
    labels = distant_labels(doc, gold)
    seqs = tuple((sentence_features(doc, a, b), labels[a:b]) for a, b in _sentences(doc))
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
    for a, b in _sentences(doc):
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
