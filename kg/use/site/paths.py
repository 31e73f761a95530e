"""Where each page of the site goes: file names made safe from IRIs, and links relative to the page they are on."""
from __future__ import annotations

import hashlib

from kg.use.site.data import Report

# file names are at most 255 bytes; a segment is kept well under that, with room for .html, .ttl, .jsonld
_SEGMENT = 160


def _short(segment: str) -> str:
    """The segment, or for one too long to be a file name, its start and a hash of the whole: still unique."""
    if len(segment) <= _SEGMENT:
        return segment
    return segment[:_SEGMENT - 9] + "-" + hashlib.sha1(segment.encode()).hexdigest()[:8]


def path_of(iri: str, report: Report) -> str:
    """Where an IRI's page goes: its path below the report's base, made safe as a relative path.

    Only letters, digits, '-' and '_' survive in a segment, and empty, '.' and '..' segments are
    dropped, so no IRI in a graph can make the site write outside its folder.
    """
    base = report.iri.rsplit("/", 1)[0] + "/"
    rest = iri[len(base):] if iri.startswith(base) else iri.rsplit("/", 1)[-1]
    segments = ["".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in part)
                for part in rest.split("/")]
    return "/".join(_short(seg) for seg in segments if seg.strip("_.")) or "_"


def page_paths(reports: list[Report]) -> dict[str, str]:
    """Each report's and entity's IRI → the site path of its page (from the site root)."""
    pages = {}
    for report in reports:
        pages[report.iri] = f"{path_of(report.iri, report)}/index.html"
        for iris in report.entities.values():
            for iri in iris:
                pages[iri] = path_of(iri, report) + ".html"
    return pages


def stem_of(page: str) -> str:
    """An entity page's path without .html: its Turtle and JSON-LD files are this with their own suffix."""
    return page[: -len(".html")]


def relative(here: str, target: str) -> str:
    """The link from the page at `here` to `target`, both paths from the site root."""
    return "../" * here.count("/") + target
