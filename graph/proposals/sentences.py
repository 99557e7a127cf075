"""A source text as sentences, each with its offsets and the line it starts on.

Sentences never cross a blank line (a paragraph break), and come from spaCy's
rule-based sentencizer on a blank English pipeline: no model is needed.

>>> [s.text for s in split_sentences("Cambodia signed it. Japan did too.\\n\\nA heading\\n")]
['Cambodia signed it.', 'Japan did too.', 'A heading']
>>> split_sentences("one\\n\\ntwo. three")[2].line
3
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

_SPACE = re.compile(r"\s+")
_RUNS_ON = re.compile(r"[a-z,\-–]$")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text with runs of white space as one space, offsets in the text, and its first line."""

    text: str
    start: int
    end: int
    line: int


@cache
def pipeline():
    """A blank English spaCy pipeline with the sentencizer: tokens and sentences, no trained model."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    # "U.S.-ASEAN" is two names, as "US-ASEAN" already is
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Za-z]\.)[-–—](?=[A-Za-z])"]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    return nlp


def split_sentences(text: str, first_line: int = 1) -> list[Sentence]:
    """Every sentence of ``text``; ``first_line`` is the line number of the text's first line."""
    nlp = pipeline()
    sentences: list[Sentence] = []
    paragraphs = _blocks(text)
    blocks = [text[a:b] for a, b in paragraphs]
    for (offset, _), doc in zip(paragraphs, nlp.pipe(blocks), strict=True):
        for span in doc.sents:
            raw = span.text_with_ws.strip()
            if not raw.strip():
                continue
            start = offset + span.start_char + (len(span.text_with_ws) - len(span.text_with_ws.lstrip()))
            sentences.append(Sentence(_SPACE.sub(" ", raw), start, start + len(raw),
                                      first_line + text.count("\n", 0, start)))
    return sentences


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of text no sentence crosses: they end at a blank line, and after a short line that does not run on
    (a heading, a caption, a byline: under 60 characters, or under 80 and not ending in a lower-case word, a comma
    or a hyphen)."""
    blocks: list[tuple[int, int]] = []
    start = None
    offset = 0
    for line in text.split("\n"):
        end = offset + len(line)
        stripped = line.strip()
        if stripped:
            if start is None:
                start = offset
            if (len(stripped) < 60 and not stripped.endswith((",", "-"))) or (
                    len(stripped) < 80 and not _RUNS_ON.search(stripped)):
                blocks.append((start, end))
                start = None
        elif start is not None:
            blocks.append((start, offset - 1))
            start = None
        offset = end + 1
    if start is not None:
        blocks.append((start, len(text)))
    return blocks
