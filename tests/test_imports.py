"""Importing a table of one's own: the mapping is checked, the rows reach the right entities, the import is kept safely
and is queryable beside the curated facts."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from diplograph.cli import cli
from diplograph.graph.build import build
from diplograph.graph.errors import CurationError
from diplograph.graph.imports import (
    CODES,
    DGI,
    EntityIndex,
    import_file,
    load_mapping,
    parse_mapping,
    run_import,
    write_atomically,
)
from diplograph.graph.imports.mapping import QB, SDMX_DIMENSION
from diplograph.graph.imports.run import SPDX
from diplograph.graph.outputs import IMPORTS_DIR
from diplograph.graph.settings import Settings
from diplograph.ontology.namespaces import entity_iri

from .conftest import MINI_CORPUS, MINI_DATA, TESTS
from .rawstore import load_store

SAMPLES = TESTS / "data" / "imports"
VOTES = SAMPLES / "unga-votes.mapping.yaml"
INDICATORS = SAMPLES / "wdi-indicators.mapping.yaml"
IMPORTS_PAGE = (TESTS.parent / "docs" / "imports.md").read_text(encoding="utf-8")
SDMX_MEASURE = "http://purl.org/linked-data/sdmx/2009/measure#"

# the crosswalk column each code kind is read from, to compute what the rows should link to
CROSSWALK_COLUMNS = {"iso3": "iso3166_alpha3", "iso2": "iso3166_alpha2", "iso-numeric": "iso3166_numeric",
                     "un-m49": "un_m49", "cow": "cow_code", "cow-abbreviation": "cow_abbreviation",
                     "wikidata": "wikidata"}


def crosswalk() -> list[dict[str, str]]:
    with Settings.default().crosswalk_file.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def crosswalk_index() -> EntityIndex:
    """An index built straight from the crosswalk file, so that these tests need no build."""
    codes: dict[str, dict[str, set[str]]] = {kind: {} for kind in CODES}
    for row in crosswalk():
        for kind, column in CROSSWALK_COLUMNS.items():
            key = CODES[kind][1](row[column]) if row[column] else None
            if key:
                codes[kind].setdefault(key, set()).add(str(entity_iri(row["slug"])))
    return EntityIndex(codes)


def slug_by(kind: str) -> dict[str, str]:
    column = CROSSWALK_COLUMNS[kind]
    return {CODES[kind][1](row[column]): row["slug"] for row in crosswalk() if row[column]}


def data_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line, row) of each record of a sample table, its # comment lines left out."""
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(number for number, line in enumerate(lines) if not line.startswith("#"))
    reader = csv.DictReader(io.StringIO("\n".join(lines[first:])))
    return [(first + 2 + index, row) for index, row in enumerate(reader)]


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if needle in line)


def edited_mapping(tmp_path: Path, mapping: Path, old: str, new: str) -> Path:
    """A copy of a sample mapping (beside a copy of its table) with one edit."""
    text = mapping.read_text(encoding="utf-8")
    assert old in text, f"sample changed: {old!r} not in {mapping.name}"
    for path in SAMPLES.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    target = tmp_path / mapping.name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def edited_table(tmp_path: Path, table: str, old: str, new: str) -> tuple[Path, int]:
    """A copy of a sample table with one edit, and the line of the edit."""
    text = (SAMPLES / table).read_text(encoding="utf-8")
    assert old in text, f"sample changed: {old!r} not in {table}"
    target = tmp_path / table
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target, line_of(text, old)


# --- the mapping file ---------------------------------------------------------------------------------------


def test_the_sample_mappings_are_valid():
    votes, indicators = load_mapping(VOTES), load_mapping(INDICATORS)
    assert (votes.key_code, indicators.key_code) == ("cow", "iso3")
    assert str(votes.graph) == "https://w3id.org/diplograph/graph/import/unga-votes"
    assert votes.source == SAMPLES / "unga-votes.csv"


@pytest.mark.parametrize(
    ("mapping", "old", "new", "anchor", "field", "message"),
    [
        (VOTES, "key: {column: ccode, code: cow}", "", "name:", "key", "missing"),
        (VOTES, "  id: \"{resolution}-{ccode}\"", "", "record:", "record.id", "missing; it is required"),
        (VOTES, "code: cow}", "code: cown}", "key:", "key.code", "unknown code 'cown'"),
        (VOTES, "datatype: xsd:date}", "datatype: xsd:datum}", "xsd:datum", "record.columns.date.datatype",
         "'xsd:datum' is not a supported datatype"),
        (VOTES, "\"{resolution}-{ccode}\"", "\"{resolution}-{country}\"", "id:", "record.id",
         "{country} is not the key column nor a column under record.columns"),
        (VOTES, "\"{resolution}-{ccode}\"", "\"{resolution} {ccode}\"", "id:", "record.id", "outside its {columns}"),
        (VOTES, "resolution: dgi:resolution", "resolution: unga:resolution", "unga:resolution",
         "record.columns.resolution.property", "known prefix"),
        (VOTES, "Y: \"yes\"", "Y: yes", "Y: yes", "record.columns.vote.values.Y", "YAML reads them as booleans"),
        (VOTES, "comment_prefix:", "comment_prefx:", "comment_prefx:", "comment_prefx", "unknown key"),
        (INDICATORS, "name: wdi-indicators", "name: WDI indicators", "name:", "name", "lower-case words"),
        (INDICATORS, "missing: [\"..\"]", "missing: ..", "missing:", "missing", "a list of texts"),
    ],
)
def test_mapping_errors_name_file_line_and_field(tmp_path, mapping, old, new, anchor, field, message):
    path = edited_mapping(tmp_path, mapping, old, new)
    with pytest.raises(CurationError) as caught:
        load_mapping(path, path.name)
    line = line_of(path.read_text(encoding="utf-8"), anchor)
    expected = f"{path.name}:{line}: {field}: "
    assert any(str(p).startswith(expected) and message in str(p) for p in caught.value.problems), \
        (expected, message, [str(p) for p in caught.value.problems])


def test_every_mapping_problem_is_reported_at_once(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("name: x\nkey: {column: iso3, code: iso9}\nrecord:\n  id: '{nope}'\n  class: foo:Bar\nextra: 1\n")
    with pytest.raises(CurationError) as caught:
        load_mapping(path, "m.yaml")
    assert {(p.line, p.field) for p in caught.value.problems} == {
        (2, "key.code"), (4, "record.id"), (5, "record.class"), (6, "extra")}


# --- mapping a table ----------------------------------------------------------------------------------------


def test_each_vote_is_an_observation_of_the_right_state():
    mapping = load_mapping(VOTES)
    result = run_import(mapping, mapping.source, crosswalk_index())
    graph, rows, slugs = result.graph, data_rows(mapping.source), slug_by("cow")
    observations = set(graph.subjects(RDF.type, QB.Observation))
    assert len(observations) == len(rows) == result.rows == result.mapped
    assert result.entities == {str(entity_iri(slugs[row["ccode"]])) for _, row in rows}
    votes = {"Y": "yes", "N": "no", "A": "abstain"}
    for _, row in rows:
        node = URIRef(f"https://w3id.org/diplograph/import/unga-votes/{row['resolution']}-{row['ccode']}")
        assert node in observations
        assert graph.value(node, SDMX_DIMENSION.refArea) == entity_iri(slugs[row["ccode"]])
        assert graph.value(node, DGI.vote) == Literal(votes[row["vote"]])
        assert graph.value(node, SDMX_DIMENSION.refPeriod) == Literal(row["date"], datatype=XSD.date)
        assert graph.value(node, QB.dataSet) == mapping.dataset


def test_indicator_values_are_decimals_and_missing_values_give_no_triple():
    mapping = load_mapping(INDICATORS)
    result = run_import(mapping, mapping.source, crosswalk_index())
    graph, rows, slugs = result.graph, data_rows(mapping.source), slug_by("iso3")
    assert len(set(graph.subjects(RDF.type, QB.Observation))) == len(rows)
    value = URIRef(SDMX_MEASURE + "obsValue")
    for _, row in rows:
        node = URIRef(f"https://w3id.org/diplograph/import/wdi-indicators/{row['indicator']}-{row['countryiso3code']}-{row['date']}")
        assert graph.value(node, SDMX_DIMENSION.refArea) == entity_iri(slugs[row["countryiso3code"]])
        assert graph.value(node, SDMX_DIMENSION.refPeriod) == Literal(row["date"], datatype=XSD.gYear)
        expected = None if row["value"] == ".." else Literal(row["value"], datatype=XSD.decimal)
        assert graph.value(node, value) == expected
    assert any(row["value"] == ".." for _, row in rows), "the sample should show a missing value"


def test_the_provenance_names_the_file_and_its_sha256():
    mapping = load_mapping(VOTES)
    result = run_import(mapping, mapping.source, crosswalk_index())
    graph, dataset = result.graph, mapping.dataset
    table = graph.value(dataset, PROV.wasDerivedFrom)
    checksum = graph.value(table, SPDX.checksum)
    assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    assert str(graph.value(checksum, SPDX.checksumValue)) == hashlib.sha256(mapping.source.read_bytes()).hexdigest()
    assert str(graph.value(dataset, URIRef("http://purl.org/dc/terms/source"))) == "unga-votes.csv"
    assert (dataset, RDF.type, QB.DataSet) in graph
    assert graph.value(dataset, PROV.generatedAtTime) is not None
    run = graph.value(dataset, PROV.wasGeneratedBy)
    assert (run, PROV.used, table) in graph
    assert int(graph.value(run, DGI.rows)) == len(data_rows(mapping.source))
    mapping_node = next(node for node in graph.objects(run, PROV.used) if node != table)
    mapping_sum = graph.value(graph.value(mapping_node, SPDX.checksum), SPDX.checksumValue)
    assert str(mapping_sum) == hashlib.sha256(VOTES.read_bytes()).hexdigest()


def test_a_table_keyed_by_wikidata_ids(tmp_path):
    table = tmp_path / "aid.csv"
    table.write_text("project,donor,amount\np1,Q424,10.5\np2,http://www.wikidata.org/entity/Q17,7\np3,q148,3\n")
    mapping = tmp_path / "aid.mapping.yaml"
    mapping.write_text("name: aid\ntitle: Aid\nsource: aid.csv\nkey: {column: donor, code: wikidata}\n"
                       "record:\n  id: '{project}'\n  class: schema:Project\n  entity_property: schema:funder\n"
                       "  columns:\n    project: schema:identifier\n"
                       "    amount: {property: schema:amount, datatype: xsd:decimal}\n")
    loaded = load_mapping(mapping)
    result = run_import(loaded, loaded.source, crosswalk_index())
    funder = URIRef("https://schema.org/funder")
    base = "https://w3id.org/diplograph/import/aid/"
    qids = {row["wikidata"]: row["slug"] for row in crosswalk()}
    assert result.graph.value(URIRef(base + "p1"), funder) == entity_iri(qids["Q424"])
    assert result.graph.value(URIRef(base + "p2"), funder) == entity_iri(qids["Q17"])
    assert result.graph.value(URIRef(base + "p3"), funder) == entity_iri(qids["Q148"])
    # not observations, so no qb:DataSet: the rows are only part of the dataset
    assert (URIRef(base + "p1"), URIRef("http://purl.org/dc/terms/isPartOf"), loaded.dataset) in result.graph
    assert (loaded.dataset, RDF.type, QB.DataSet) not in result.graph


def test_other_codes_normalise_as_they_are_written():
    index = crosswalk_index()
    australia = str(entity_iri("australia"))
    assert index.resolve("iso-numeric", "36") == index.resolve("iso-numeric", "036") == australia
    assert index.resolve("iso2", "au") == index.resolve("cow-abbreviation", "AUL") == australia
    assert index.resolve("cow", "900.0") == australia
    assert index.resolve("cow", "nine hundred") is None


@pytest.mark.parametrize(
    ("table", "old", "new", "column", "message"),
    [
        ("unga-votes.csv", "(sample),2,United States,N", "(sample),9999,United States,N", "ccode",
         "'9999' is no entity's cow code in the graph"),
        ("unga-votes.csv", "Japan,Y", "Japan,Maybe", "vote", "'Maybe' is not one of the values the mapping lists"),
        ("unga-votes.csv", "2023-12-15,human rights", "2023-12-32,human rights", "date",
         "'2023-12-32' is not an xsd:date"),
        ("wdi-indicators.csv", "2023,1900", "2023,1.9k", "value", "'1.9k' is not an xsd:decimal"),
        ("wdi-indicators.csv", "KHM,Cambodia,NY.GDP.PCAP.CD,2022", "XXX,Nowhere,NY.GDP.PCAP.CD,2022", "countryiso3code",
         "'XXX' is no entity's iso3 code in the graph"),
        ("wdi-indicators.csv", "NE.TRD.GNFS.ZS,2022,38.2", "NE.TRD.GNFS.ZS,,38.2", "date", "empty, and the row's IRI"),
    ],
)
def test_table_errors_name_file_line_and_column(tmp_path, table, old, new, column, message):
    mapping = load_mapping(VOTES if table.startswith("unga") else INDICATORS)
    path, line = edited_table(tmp_path, table, old, new)
    with pytest.raises(CurationError) as caught:
        run_import(mapping, path, crosswalk_index(), csv_display=table)
    assert any(str(p).startswith(f"{table}:{line}: {column}: ") and message in str(p) for p in caught.value.problems), \
        [str(p) for p in caught.value.problems]


def test_a_missing_column_and_a_repeated_row_are_errors(tmp_path):
    mapping = load_mapping(VOTES)
    path, _ = edited_table(tmp_path, "unga-votes.csv", "resolution,date,topic,ccode,country,vote",
                           "resolution,day,topic,ccode,country,vote")
    with pytest.raises(CurationError) as caught:
        run_import(mapping, path, crosswalk_index(), csv_display="t.csv")
    assert str(caught.value.problems[0]).startswith("t.csv:3: date: no such column in the header")

    path, line = edited_table(tmp_path, "unga-votes.csv",
                              "sample-01,2023-12-04,nuclear disarmament (sample),710,China,Y",
                              "sample-01,2023-12-04,nuclear disarmament (sample),811,Cambodia,Y")
    with pytest.raises(CurationError) as caught:
        run_import(mapping, path, crosswalk_index(), csv_display="t.csv")
    assert [str(p) for p in caught.value.problems] == [
        f"t.csv:{line}: record.id: <https://w3id.org/diplograph/import/unga-votes/sample-01-811> "
        f"is already the IRI of line {line - 1}'s row"]


def test_lines_are_counted_as_an_editor_shows_them(tmp_path):
    mapping = parse_mapping('name: t\nkey: {column: iso3, code: iso3}\n'
                            'record: {id: "{iso3}", columns: {note: rdfs:comment}}\n', tmp_path / "t.yaml")
    table = tmp_path / "t.csv"
    table.write_text('iso3,note\nKHM,"a note\non two lines"\nXXX,x\nJPN,y,z\n', encoding="utf-8")
    with pytest.raises(CurationError) as caught:
        run_import(mapping, table, crosswalk_index(), csv_display="t.csv")
    assert [str(p) for p in caught.value.problems] == [
        "t.csv:4: iso3: 'XXX' is no entity's iso3 code in the graph "
        "(to skip such rows, add `unmatched: skip` to the mapping)",
        "t.csv:5: 3 fields; the header has 2"]
    table.write_text('iso3,note\nKHM,"a"b\n', encoding="utf-8")
    with pytest.raises(CurationError) as caught:
        run_import(mapping, table, crosswalk_index(), csv_display="t.csv")
    assert str(caught.value.problems[0]).startswith("t.csv:2: not valid CSV")


def test_unmatched_rows_can_be_skipped_and_are_counted(tmp_path):
    path = edited_mapping(tmp_path, INDICATORS, "comment_prefix:", "unmatched: skip\ncomment_prefix:")
    table, line = edited_table(tmp_path, "wdi-indicators.csv", "LAO,Laos,NY.GDP.PCAP.CD,2022",
                               "XXX,Nowhere,NY.GDP.PCAP.CD,2022")
    mapping = load_mapping(path)
    result = run_import(mapping, table, crosswalk_index())
    assert result.skipped == [(line, "XXX")]
    assert result.mapped == result.rows - 1 == len(data_rows(table)) - 1
    assert int(result.graph.value(URIRef(f"{mapping.dataset}#import"), DGI.skippedRows)) == 1


# --- keeping the import ---------------------------------------------------------------------------------------


def test_a_failed_write_leaves_the_previous_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "imports" / "x.nq"
    write_atomically(b"<a:b> <a:c> <a:d> <a:g> .\n", target)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", broken)
    with pytest.raises(OSError):
        write_atomically(b"half", target)
    assert target.read_bytes() == b"<a:b> <a:c> <a:d> <a:g> .\n"
    assert [p.name for p in target.parent.iterdir()] == ["x.nq"]


def test_a_rebuild_keeps_the_imports(tmp_path):
    settings = Settings(data=MINI_DATA, corpus=MINI_CORPUS, build=tmp_path / "build")
    build(settings, reasoner="none", docs=False)
    kept = import_file(settings.build, "sample")
    write_atomically(b"<https://e.x/a> <https://e.x/p> \"1\" <https://w3id.org/diplograph/graph/import/sample> .\n",
                     kept)
    build(settings, reasoner="none", docs=False)
    assert kept.is_file()
    with_import = len(load_store(settings.build))
    shutil.rmtree(settings.build / IMPORTS_DIR)
    assert with_import == len(load_store(settings.build)) + 1  # the loader reads the import beside the build


# --- from the command line ------------------------------------------------------------------------------------


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def corpus_copy(corpus_build, tmp_path) -> Path:
    """A private copy of the session's corpus build, so an import does not change what other tests see."""
    copy = tmp_path / "build"
    shutil.copytree(corpus_build.build, copy)
    return copy


def test_the_command_explains_itself_with_an_example(runner):
    result = runner.invoke(cli, ["import", "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "diplograph import" in result.output


def readme_join_query() -> str:
    section = IMPORTS_PAGE.split("## Joining a table with the curated facts", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```sparql\n(.*?)```", section, re.DOTALL).group(1)


def test_import_then_query_joins_the_votes_with_the_curated_partners(runner, corpus_copy, corpus_store, tmp_path):
    result = runner.invoke(cli, ["import", str(VOTES), "--build-dir", str(corpus_copy)])
    assert result.exit_code == 0, result.output
    rows = data_rows(SAMPLES / "unga-votes.csv")
    states = {row["ccode"] for _, row in rows}
    assert f"unga-votes: {len(rows)} rows, {len(rows)} mapped to {len(states)} entities, 0 skipped" in result.output
    assert (corpus_copy / "imports" / "unga-votes.nq").is_file()

    query = tmp_path / "votes-with-partners.rq"
    query.write_text(readme_join_query(), encoding="utf-8")
    answer = runner.invoke(cli, ["query", "--file", str(query), "--build-dir", str(corpus_copy), "--format", "csv"])
    assert answer.exit_code == 0, answer.output
    got = {row["partner_label"]: (int(row["votes"]), int(row["same_vote"]))
           for row in csv.DictReader(io.StringIO(answer.stdout))}

    # the expectation, from the curated partners and the table's rows
    partners = {row["label"].value: row["partner"].value for row in corpus_store.query("""
        SELECT ?partner ?label WHERE {
          GRAPH <https://w3id.org/diplograph/graph/truthy> { <https://w3id.org/diplograph/id/cambodia>
                <https://w3id.org/diplograph/ontology#strategicPartner> ?partner }
          GRAPH <https://w3id.org/diplograph/graph/entities> {
                ?partner <http://www.w3.org/2000/01/rdf-schema#label> ?label } }""")}
    cow = {str(entity_iri(slug)): code for code, slug in slug_by("cow").items()}
    votes = {(row["ccode"], row["resolution"]): row["vote"] for _, row in rows}
    cambodia = cow[str(entity_iri("cambodia"))]
    expected = {}
    for label, partner in partners.items():
        shared = [(vote, votes[(cambodia, resolution)]) for (code, resolution), vote in votes.items()
                  if code == cow.get(partner) and (cambodia, resolution) in votes]
        if shared:
            expected[label] = (len(shared), sum(theirs == ours for theirs, ours in shared))
    assert got == expected and len(expected) >= 2


def test_imported_indicators_are_queryable_and_a_failed_import_changes_nothing(runner, corpus_copy, tmp_path):
    assert runner.invoke(cli, ["import", str(INDICATORS), "--build-dir", str(corpus_copy)]).exit_code == 0
    kept = corpus_copy / "imports" / "wdi-indicators.nq"
    before = kept.read_bytes()

    query = ('SELECT ?year ?value WHERE { GRAPH <https://w3id.org/diplograph/graph/import/wdi-indicators> { '
             '?o <http://purl.org/linked-data/sdmx/2009/dimension#refArea> <https://w3id.org/diplograph/id/cambodia> ; '
             '<https://w3id.org/diplograph/import/vocab#indicator> "NY.GDP.PCAP.CD" ; '
             '<http://purl.org/linked-data/sdmx/2009/dimension#refPeriod> ?year ; '
             f'<{SDMX_MEASURE}obsValue> ?value }} }} ORDER BY ?year')
    answer = runner.invoke(cli, ["query", "-", "--build-dir", str(corpus_copy), "--format", "csv"], input=query)
    assert answer.exit_code == 0, answer.output
    expected = [(row["date"], row["value"]) for _, row in data_rows(SAMPLES / "wdi-indicators.csv")
                if row["countryiso3code"] == "KHM" and row["indicator"] == "NY.GDP.PCAP.CD"]
    assert [(row["year"], row["value"]) for row in csv.DictReader(io.StringIO(answer.stdout))] == expected

    bad, line = edited_table(tmp_path, "wdi-indicators.csv", "2023,1900", "2023,1.9k")
    failed = runner.invoke(cli, ["import", str(INDICATORS), "--csv", str(bad), "--build-dir", str(corpus_copy)])
    assert failed.exit_code == 1
    assert f"wdi-indicators.csv:{line}: value: '1.9k' is not an xsd:decimal" in failed.output
    assert "is unchanged" in failed.output
    assert kept.read_bytes() == before
    assert sorted(p.name for p in kept.parent.iterdir()) == ["wdi-indicators.nq"]


def test_dry_run_and_output_file_leave_the_build_alone(runner, corpus_copy, tmp_path):
    dry = runner.invoke(cli, ["import", str(VOTES), "--build-dir", str(corpus_copy), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "nothing written" in dry.output
    out = tmp_path / "votes.nq"
    written = runner.invoke(cli, ["import", str(VOTES), "--build-dir", str(corpus_copy), "-o", str(out)])
    assert written.exit_code == 0, written.output
    assert "<https://w3id.org/diplograph/graph/import/unga-votes>" in out.read_text(encoding="utf-8")
    assert not (corpus_copy / "imports").exists()


def test_an_import_needs_a_build(runner, tmp_path):
    result = runner.invoke(cli, ["import", str(VOTES), "--build-dir", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "run `diplograph build` first" in result.output


def test_skipped_rows_are_counted_and_listed(runner, corpus_copy, tmp_path):
    mapping = edited_mapping(tmp_path, INDICATORS, "comment_prefix:", "unmatched: skip\ncomment_prefix:")
    _, line = edited_table(tmp_path, "wdi-indicators.csv", "LAO,Laos,NY.GDP.PCAP.CD,2022",
                           "XXX,Nowhere,NY.GDP.PCAP.CD,2022")
    result = runner.invoke(cli, ["import", str(mapping), "--build-dir", str(corpus_copy), "--dry-run"])
    assert result.exit_code == 0, result.output
    rows = data_rows(SAMPLES / "wdi-indicators.csv")
    states = {row["countryiso3code"] for _, row in rows}
    assert f"{len(rows)} rows, {len(rows) - 1} mapped to {len(states)} entities, 1 skipped" in result.output
    assert f"line {line} 'XXX'" in result.output


def test_a_mapping_without_source_needs_csv(runner, corpus_copy, tmp_path):
    mapping = edited_mapping(tmp_path, VOTES, "source: unga-votes.csv", "")
    result = runner.invoke(cli, ["import", str(mapping), "--build-dir", str(corpus_copy)])
    assert result.exit_code == 2
    assert "give the table with --csv FILE" in result.output
    given = runner.invoke(cli, ["import", str(mapping), "--csv", str(SAMPLES / "unga-votes.csv"), "--build-dir",
                                str(corpus_copy)])
    assert given.exit_code == 0, given.output
