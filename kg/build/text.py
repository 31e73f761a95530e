"""Temporary shim: kg.build.text was split into kg.build.document, kg.build.reading and kg.build.report_meta.

It re-exports their names until the imports are rewritten. A test patches `kg.build.text.MAX_BYTES`; the
module's class passes such assignments on to kg.build.reading, where the cap is read.
"""
import sys
from types import ModuleType

from kg.build import reading
from kg.build.document import Document, Section, Span, fold, parse_document  # noqa: F401
from kg.build.reading import MAX_BYTES, decode, decode_with_notes, document_of_bytes, doubts, load_document, read_report  # noqa: F401
from kg.build.report_meta import Meta, read_meta  # noqa: F401
from kg.errors import InputError  # noqa: F401


class _Shim(ModuleType):
    def __setattr__(self, name: str, value) -> None:
        if hasattr(reading, name):
            setattr(reading, name, value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Shim
