"""Reading a report file: its bytes (a regular file, capped), decoding, and the Document with the doubts it raises."""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from kg.build.document import Document, parse_document
from kg.errors import InputError

MAX_BYTES = 8 * 1024 * 1024  # a work report is 10-200 KB; more is many reports, or not a report


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030, which covers GBK and GB2312."""
    return decode_with_notes(data)[0]


def decode_with_notes(data: bytes) -> tuple[str, list[str]]:
    """The text, and what the reader should know about how it was read."""
    if b"\x00" in data:
        raise InputError("looks like a binary file (it holds NUL bytes), not a plain-text report")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            # cut off in the middle of its last character: keep everything before it
            return data[:exc.start].decode("utf-8-sig"), [
                f"the file ends inside a character; its last {len(data) - exc.start} byte(s) were dropped"]
    try:
        return data.decode("gb18030"), []
    except UnicodeDecodeError:
        raise InputError("cannot decode it as UTF-8 or GB18030/GBK text") from None


_YEAR_IN_NAME = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def load_document(path: Path) -> Document:
    """The Document of a report file; InputError in one line when it cannot be one."""
    return document_of_bytes(read_report(path), path)


def read_report(path: Path) -> bytes:
    """A report file's bytes, at most MAX_BYTES of them, from a regular file only.

    Opened without blocking and checked after opening, so a pipe cannot hang the reader and a link to a
    device cannot stream past the cap; the cap counts what is read, since a file can grow after its size is asked.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a report file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path}: is a folder, not a report file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: not a regular file (a pipe, a device or a socket), not a report")
        data = _read_at_most(fd, MAX_BYTES + 1) if info.st_size <= MAX_BYTES else b""
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None
    finally:
        os.close(fd)
    if info.st_size > MAX_BYTES or len(data) > MAX_BYTES:
        cap = MAX_BYTES // 1024 // 1024
        size = f"{info.st_size / 1024 / 1024:.0f} MB" if info.st_size > MAX_BYTES else f"more than {cap} MB"
        raise InputError(f"{path}: {size} is far more than a work report (at most {cap} MB is read); "
                         f"split concatenated reports into a file each")
    return data


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks, left = [], limit
    while left and (chunk := os.read(fd, min(left, 1 << 20))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def document_of_bytes(data: bytes, path: Path) -> Document:
    """The Document of a report's bytes read already; `path` names it and hints its year."""
    path = Path(path)
    if not data.strip():
        raise InputError(f"{path}: the file is empty")
    try:
        text, notes = decode_with_notes(data)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    if not text.strip():
        raise InputError(f"{path}: the file is empty (only white space)")
    hint = _YEAR_IN_NAME.search(path.stem)
    doc = parse_document(text, name=path.stem, year=int(hint.group(1)) if hint else None)
    if not re.search(r"[\u4e00-\u9fff]{20}", doc.norm) and len(re.findall(r"[\u4e00-\u9fff]", doc.norm)) < 200:
        raise InputError(f"{path}: no Chinese report text found in it")
    doc.warnings.extend(notes + doubts(doc))
    return doc


_HTML = re.compile(r"<(?:html|body|div|p|br|span|script|table|head)\b", re.I)
# characters only traditional Chinese writes so (個 for 个 …): many of them mean the simplified cues miss
_TRADITIONAL = set("們個這來為說時國會發後開關門業經過項進產實現區縣廣東與當對應於義務總體設")
_REVIEW_HEADING = re.compile(r"^[ \t]*(?:[一二三四五六七八九十]+[、.])?[ \t]*\d{4}年[^\n]{0,8}回顾[ \t]*$", re.M)


def doubts(doc: Document) -> list[str]:
    """What about a text makes its graph less than it could be: told to the user, not fatal."""
    found = []
    if len(_HTML.findall(doc.norm)) >= 3:
        found.append("looks like an HTML page: its markup is left in the text; save the page as text for a cleaner graph")
    han = sum(1 for ch in doc.norm if "\u4e00" <= ch <= "\u9fff")
    if han and sum(1 for ch in doc.norm if ch in _TRADITIONAL) / han > 0.01:
        found.append("looks like traditional Chinese: the cue words are simplified, so less will be found")
    reviews = len(_REVIEW_HEADING.findall(doc.norm))
    if reviews > 1:
        found.append(f"looks like {reviews} reports in one file; metadata comes from the first: give each its own file")
    if doc.year is None:
        found.append("no year in the text or the file name: deadlines are kept without dates")
    return found
