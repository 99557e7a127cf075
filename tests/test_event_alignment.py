"""Every relation, statement kind and stance says how it aligns with PLOVER, CAMEO and the Goldstein scale."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from diplograph import ontology
from diplograph.graph.vocabulary import Vocabulary
from diplograph.ontology.namespaces import DG

GRAPH = ontology.load()
KINDS = {DG.AlignedEvent, DG.AlignedByStance, DG.AlignedByRelation, DG.NotAnEvent}
#: GDELT's QuadClass from the CAMEO root code (01-05, 06-08, 09-13, 14-20)
QUADS = [(range(1, 6), DG.VerbalCooperation), (range(6, 9), DG.MaterialCooperation),
         (range(9, 14), DG.VerbalConflict), (range(14, 21), DG.MaterialConflict)]
#: The categories of the 2021 CAMEO-to-PLOVER table (the version the ontology pins)
PLOVER_2021 = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "ACCUSE", "DEMAND",
               "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT"}
#: The Goldstein scores of GDELT's CAMEO.goldsteinscale.txt for the codes the alignment uses, copied by hand
GOLDSTEIN = {"010": "0.0", "0231": "3.4", "030": "4.0", "040": "1.0", "042": "1.9", "046": "7.0", "050": "3.5",
             "051": "3.4", "054": "6.0", "057": "8.0", "060": "6.0", "061": "6.4", "070": "7.0", "071": "7.4",
             "110": "-2.0", "111": "-2.0", "120": "-4.0", "160": "-4.0", "170": "-7.0"}

RELATIONS = sorted(Vocabulary.from_ontology().relations.values(), key=lambda r: r.name)
STATEMENT_KINDS = sorted({r.statement_class for r in RELATIONS} | {DG.VisitStatement, DG.MeetingStatement,
                                                                  DG.AnnouncementStatement, DG.WithdrawalStatement})
STANCES = sorted(c for c in GRAPH.subjects(SKOS.inScheme, URIRef("https://w3id.org/diplograph/concept/stance")))


def aligned_terms() -> list[URIRef]:
    return sorted(t for t in GRAPH.subjects(DG.eventAlignment, DG.AlignedEvent) if isinstance(t, URIRef))


@pytest.mark.parametrize("term", [r.iri for r in RELATIONS] + STATEMENT_KINDS + STANCES, ids=str)
def test_every_relation_kind_and_stance_says_how_it_aligns(term):
    kinds = set(GRAPH.objects(term, DG.eventAlignment))
    assert len(kinds) == 1 and kinds <= KINDS, f"{term}: {kinds}"


def test_a_relation_aligned_by_stance_has_a_scheme_whose_every_concept_is_aligned():
    by_stance = [r for r in RELATIONS if (r.iri, DG.eventAlignment, DG.AlignedByStance) in GRAPH]
    assert [r.name for r in by_stance] == ["stanceToward"]
    assert len(STANCES) > 20


def test_not_an_event_gets_no_code():
    for term in GRAPH.subjects(DG.eventAlignment, DG.NotAnEvent):
        assert GRAPH.value(term, DG.cameoCode) is None, term
        assert GRAPH.value(term, DG.quadClass) is None, term


@pytest.mark.parametrize("term", aligned_terms(), ids=str)
def test_an_aligned_term_has_consistent_codes(term):
    code = str(GRAPH.value(term, DG.cameoCode))
    assert code.isdigit() and 2 <= len(code) <= 4, code
    root = int(code[:2])
    quad = next(q for roots, q in QUADS if root in roots)
    assert GRAPH.value(term, DG.quadClass) == quad
    assert Decimal(str(GRAPH.value(term, DG.goldstein))) == Decimal(GOLDSTEIN[code])
    plover = GRAPH.value(term, DG.ploverEventType)
    if root in (1, 2):  # the 2021 table has no line for public statements and appeals
        assert plover is None
    else:
        assert str(plover) in PLOVER_2021


def test_the_plover_version_is_pinned_and_cited():
    version = GRAPH.value(URIRef("https://w3id.org/diplograph/ontology"), DG.ploverVersion)
    assert isinstance(version, Literal) and "2021" in version
    assert (DG.VerbalConflict, RDF.type, None) in GRAPH


def test_the_docs_show_the_alignment_table_as_the_ontology_has_it():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, str(root / "docs" / "generate_alignment.py"), "--check"],
                            capture_output=True, text=True, cwd=root)
    assert result.returncode == 0, result.stderr
