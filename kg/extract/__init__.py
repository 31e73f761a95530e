"""Extractors: each `extract(doc) -> Iterator[Fact]`, reading the document and nothing else."""
from kg.extract import chains, enterprises, glossary, indicators, projects

EXTRACTORS = (enterprises.extract, projects.extract, chains.extract, glossary.extract, indicators.extract)


def extract_all(doc):
    for extractor in EXTRACTORS:
        yield from extractor(doc)
