"""Content negotiation for the SPARQL endpoint: which of the formats in kg.formats an Accept header gets."""
from __future__ import annotations

from kg import formats


def pick(accept: str, offered: tuple[str, ...]) -> str | None:
    """The first offered media type the Accept header names (or matches by a wildcard), the first offered
    one when it names none; None when the client accepts only types this endpoint cannot give (406)."""
    wanted = [part.split(";")[0].strip().lower() for part in accept.split(",") if part.strip()]
    if not wanted:
        return offered[0]
    for media in wanted:
        if media in offered:
            return media
        if media.endswith("/*") and (match := next((kind for kind in offered
                                                    if kind.startswith(media[:-1]) or media == "*/*"), None)):
            return match
    return None


def negotiate(accept: str, answers: bool) -> tuple[str, formats.Format] | None:
    """The media type to send answers (SELECT, ASK) or a graph (CONSTRUCT) as, and its format; None for a 406.

    >>> negotiate("application/rdf+xml, */*;q=0.1", answers=False)[1].name
    'rdf-xml'
    >>> negotiate("text/turtle", answers=True) is None
    True
    """
    media = pick(accept, formats.offered(answers))
    return None if media is None else (media, formats.by_media(media, answers))
