"""A short text written for the tests of propose and review: each line exercises a rule, with names the
fixture dataset has and some it lacks; and the place the tests read such a text in."""

from __future__ import annotations

import shutil
from pathlib import Path

from diplograph.graph.documents import read_document
from diplograph.graph.ingest import SourceFields, ingest
from diplograph.graph.settings import Settings

from .conftest import MINI_CORPUS, MINI_DATA

NOTES = """Mekong notes

In 2013, Cambodia and Japan signed a strategic partnership.

Last year Hun Sen visited Japan to discuss the Neak Loeung Bridge.

Cambodia pursues a hedging strategy between the great powers.

Japan provided $120 million in grants for the Neak Loeung Bridge.

Cambodia adheres to permanent neutrality, its leaders say.

The weather in the capital was mild.
"""


def ingested(root: Path, text: str, source_id: str, date: str) -> Settings:
    """A copy of the fixture dataset and corpus under ``root``, with ``text`` ingested as source ``source_id``."""
    data, corpus = root / "data", root / "corpus"
    shutil.copytree(MINI_DATA, data)
    shutil.copytree(MINI_CORPUS, corpus)
    settings = Settings(data=data, corpus=corpus, build=root / "build")
    path = root / f"{source_id}.txt"
    path.write_text(text, encoding="utf-8")
    ingest(read_document(path), settings, SourceFields(id=source_id, author="test-author", date=date))
    return settings
