"""Word lists and the one jieba tokenizer, with tokens at absolute offsets.

jieba keeps global state and writes its cache to the temp folder; a private Tokenizer with its
cache in the user's cache folder avoids both. Its log is silenced: a build prints only what cli says.
"""
from __future__ import annotations

import logging
import os
import re
from functools import cache
from importlib import resources
from pathlib import Path


@cache
def wordlist(name: str) -> tuple[str, ...]:
    """Entries of kg/data/<name>.txt, one per line, '#' starts a comment; longest first."""
    text = resources.files("kg").joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    words = {line.split("#", 1)[0].strip() for line in text.splitlines()}
    return tuple(sorted((w for w in words if w), key=lambda w: (-len(w), w)))


@cache
def mapping(name: str) -> dict[str, str]:
    """Entries 'word = form' of kg/data/<name>.txt (a plain word maps to itself); longest first.

    >>> mapping("milestone_verbs")["建成投产"]
    '投产'
    """
    out = {}
    for entry in wordlist(name):
        word, _, form = entry.partition("=")
        out[word.strip()] = (form or word).strip()
    return dict(sorted(out.items(), key=lambda kv: (-len(kv[0]), kv[0])))


@cache
def indicator_names() -> dict[str, tuple[str, str | None]]:
    """kg/data/indicators.txt as {name as reports write it: (concept, word that must come before it)}."""
    names: dict[str, tuple[str, str | None]] = {}
    for line in wordlist("indicators"):
        concept, _, others = line.partition("=")
        concept = concept.strip()
        names[concept] = (concept, None)
        for other in filter(None, (o.strip() for o in others.split("|"))):
            name, _, context = other.partition("@")
            names[name] = (concept, context or None)
    return names


def indicator_aliases(concept: str) -> tuple[str, ...]:
    """The other names a concept goes by (those that need no context)."""
    return tuple(sorted(n for n, (c, ctx) in indicator_names().items() if c == concept and n != concept and not ctx))


def alternation(name: str) -> str:
    """A regex alternation of a word list, longest first so the longest word wins."""
    words = mapping(name) if any("=" in w for w in wordlist(name)) else wordlist(name)
    return "|".join(re.escape(w) for w in words)


# jieba's dictionary restricted to words of at least this frequency: 105k of its 349k words, which
# loads in a third of a second instead of over one. Extraction relies on jieba for the boundaries of
# common words (lead verbs, function words); the rare words dropped fall back to single characters.
MIN_WORD_FREQ = 10


def _cache_dir() -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "govkg"
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = root / ".writable"
        probe.touch()
    except OSError:
        import tempfile
        root = Path(tempfile.gettempdir())
    return root


def _own_words() -> tuple[str, ...]:
    """The words extraction keys on, which must be whole tokens: cues (为链/主 must not happen) and
    the lead words trimmed off names (做强 must not come out as 做/强)."""
    return tuple(dict.fromkeys((*wordlist("cue_words"), *wordlist("lead_words"))))


def _dictionary(jieba_dir: Path, version: str) -> Path:
    """The trimmed main dictionary with our own words in it, made once and kept in the cache folder.

    Our words are entered with the frequency jieba's add_word would give them, computed here once,
    so loading the cached dictionary is all a build does. The file name carries a hash of the words.
    """
    import hashlib

    words = _own_words()
    stamp = hashlib.sha1("\n".join(words).encode("utf-8")).hexdigest()[:10]
    target = _cache_dir() / f"jieba-{version}-min{MIN_WORD_FREQ}-{stamp}.dict.txt"
    if not target.is_file():
        import jieba

        from kg.files import write_atomic

        lines = (jieba_dir / "dict.txt").read_text(encoding="utf-8").splitlines()
        kept = [line for line in lines if len(parts := line.split(" ")) >= 2 and int(parts[1]) >= MIN_WORD_FREQ]
        trimmed = target.with_name(target.name + ".trimmed")
        write_atomic(trimmed, ("\n".join(kept) + "\n").encode("utf-8"))
        tok = jieba.Tokenizer(str(trimmed))
        tok.cache_file = str(trimmed.with_suffix(".cache"))
        tok.initialize()
        added = []
        for word in words:
            freq = tok.suggest_freq(word, False)
            tok.add_word(word, freq)
            added.append(f"{word} {freq}")
        write_atomic(target, ("\n".join(kept + added) + "\n").encode("utf-8"))
        trimmed.unlink(missing_ok=True)
        trimmed.with_suffix(".cache").unlink(missing_ok=True)
    return target


@cache
def tags() -> dict[str, str]:
    """The part-of-speech tag jieba's dictionary gives each word (v verb, d adverb, n noun …), read once."""
    import jieba

    dictionary = _dictionary(Path(jieba.__file__).parent, jieba.__version__)
    out = {}
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) == 3:
            out[parts[0]] = parts[2]
    return out


@cache
def tagged_verbs() -> frozenset[str]:
    """The words jieba's dictionary tags as verbs (v, vd): 完善, 组建, 坚守, 遏制 …

    Taken from the same trimmed dictionary the tokenizer loads, so a token and its tag agree.

    >>> "完善" in tagged_verbs(), "项目" in tagged_verbs()
    (True, False)
    """
    return frozenset(word for word, tag in tags().items() if tag in ("v", "vd"))




@cache
def tokenizer():
    """The one jieba tokenizer, on the trimmed dictionary with our own words, loaded once."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    dictionary = _dictionary(Path(jieba.__file__).parent, jieba.__version__)
    tok = jieba.Tokenizer(str(dictionary))
    tok.cache_file = str(dictionary.with_suffix(".cache"))
    tok.initialize()
    return tok


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """jieba tokens of text[start:end] as (word, absolute start, absolute end).

    >>> tokens("推进某某铜箔项目建设")
    [('推进', 0, 2), ('某某', 2, 4), ('铜', 4, 5), ('箔', 5, 6), ('项目', 6, 8), ('建设', 8, 10)]
    >>> tokens("其一。推进某某项目", start=3)  # offsets stay those of the whole text
    [('推进', 3, 5), ('某某', 5, 7), ('项目', 7, 9)]
    """
    end = len(text) if end is None else end
    out, pos = [], start
    for word in tokenizer().cut(text[start:end], HMM=False):
        out.append((word, pos, pos + len(word)))
        pos += len(word)
    return out
