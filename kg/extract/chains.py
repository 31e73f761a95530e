"""Industry chains: counted lists (新材料、新型建材…五大产业链) and 以X为链主的Y产业链, each with
its leader (链主) and its output target (产值…亿元).

A chain named once in passing (延伸稻虾产业链) is not taken: across the corpus such phrases are
mostly about chains in general, and the reports that build a chain name it in a list or with its leader.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.common import CHAIN_LIST, CJK, LEADER_CUE, list_items, strip_unbalanced, trim_lead
from kg.facts import Amount, IndustryChain
from kg.lexicon import tokens, wordlist
from kg.numbers import MONEY, money_value
from kg.text import Document

_LED = re.compile(rf"{LEADER_CUE.pattern}的([{CJK}A-Za-z0-9“”]{{2,16}}?)产业链")
_TARGET = re.compile(rf"产值(?:[^,;。\d]{{0,8}}?)({MONEY.pattern})")
# words that make "X产业链" a phrase about chains in general, not a chain
_GENERIC = ("重点", "全产业", "优势", "主导", "特色", "延伸", "完整", "供应", "现代化", "相关", "上下游",
            "产业", "整个", "完善", "补齐", "强化", "提升", "优化", "稳定", "安全", "韧性")


def extract(doc: Document) -> Iterator[IndustryChain]:
    """In document order, whichever cue found them."""
    yield from sorted(_found(doc), key=lambda f: f.evidence[0].start)


def _found(doc: Document) -> Iterator[IndustryChain]:
    end = doc.body_end
    led = list(_LED.finditer(doc.norm, 0, end))
    for i, match in enumerate(led):
        a, b = match.span(3)
        a = trim_lead(doc, a, b)
        name = doc.norm[a:b] + "产业链"
        if not _is_chain(doc.norm[a:b]):
            continue
        scope_end = led[i + 1].start() if i + 1 < len(led) else _paragraph_end(doc, match.end())
        leader = doc.norm[slice(*match.span(1))].strip("“”")
        yield IndustryChain(name, leader if "、" not in leader else None,
                            _target(doc, match.end(), doc.sentence_at(match.start()).end),
                            scope=(match.start(), scope_end),
                            evidence=(doc.mention(a, match.end()),))
    taken = [m.span() for m in led]
    for match in CHAIN_LIST.finditer(doc.norm, 0, end):
        for a, b in list_items(doc, *match.span(1)):
            a = strip_unbalanced(doc, a, b)
            if _is_chain(doc.norm[a:b]):
                yield IndustryChain(doc.norm[a:b] + "产业链", evidence=(doc.mention(a, b),))
        taken.append(match.span())


def _is_chain(core: str) -> bool:
    core = core.strip("“”")
    lead = set(wordlist("lead_words"))
    if any(word in lead for word, _, _ in tokens(core)):
        return False  # 培育升级产业链, 新引进产业链: what is done to chains, not a chain
    if core.endswith("全"):
        return False  # 菌菇全产业链: the whole chain of a product, not a named chain
    return (2 <= len(core) <= 12 and not re.search(r"\d|[一二两三四五六七八九十百千]+(?:大|条|个|级)|等$|的", core)
            and not any(g in core for g in _GENERIC))


def _paragraph_end(doc: Document, pos: int) -> int:
    nl = doc.norm.find("\n", pos, doc.body_end)
    return nl if nl != -1 else doc.body_end


def _target(doc: Document, start: int, end: int) -> Amount | None:
    match = _TARGET.search(doc.norm, start, end)
    if match is None:
        return None
    value = money_value(MONEY.search(match.group(1)))
    if value is None:
        return None
    return Amount(value, match.group(1), evidence=(doc.mention(*match.span(1)),))
