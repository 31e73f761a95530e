"""Extractors: each `extract(doc) -> Iterator[Fact]`, reading the document and nothing else.

Enterprises, projects and chains come from the rules, the learned span model, or both (the mode);
glossary terms and indicators always from the rules.
"""
from kg.extract import chains, enterprises, glossary, indicators, learned, projects

RULES = (enterprises.extract, projects.extract, chains.extract)
ALWAYS = (glossary.extract, indicators.extract)
MODES = ("rules", "model", "both")
SHIPPED = "rules"


def extract_all(doc, mode: str = "shipped", model=None):
    mode = SHIPPED if mode == "shipped" else mode
    if mode in ("rules", "both"):
        for extractor in RULES:
            yield from extractor(doc)
    if mode in ("model", "both"):
        yield from learned.extract(doc, model)
    for extractor in ALWAYS:
        yield from extractor(doc)
