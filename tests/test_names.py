"""Names as a person types them (``diplograph.queries.lookup``): on a small hand-made index, then on the corpus.

The hand-made names are invented for these tests. On the corpus, every expectation is read from the graph
itself (the entity whose label is "Vietnam", Cambodia's names in other languages), so the tests hold whatever
the curated files call things.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import diplograph
from diplograph.queries import ParameterError
from diplograph.queries.lookup import Named, NameIndex, expand, index_from_rows, param_category
from diplograph.sparql import queryfiles
from diplograph.sparql.binding import bind_values

from .rawstore import load_store

ID = "https://w3id.org/diplograph/id/"
DG = "https://w3id.org/diplograph/ontology#"


@pytest.fixture(scope="module")
def small() -> NameIndex:
    return NameIndex([
        Named(ID + "arcadia", "Arcadia", "entity", "State", ("Republic of Arcadia", "Аркадия")),
        Named(ID + "borduria", "Borduria", "entity", "State", ("Bordurian Republic",)),
        Named(ID + "north-syldavia", "North Syldavia", "entity", "State"),
        Named(ID + "south-syldavia", "South Syldavia", "entity", "State"),
        Named(ID + "silk-canal", "Silk and Canal Initiative", "entity", "Initiative", ("Silk and Canal", "SCI")),
        Named(ID + "jean-dupont", "Jean Dupont", "entity", "Person"),
        Named(DG + "allyOf", "ally of", "relation", "", ("allyOf",)),
        Named(DG + "tradesWith", "trades with", "relation", "", ("tradesWith",)),
        Named(DG + "State", "state", "class", "", ("State",)),
    ])


# --- the resolver, on invented names ----------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["Arcadia", "arcadia", "  ARCADIA ", "arcadia", "dgr:arcadia", f"<{ID}arcadia>"])
def test_a_name_in_any_case_or_an_iri_names_the_entity(small, typed):
    assert small.resolve(typed).found.iri == ID + "arcadia"


@pytest.mark.parametrize("typed, expected", [
    ("Arcadai", "arcadia"), ("Bordurai", "borduria"), ("Jean Dupon", "jean-dupont"), ("Dupont Jean", "jean-dupont"),
])
def test_a_small_typo_or_swapped_words_still_name_the_entity(small, typed, expected):
    found = small.resolve(typed)
    assert found.found is not None and found.found.iri == ID + expected


@pytest.mark.parametrize("typed, alias", [("Republic of Arcadia", "Republic of Arcadia"), ("аркадия", "Аркадия"),
                                           ("SCI", "SCI"), ("silk and canal", "Silk and Canal")])
def test_an_alias_or_a_name_in_another_language_names_the_entity(small, typed, alias):
    found = small.resolve(typed).found
    assert found is not None and found.matched == alias


def test_a_name_that_fits_several_gives_the_choices_and_none_of_them(small):
    resolution = small.resolve("Syldavia")
    assert resolution.ambiguous and resolution.found is None
    assert {match.iri for match in resolution.choices} == {ID + "north-syldavia", ID + "south-syldavia"}


def test_a_name_that_fits_nothing_gets_the_nearest_names(small):
    unknown = small.resolve("Bordovia")
    assert unknown.unknown and [match.iri for match in unknown.suggestions][:1] == [ID + "borduria"]
    nothing = small.resolve("zzqx")
    assert nothing.unknown and not nothing.suggestions


def test_a_relation_is_found_by_its_label_near_enough_or_its_term(small):
    for typed in ("ally of", "Ally  of", "aly of", "allyOf", "dg:allyOf", "dg:allyOff"):
        assert small.resolve(typed, ("relation",)).found.iri == DG + "allyOf", typed
    # a relation is not an entity, and an entity is not a relation
    assert small.resolve("ally of").found is None
    assert small.resolve("Arcadia", ("relation",)).found is None


def test_one_of_our_terms_the_graph_lacks_is_a_typo_and_another_namespace_is_taken_as_written(small):
    assert small.resolve("dgr:arcadai").found.iri == ID + "arcadia"
    assert small.resolve("https://example.org/thing").found.iri == "https://example.org/thing"


def test_search_and_did_you_mean(small):
    assert [match.iri for match in small.search("syld")] == [ID + "north-syldavia", ID + "south-syldavia"]
    assert small.search("Silk Canal") == []  # not a part of any name ...
    assert [match.iri for match in small.suggest("Silk Canal")][:1] == [ID + "silk-canal"]  # ... but near one


@pytest.mark.parametrize("spec, expected", [
    (("country", "iri", "dgr:cambodia"), "entity"), (("relation", "iri", "dg:strategicPartner"), "relation"),
    (("class", "iri", None), "class"), (("source", "string", None), "source"), (("period", "string", "2018"), None),
    (("measure", "string", "peacekeepers-deployed"), "measure"),
])
def test_what_a_parameter_names(spec, expected):
    assert param_category(*spec) == expected


def test_expand_reads_only_iris_and_our_prefixed_names():
    assert expand("dg:memberOf") == DG + "memberOf"
    assert expand("Hun Sen") is None and expand("nope:thing") is None


# --- the corpus -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def store(corpus_build):
    return load_store(corpus_build.build)


@pytest.fixture(scope="module")
def names(store) -> NameIndex:
    rows = store.query(queryfiles.read("diplograph.queries", "internal/names", subfolder=None))
    return index_from_rows({var: (row[var].value if row[var] is not None else "")
                            for var in ("resource", "label", "kind", "category", "class_label")} for row in rows)


def labelled(store, label: str) -> str:
    """The one entity whose English label is ``label``, read from the graph."""
    found = [row["s"].value for row in store.query(bind_values(
        "SELECT ?s WHERE { GRAPH <https://w3id.org/diplograph/graph/entities> "
        "{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } FILTER (STR(?l) = ?wanted) }",
        {"wanted": ox.Literal(label)}))]
    assert len(found) == 1, (label, found)
    return found[0]


@pytest.mark.parametrize("typed, label", [
    ("Vietnam", "Vietnam"), ("cambodia", "Cambodia"), ("Hun Sen", "Hun Sen"),
    ("belt and road", "Belt and Road Initiative"), ("Cambodai", "Cambodia"), ("hun senn", "Hun Sen"),
    ("Viet Nam", "Vietnam"),
])
def test_corpus_names_as_typed(names, store, typed, label):
    assert names.resolve(typed).found.iri == labelled(store, label)


def test_corpus_names_in_other_languages(names, store):
    cambodia = labelled(store, "Cambodia")
    others = [row["l"].value for row in store.query(
        "SELECT ?l WHERE { GRAPH <https://w3id.org/diplograph/graph/entities> { ?s <" + DG + "wikidata> ?item } "
        "GRAPH <https://w3id.org/diplograph/graph/wikidata> { ?item <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
        f'FILTER (LANG(?l) IN ("km", "zh", "th", "ja", "ko")) VALUES ?s {{ <{cambodia}> }} }}')]
    assert others, "the kept Wikidata answers name Cambodia in the region's languages"
    for name in others:
        found = names.resolve(name).found
        assert found is not None and found.iri == cambodia, name


def test_corpus_relation_by_its_label(names):
    assert names.resolve("strategic partnership", ("relation",)).found.iri == DG + "strategicPartner"
    assert names.resolve("member of", ("relation",)).found.iri == DG + "memberOf"


def test_corpus_korea_offers_both_koreas(names, store):
    choices = {match.iri for match in names.resolve("Korea").choices}
    assert {labelled(store, "North Korea"), labelled(store, "South Korea")} <= choices


def test_the_api_takes_names_and_says_what_a_name_fits(corpus_build):
    kg = diplograph.open(build_dir=corpus_build.build)
    by_name = kg.query("cambodia-strategic-partnerships", country="Viet Nam")
    by_slug = kg.query("cambodia-strategic-partnerships", country="vietnam")
    assert len(by_name) == len(by_slug) > 0
    with pytest.raises(ParameterError, match="fits several: .*South Korea"):
        kg.query("cambodia-strategic-partnerships", country="Korea")
    with pytest.raises(ParameterError, match="did you mean .*Cambodia"):
        kg.query("cambodia-strategic-partnerships", country="Camboja")
