"""What every extractor needs: clause boundaries, trimming lead words by jieba tokens, list items.

Patterns run over `doc.norm` (folded: ASCII punctuation and digits), offsets are absolute.
"""
from __future__ import annotations

import re

from kg.build.document import Document
from kg.build.lexicon import alternation, tokens, wordlist

CJK = "\u4e00-\u9fff"
# characters a name is made of: Chinese, Latin, digits and the joiners names use
NAME_CHAR = rf"[{CJK}A-Za-z0-9·\-—“”\"'()《》]"
# where a clause or a list item ends
BOUNDARY = set(",.;:!?。、\n\t ")
LIST_BOUNDARY = BOUNDARY - {"、"}
COUNT = re.compile(r"(?:\d+|[一二两三四五六七八九十百千几多数]+)(?:个|项|批|大|条|家|座|所)")


def clause_start(doc: Document, pos: int, floor: int = 0, stops: str = "", lists: bool = False) -> int:
    """Offset just after the nearest boundary left of pos (or after 的 / the extra stop chars).

    With `lists`, the list comma 、 is no boundary: the clause holds the whole list.

    >>> from kg.build.document import parse_document
    >>> doc = parse_document("今年,支持某某科技、某某药业发展")
    >>> clause_start(doc, doc.norm.index("药业")), clause_start(doc, doc.norm.index("药业"), lists=True)
    (10, 3)
    """
    boundary = LIST_BOUNDARY if lists else BOUNDARY
    i = pos
    while i > floor and doc.norm[i - 1] not in boundary and doc.norm[i - 1] not in stops:
        i -= 1
    return i


def trim_lead(doc: Document, start: int, end: int) -> int:
    """Skip the lead words (加快推进, 积极, 今年 …) that open a clause before a name.

    Tokens come from jieba so that a lead word is only stripped when it is a whole word:
    建设 is stripped from 建设X项目 but 建 is never cut from a name that starts 建邦.

    >>> from kg.build.document import parse_document
    >>> doc = parse_document("一是加快推进某某科技发展")
    >>> doc.norm[trim_lead(doc, 0, len(doc.norm)):]
    '某某科技发展'
    """
    lead = set(wordlist("lead_words"))
    if ordinal := _ORDINAL.match(doc.norm, start, end):
        start = ordinal.end()
    for word, _, tok_end in tokens(doc.norm, start, end):
        if word.isspace() or _made_of(word, lead):
            start = tok_end
        else:
            break
    return start


def strip_verbs(doc: Document, start: int, end: int) -> int:
    """Skip the verbs, adverbs and function words that open a clause before a name, as jieba's dictionary
    tags them (排除苏辰集团, 需要尽快推动城投公司), as long as two characters of name remain."""
    from kg.build.lexicon import tags

    for word, _, word_end in tokens(doc.norm, start, end):
        # one character is as often a name's first (立讯精密, 都成矿业) as a verb
        if end - word_end < 2 or len(word) < 2 or tags().get(word, "x") not in _CLAUSE_WORDS:
            break
        start = word_end
    return start


_CLAUSE_WORDS = {"v", "vd", "d", "p", "c", "ad"}


# 一是 / 二要 / (三): enumeration markers that open a clause
_ORDINAL = re.compile(r"[ \t]*(?:[一二三四五六七八九十]+(?:是|要)|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\))"
                      r"(?=[\u4e00-\u9fff])")


def _made_of(word: str, lead: set[str]) -> bool:
    """True when a token is lead words run together (积极争取 = 积极 + 争取)."""
    if word in lead:
        return True
    return any(word[:i] in lead and _made_of(word[i:], lead) for i in range(1, len(word)))


def balanced_quotes(text: str) -> bool:
    return text.count("“") == text.count("”") and text.count("(") == text.count(")")


def strip_unbalanced(doc: Document, start: int, end: int) -> int:
    """Move start past a closing quote or bracket whose opening lies outside the span."""
    depth = {"“": 0, "(": 0}
    pairs = {"”": "“", ")": "("}
    for i in range(start, end):
        ch = doc.norm[i]
        if ch in depth:
            depth[ch] += 1
        elif ch in pairs:
            if depth[pairs[ch]] == 0:
                start = i + 1
            else:
                depth[pairs[ch]] -= 1
    return start


def list_items(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the items of 'A、B和C' between start and end, lead words trimmed off the first.

    >>> from kg.build.document import parse_document
    >>> doc = parse_document("加快推进某某科技、某某药业和某某机电")
    >>> [doc.norm[a:b] for a, b in list_items(doc, 0, len(doc.norm))]
    ['某某科技', '某某药业', '某某机电']
    """
    start = trim_lead(doc, start, end)
    items, pos = [], start
    for match in re.finditer(r"[、和]", doc.norm[start:end]):
        cut = start + match.start()
        if match.group() == "和" and (cut - pos < 2 or _item_end(doc, cut + 1, end) - cut - 1 < 2):
            continue  # 新希望六和: 和 inside a name, not between two
        items.append((pos, cut))
        pos = cut + 1
    items.append((pos, end))
    return [(a, b) for a, b in items if b > a]


def _item_end(doc: Document, pos: int, end: int) -> int:
    nxt = doc.norm.find("、", pos, end)
    return nxt if nxt != -1 else end


def is_enterprise_name(name: str) -> bool:
    """A listed name that can be a company: not a public body, a place, a programme or a kind.

    >>> is_enterprise_name("某某科技有限公司"), is_enterprise_name("上市公司"), is_enterprise_name("三级公司")
    (True, False, False)
    """
    not_enterprise = wordlist("not_enterprise")
    strong = wordlist("strong_enterprise_suffixes")
    if not 2 <= len(name) <= 20 or not re.fullmatch(NAME_CHAR + "+", name):
        return False
    if re.search(r"\d", name) or COUNT.search(name) or not balanced_quotes(name):
        return False
    # 上市公司, 子公司: kinds of company however they end; short words (公司) only as the whole name
    if name in not_enterprise or any(len(w) >= 3 and name.endswith(w) for w in not_enterprise):
        return False
    if re.match(r"[一二三四五六七八九十\d]+级", name):
        return False  # 三级公司: a tier of company
    if any(name.endswith(s) and len(name) > len(s) + 1 for s in strong):
        return not any(w in name for w in ("政府", "管委会", "平台公司"))
    if "企业" in name:
        return False  # 国有企业, 科技型中小企业: kinds, whatever comes after
    return not any(name.endswith(w) for w in not_enterprise)


def milestone_pattern() -> str:
    return alternation("milestone_verbs")


# 以X为链主 / 以X、Y为龙头: the enterprises that lead a chain or a cluster
LEADER_CUE = re.compile(r"以([^,;。:以为]{2,40}?)为(链主|龙头|链核)")
# 新材料、新型建材…五大产业链: a counted list of chains (the enterprises extractor avoids it)
_ITEM = rf"(?:(?![被为是的在将和])[{CJK}A-Za-z0-9“”])"
CHAIN_LIST = re.compile(
    rf"((?:{_ITEM}{{2,14}}、)+{_ITEM}{{2,14}}?)"
    r"(?:等)?[一二两三四五六七八九十\d]+(?:大|条|个)(?:重点|主导|优势|特色|支柱|新兴)?产业链"
)
