"""One row of benchmark results: what was measured, where, and the number.

Every section of the suite returns a list of ``Row``; the report writer turns
them into a markdown table and a JSON file.

>>> row = Row("load", "load time", 1.25, "s", size="1M", store="oxigraph")
>>> row.as_dict()["value"], row.key()
(1.25, ('load', '1M', 'oxigraph', '', 'load time'))
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Row:
    section: str                 # "load", "queries", "memory", "analysis", "views", "endpoint", "build", "fresh-clone"
    metric: str                  # "load time", "triples/s", "median latency", "peak RSS", "p99", ...
    value: float | None          # None when the measurement was skipped or timed out (see note)
    unit: str                    # "s", "ms", "MiB", "triples/s", "req/s", "x", ""
    size: str = ""               # "10k", "100k", "1M", "5M", "corpus", "500 nodes", ...
    store: str = ""              # "oxigraph", "oxigraph:disk", "rdflib", "remote", "raw pyoxigraph", ...
    subject: str = ""            # the query, analysis or view measured; "" for the section as a whole
    note: str = ""               # why a value is missing, or how it was measured
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def key(self) -> tuple[str, str, str, str, str]:
        return (self.section, self.size, self.store, self.subject, self.metric)
