"""What the span model sees of each character of a sentence: characters, jieba's words and their tags, heads, lists."""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kg.build.document import Document
from kg.build.lexicon import tagged_verbs, tags, tokens, wordlist

_HEADS = re.compile(
    r"产业链条?|产业集群|项目|工程|公司|集团|股份|控股|科技|实业|新材料|药业|基地|产业园|园区|园|中心|"
    r"生产线|线|厂|站|港|码头|机场|铁路|高速|公路|大桥|桥|大道|路|水库|电站|医院|学校|城|馆|谷|小镇|广场|大厦|"
    r"酒店|平台|企业|链主|龙头"
)
_CLAUSE_END = set(",，;；。:：!！?？\n")


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
    size = len(text)
    chars = [_shape(ch) for ch in text]
    # the word each character stands in, its place in it, and the words either side
    word_of: list[tuple[str, str, str, str]] = [("", "S", "", "")] * size
    toks = tokens(doc.norm, start, end)
    for k, (word, a, b) in enumerate(toks):
        prev = toks[k - 1][0] if k else "^"
        nxt = toks[k + 1][0] if k + 1 < len(toks) else "$"
        for j in range(a - start, b - start):
            pos = "S" if b - a == 1 else ("B" if j == a - start else ("E" if j == b - start - 1 else "M"))
            word_of[j] = (word, pos, prev, nxt)
    # the nearest head ahead in the clause, and whether the clause is a list / ends in 等
    head_ahead: list[str] = ["-"] * size
    dist: list[int] = [99] * size
    nearest, at = "-", None
    heads = {m.start(): m.group() for m in _HEADS.finditer(text)}
    deng = [False] * size
    seen_deng = False
    for i in range(size - 1, -1, -1):
        if text[i] in _CLAUSE_END:
            nearest, at, seen_deng = "-", None, False
        if i in heads:
            nearest, at = heads[i], i
        head_ahead[i] = nearest
        dist[i] = (at - i) if at is not None else 99
        if text[i] == "等":
            seen_deng = True
        deng[i] = seen_deng
    in_list = [False] * size
    clause_start = 0
    for i in range(size + 1):
        if i == size or text[i] in _CLAUSE_END:
            has = "、" in text[clause_start:i]
            for j in range(clause_start, i):
                in_list[j] = has
            clause_start = i + 1
    vset, lead, tag = tagged_verbs(), _lead(), tags()
    # runs of one-character tokens: jieba (without its HMM) breaks a name it does not know into characters
    run = [0] * size
    i = 0
    while i < size:
        j = i
        while j < size and len(word_of[j][0]) <= 1 and "\u4e00" <= text[j] <= "\u9fff":
            j += 1
        for k in range(i, j):
            run[k] = j - i
        i = max(j, i + 1)
    # what a character's word says, computed once a word and position: the hot loop only joins lists
    word_feats: dict[tuple[str, str, str, str], list[str]] = {}
    for key in set(word_of):
        word, pos, prev, nxt = key
        feats = ["wp=" + pos, "wl=" + str(min(len(word), 4)), "t=" + tag.get(word, "?")[:2]]
        if len(word) >= 2:
            feats.append("w=" + word)
        if pos in ("B", "S"):
            feats += ["pw=" + prev, "pt=" + tag.get(prev, "?")[:2]]
            feats += ["pv"] if prev in vset else []
            feats += ["plead"] if prev in lead else []
        if pos in ("E", "S"):
            feats += ["nw=" + nxt, "nt=" + tag.get(nxt, "?")[:2]]
        feats += ["v"] if word in vset else []
        feats += ["lead"] if word in lead else []
        word_feats[key] = feats
    padded = ["^", "^", *chars, "$", "$"]
    out = []
    for i in range(size):
        p2, p1, ch, n1, n2 = padded[i:i + 5]
        gap = dist[i]
        bucket = "0" if gap == 0 else ("1-4" if gap <= 4 else ("5-9" if gap <= 9 else ("10-19" if gap <= 19 else "far")))
        head = head_ahead[i]
        out.append([
            "b", "c=" + ch, "p1=" + p1, "n1=" + n1, "p2=" + p2, "n2=" + n2,
            "p1c=" + p1 + ch, "cn1=" + ch + n1, "p2p1=" + p2 + p1, "n1n2=" + n1 + n2, "p1cn1=" + p1 + ch + n1,
            "head=" + head, "hd=" + bucket, "hh=" + head + bucket,
            "list=1" if in_list[i] else "list=0", "deng=1" if deng[i] else "deng=0",
            "run=" + str(min(run[i], 4)), *word_feats[word_of[i]],
        ])
    return out


def body_sentences(doc: Document) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of the body of two characters or more: what the model reads and learns from."""
    for span in doc.sentences:
        if span.start < doc.body_end and span.end - span.start >= 2:
            yield span.start, min(span.end, doc.body_end)
