"""The year a passage speaks of: the review year in the review of last year's work, else the report's year."""
from __future__ import annotations

from kg.build.document import Document


def year_at(doc: Document, offset: int) -> tuple[bool, int | None]:
    """Whether the text at `offset` reviews last year's work, and the year it speaks of (None if unknown).

    There is no fallback from the review year to the report's year: a report's metadata has a review
    year whenever it has a year (the year before, when no review heading names one), so the one is
    missing only when the other is too.

    >>> from kg.build.document import parse_document
    >>> doc = parse_document("一、2023年工作回顾\\n建成A。\\n二、2024年工作安排\\n建设B。\\n")
    >>> year_at(doc, doc.norm.index("A")), year_at(doc, doc.norm.index("B"))
    ((True, 2023), (False, 2024))
    """
    review = doc.period_at(offset) == "review"
    return review, doc.review_year if review else doc.year
