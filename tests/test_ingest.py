"""`diplograph ingest`: documents of each kind become sources; the same text twice is one source; a changed
text is a new version once its facts' quotes are found in it; bad input is refused with nothing written."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from diplograph.cli import cli
from diplograph.graph.build import parse_inputs, run_checks
from diplograph.graph.documents import DocumentError, normalise_text, read_document
from diplograph.graph.settings import Settings

from .conftest import MINI_CORPUS, MINI_DATA

NOTE = ("Laos and Vietnam signed a strategic partnership in 2019.\n\n"
        "Last year the Mekong Forum met in Vientiane.\n")


@pytest.fixture
def place(tmp_path: Path) -> Settings:
    """A copy of the small fixture dataset with a corpus of its own, as a user's folders would be."""
    data, corpus = tmp_path / "data", tmp_path / "corpus"
    shutil.copytree(MINI_DATA, data)
    shutil.copytree(MINI_CORPUS, corpus)
    return Settings(data=data, corpus=corpus, build=tmp_path / "build")


def run(place: Settings, *args: str):
    return CliRunner().invoke(cli, ["ingest", *args, "--data", str(place.data), "--corpus", str(place.corpus)],
                              env={"DIPLOGRAPH_DATA": None, "DIPLOGRAPH_CORPUS": None})


def snapshot(place: Settings) -> dict[str, bytes]:
    """Every file of the curated data and the corpus, to show that a refused ingest changed none."""
    return {str(p): p.read_bytes() for root in (place.data, place.corpus) for p in sorted(root.rglob("*"))
            if p.is_file()}


def sources(place: Settings) -> dict:
    return yaml.safe_load(place.sources_file.read_text(encoding="utf-8"))


# -- documents of each kind ----------------------------------------------------------------------

def test_a_text_file_becomes_a_source_that_builds(place: Settings, tmp_path: Path):
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    result = run(place, str(path), "--author", "Jane Doe", "--date", "2025-03-01", "--title", "A note")
    assert result.exit_code == 0, result.output
    entry = sources(place)["doe-2025"]
    stored = place.corpus / "doe-2025.txt"
    assert entry["file"] == "doe-2025.txt" and entry["title"] == "A note" and entry["date"] == "2025-03-01"
    assert entry["author"] == "jane-doe"
    assert entry["sha256"] == hashlib.sha256(stored.read_bytes()).hexdigest()
    assert stored.read_text(encoding="utf-8") == NOTE
    assert "jane-doe" in yaml.safe_load((place.entities_dir / "ingested.yaml").read_text(encoding="utf-8"))
    compiled = parse_inputs(place)  # the registry, the new entity and the empty facts file all read cleanly
    assert compiled.sources["doe-2025"].sha256 == entry["sha256"]


def test_a_corpus_folder_inside_the_data_is_the_source_own_and_the_build_reads_both(place: Settings,
                                                                                  tmp_path: Path):
    path = tmp_path / "kept.txt"
    path.write_text("A note kept with the data.\nIn 2013, Cambodia and Japan signed a strategic partnership.\n",
                    encoding="utf-8")
    own = place.data / "corpus"
    own.mkdir()
    result = CliRunner().invoke(cli, ["ingest", str(path), "--author", "test-author", "--date", "2025", "--id",
                                      "kept-2025", "--data", str(place.data), "--corpus", str(own)],
                                env={"DIPLOGRAPH_DATA": None, "DIPLOGRAPH_CORPUS": None})
    assert result.exit_code == 0, result.output
    assert sources(place)["kept-2025"]["corpus"] == "corpus" and (own / "kept-2025.txt").is_file()
    (place.facts_dir / "kept-2025.yaml").write_text(
        "source: kept-2025\nfacts:\n  - s: cambodia\n    p: strategicPartner\n    o: japan\n"
        "    level: strategic-partnership\n    valid: dated\n    start: 2013\n"
        "    quote: In 2013, Cambodia and Japan signed a strategic partnership.\n", encoding="utf-8")

    report, compiled = run_checks(place, reasoner="none")  # the corpus setting is the other folder
    quotes = next(s for s in report.steps if s.name == "quotes verbatim in sources")
    assert quotes.status == "passed", quotes.messages
    assert compiled is not None
    kept = next(f for f in compiled.facts if f.source == "kept-2025")
    assert kept.evidence and kept.evidence[0].line == 2
    assert all(f.evidence for f in compiled.facts)  # the other sources' quotes, found in the corpus setting's folder

    report, compiled = run_checks(place.with_(corpus=tmp_path / "absent"), reasoner="none")
    quotes = next(s for s in report.steps if s.name == "quotes verbatim in sources")
    assert quotes.status == "warning" and "quotes were NOT checked" in quotes.messages[0]
    assert compiled is not None
    assert next(f for f in compiled.facts if f.source == "kept-2025").evidence  # its own folder is still read


def test_html_gives_its_main_text_and_metadata(place: Settings, tmp_path: Path):
    page = tmp_path / "page.html"
    paragraphs = "".join(f"<p>Paragraph {n}: Cambodia and Japan signed a strategic partnership in 2013, and the "
                         f"two sides met again to discuss trade and investment.</p>" for n in range(1, 6))
    page.write_text(
        "<html><head><title>Partners in the Mekong</title>"
        '<meta name="author" content="Jane Doe"><meta property="article:published_time" content="2024-05-16">'
        '<link rel="canonical" href="https://example.org/partners"></head>'
        f"<body><nav><a href='/'>Home</a> | <a href='/about'>About us</a></nav><article><h1>Partners in the Mekong</h1>"
        f"{paragraphs}</article><footer>Copyright example.org. All rights reserved.</footer></body></html>",
        encoding="utf-8")
    document = read_document(page)
    assert "Paragraph 1: Cambodia and Japan signed" in document.text
    assert "Paragraph 5" in document.text.splitlines()[-1]  # one paragraph per line, in order
    assert "About us" not in document.text and "All rights reserved" not in document.text
    assert document.metadata["title"] == "Partners in the Mekong"
    assert document.metadata["author"] == "Jane Doe" and document.metadata["date"] == "2024-05-16"
    result = run(place, str(page))
    assert result.exit_code == 0, result.output
    entry = sources(place)["doe-2024"]
    assert entry["url"] == "https://example.org/partners" and entry["date"] == "2024-05-16"


def test_pdf_gives_its_text_layer_and_metadata(place: Settings, tmp_path: Path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Hedging in the Mekong")
    pdf.set_author("Sok Dara")
    pdf.set_creation_date(dt.datetime(2022, 6, 1, tzinfo=dt.UTC))
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "Cambodia pursues a hedging strategy toward China.", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, "Japan financed the Neak Loeung Bridge.", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "paper.pdf"
    pdf.output(str(path))
    document = read_document(path)
    assert "Cambodia pursues a hedging strategy toward China." in document.text
    assert document.metadata == {"title": "Hedging in the Mekong", "author": "Sok Dara", "date": "2022-06-01"}
    result = run(place, str(path), "--id", "dara-2022")
    assert result.exit_code == 0, result.output
    assert sources(place)["dara-2022"]["title"] == "Hedging in the Mekong"


def test_docx_gives_its_paragraphs_and_core_properties(place: Settings, tmp_path: Path):
    import docx

    document = docx.Document()
    document.core_properties.title = "Notes on ASEAN"
    document.core_properties.author = "Sok Dara"
    document.core_properties.created = dt.datetime(2021, 2, 3)
    document.add_paragraph("Cambodia chaired ASEAN in 2022.")
    document.add_paragraph("Hun Sen visited Japan in August 2017.")
    path = tmp_path / "notes.docx"
    document.save(str(path))
    read = read_document(path)
    assert read.text == "Cambodia chaired ASEAN in 2022.\n\nHun Sen visited Japan in August 2017.\n"
    assert read.metadata == {"title": "Notes on ASEAN", "author": "Sok Dara", "date": "2021-02-03"}
    result = run(place, str(path), "--date", "2021")  # the option wins over the document's own date
    assert result.exit_code == 0, result.output
    assert sources(place)["dara-2021"]["date"] == "2021"


def test_markdown_title_is_its_first_heading(tmp_path: Path):
    path = tmp_path / "brief.md"
    path.write_text("# Brief on the Mekong\n\nSome text.\n", encoding="utf-8")
    assert read_document(path).metadata == {"title": "Brief on the Mekong"}


def test_normalising_keeps_lines_and_drops_noise():
    assert normalise_text("a\r\nb  \r\n\r\n\r\n\r\nc\x07") == "a\nb\n\nc\n"


# -- the same text again, and a changed text -----------------------------------------------------

def test_the_same_text_again_changes_nothing(place: Settings, tmp_path: Path):
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    assert run(place, str(path), "--author", "Jane Doe", "--date", "2025-03-01").exit_code == 0
    before = snapshot(place)
    again = tmp_path / "copy.md"  # another file, another kind, the same text
    again.write_text(NOTE.replace("\n\n", "\r\n\r\n"), encoding="utf-8")
    result = run(place, str(again), "--author", "Someone Else", "--date", "2025-03-02")
    assert result.exit_code == 0, result.output
    assert "already ingested as doe-2025" in result.output
    assert snapshot(place) == before


def test_a_curated_source_is_recognised_by_its_text(place: Settings):
    result = run(place, str(MINI_CORPUS / "mini.txt"), "--author", "x", "--date", "2020")
    assert result.exit_code == 0, result.output
    assert "already ingested as mini-doc" in result.output


def test_a_changed_text_is_a_new_version_once_its_quotes_are_found(place: Settings, tmp_path: Path):
    text = (MINI_CORPUS / "mini.txt").read_text(encoding="utf-8")
    changed = tmp_path / "mini-v2.txt"
    changed.write_text(text + "Japan and ASEAN met in 2018.\n", encoding="utf-8")
    result = run(place, str(changed), "--id", "mini-doc", "--new-version")
    assert result.exit_code == 0, result.output
    assert "5 accepted facts re-checked, 0 quotes lost" in result.output
    entry = sources(place)["mini-doc"]
    assert entry["file"] == "mini-doc.v2.txt" and entry["version"] == 2
    assert entry["sha256"] == hashlib.sha256((place.corpus / "mini-doc.v2.txt").read_bytes()).hexdigest()
    assert (place.corpus / "mini.txt").read_text(encoding="utf-8") == text  # the first version stays
    assert sources(place)["mini-doc"]["title"] == "A test fixture"  # the rest of the entry is kept


def test_a_new_version_that_loses_quotes_is_refused_unless_forced(place: Settings, tmp_path: Path):
    text = (MINI_CORPUS / "mini.txt").read_text(encoding="utf-8")
    changed = tmp_path / "mini-v2.txt"
    changed.write_text(text.replace("Hun Sen visited Japan in August 2017.", "Hun Sen stayed home."),
                       encoding="utf-8")
    before = snapshot(place)
    refused = run(place, str(changed), "--id", "mini-doc", "--new-version")
    assert refused.exit_code == 1
    assert "1 quote(s)" in refused.output and "mini-doc.yaml" in refused.output
    assert "Hun Sen visited Japan in August 2017." in refused.output
    assert snapshot(place) == before
    forced = run(place, str(changed), "--id", "mini-doc", "--new-version", "--force")
    assert forced.exit_code == 0, forced.output
    assert "1 quotes lost" in forced.output


# -- bad input: a clear message, nothing written --------------------------------------------------

@pytest.mark.parametrize(("name", "content", "options", "message"), [
    ("empty.txt", b"", [], "the file is empty"),
    ("blank.txt", b"  \n\n ", [], "the file is empty"),
    ("latin1.txt", "Phnom Penh caf\xe9 talks.\n".encode("latin-1"), ["--author", "A B", "--date", "2020"],
     "line 1: not valid UTF-8"),
    ("note.txt", b"Some text.\n", ["--author", "A B", "--date", "May 2024"], "is not a date"),
    ("note.txt", b"Some text.\n", ["--date", "2024"], "give it with --author"),
    ("note.txt", b"Some text.\n", ["--author", "A B"], "give it with --date"),
    ("note.txt", b"Some text.\n", ["--author", "A B", "--date", "2024", "--id", "Bad Id"], "is not lower-case"),
    ("note.rtf", b"{\\rtf1 x}", [], "unknown kind of document"),
    ("broken.pdf", b"%PDF-1.4 this is not really a pdf", [], "PDF"),
    ("broken.docx", b"not a zip", [], "not a readable Word document"),
])
def test_bad_input_is_refused_with_nothing_written(place: Settings, tmp_path: Path, name: str, content: bytes,
                                                   options: list[str], message: str):
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot(place)
    result = run(place, str(path), *options)
    assert result.exit_code == 1
    assert message in result.output and str(path) in result.output
    assert "Nothing was written." in result.output
    assert snapshot(place) == before


def test_a_pdf_without_a_text_layer_says_to_run_ocr(place: Settings, tmp_path: Path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a drawing, as a scan would be an image: no text
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(DocumentError, match="no text layer.*OCR"):
        read_document(path)
    before = snapshot(place)
    assert run(place, str(path), "--author", "A B", "--date", "2020").exit_code == 1
    assert snapshot(place) == before


def test_an_unreadable_file_is_named(place: Settings, tmp_path: Path):
    result = run(place, str(tmp_path / "missing.txt"))
    assert result.exit_code == 1 and "missing.txt: no such file" in result.output


def test_encoding_option_reads_a_legacy_file(place: Settings, tmp_path: Path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Phnom Penh caf\xe9 talks.\n".encode("latin-1"))
    result = run(place, str(path), "--author", "A B", "--date", "2020", "--encoding", "latin-1")
    assert result.exit_code == 0, result.output
    assert (place.corpus / "b-2020.txt").read_text(encoding="utf-8") == "Phnom Penh caf\xe9 talks.\n"


def test_a_taken_id_is_refused_and_names_where(place: Settings, tmp_path: Path):
    path = tmp_path / "note.txt"
    path.write_text("Another text entirely.\n", encoding="utf-8")
    before = snapshot(place)
    result = run(place, str(path), "--id", "mini-doc", "--author", "A B", "--date", "2020")
    assert result.exit_code == 1
    assert "source id 'mini-doc' is already taken" in result.output and "sources.yaml:1" in result.output
    assert "--new-version" in result.output
    assert snapshot(place) == before


def test_an_existing_author_slug_is_reused(place: Settings, tmp_path: Path):
    path = tmp_path / "note.txt"
    path.write_text("A text by the fixture's author.\n", encoding="utf-8")
    result = run(place, str(path), "--author", "test-author", "--date", "2021", "--publisher", "Kingdom of Cambodia")
    assert result.exit_code == 0, result.output
    entry = sources(place)["author-2021"]
    assert entry["author"] == "test-author" and entry["publisher"] == "cambodia"  # by slug, and by an alias
    assert not (place.entities_dir / "ingested.yaml").exists()
