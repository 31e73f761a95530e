"""CSV files as govkg writes them, and the CSVW metadata (W3C Metadata Vocabulary for Tabular Data) beside them."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

from kg.vocab import CSVW_CONTEXT


def to_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """A UTF-8 CSV with a header line and "\\n" line ends, so the same rows give the same bytes everywhere."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def metadata(csv_name: str, title: str, columns: Iterable[tuple[str, str, str]], key: list[str],
             description: str = "") -> bytes:
    """The CSVW description of `csv_name`: its title, and each column as (name, datatype, what it holds)."""
    doc = {"@context": [CSVW_CONTEXT, {"@language": "en"}], "url": csv_name, "dc:title": title}
    if description:
        doc["dc:description"] = description
    doc["dialect"] = {"header": True, "encoding": "utf-8"}
    doc["tableSchema"] = {
        "columns": [{"name": name, "titles": name, "datatype": datatype, "dc:description": text}
                    for name, datatype, text in columns],
        "primaryKey": key,
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
