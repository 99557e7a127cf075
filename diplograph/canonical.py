"""Writing RDF the same way every time, with every term as its source wrote it.

Two builds from the same inputs must give byte-identical files, so that a
checksum says whether anything changed. Three things stand in the way, and
this module deals with each:

* **Blank node labels.** rdflib names blank nodes at random (the ontology's
  lists, restrictions and ``owl:AllDisjointClasses`` axioms are blank nodes).
  They are relabelled with RDF Dataset Canonicalization (RDFC-1.0, a W3C
  Recommendation; Oxigraph implements it), which derives each label from the
  node's place in the data alone. Skolem IRIs (``/.well-known/genid/...``)
  would be stable too, but OWL 2's mapping to RDF requires anonymous class
  expressions, lists and axioms to be blank nodes: with IRIs in their place an
  OWL tool would no longer read our ontology as the same ontology.
* **Order.** rdflib iterates over sets, whose order changes with Python's hash
  seed from one process to the next. Quads are sorted before they are written:
  N-Quads by line, which is how RDFC-1.0 defines a canonical N-Quads document.
* **Lexical forms.** rdflib rewrites typed literals to the form Python prints
  them in (``"2020-01-01T00:00:00Z"`` becomes ``"...+00:00"``, ``"036"`` becomes
  ``"36"``): the same value, but a different RDF term than the source's.
  Literals built from sources are made with ``normalize=False``, files are
  parsed inside :func:`verbatim_literals`, and the outputs are written by
  Oxigraph, which writes a literal exactly as it holds it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

_Term = ox.NamedNode | ox.BlankNode | ox.Literal
_XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")


@contextmanager
def verbatim_literals() -> Iterator[None]:
    """Parse with rdflib keeping each typed literal's lexical form as written.

    rdflib normalises literals while it parses unless ``rdflib.NORMALIZE_LITERALS``
    is off; it is switched off for the block and restored after (a process-wide
    setting: do not parse in other threads meanwhile).

    >>> with verbatim_literals():
    ...     graph = Graph().parse(data='<urn:a> <urn:p> "007"^^<http://www.w3.org/2001/XMLSchema#integer> .',
    ...                           format="nt")
    >>> [str(o) for o in graph.objects()]
    ['007']
    >>> rdflib.NORMALIZE_LITERALS
    True
    """
    previous = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = previous


def _converted(graph: Graph) -> Iterator[ox.Quad]:
    """The quads of an rdflib Dataset (or the triples of a Graph, in the default graph) as Oxigraph quads.

    Each literal keeps the lexical form rdflib holds; each blank node gets a fresh
    label, to be replaced by :func:`canonicalize`.

    >>> graph = Graph()
    >>> _ = graph.add((URIRef("urn:a"), URIRef("urn:p"), Literal("1.50", datatype=rdflib.XSD.decimal, normalize=False)))
    >>> [str(q) for q in _converted(graph)]
    ['<urn:a> <urn:p> "1.50"^^<http://www.w3.org/2001/XMLSchema#decimal>']
    """
    terms: dict[object, _Term] = {}  # each term converted once: a dataset names the same terms many times over
    if isinstance(graph, rdflib.Dataset):
        # graph by graph: rdflib finds each triple's graphs when asked for every quad at once, which costs more
        rows: Iterable[tuple] = ((s, p, o, named) for named in graph.graphs() for s, p, o in named)
    else:
        rows = ((s, p, o, None) for s, p, o in graph)
    names: dict[object, ox.NamedNode | ox.DefaultGraph] = {}
    for s, p, o, g in rows:
        key = getattr(g, "identifier", g)
        name = names.get(key)
        if name is None:
            name = names[key] = _graph_name(g)
        yield _quad(s, p, o, name, terms)


def oxigraph_dataset(graph: Graph) -> ox.Dataset:
    """The quads of an rdflib Dataset (or Graph) in an Oxigraph Dataset, held once, in Oxigraph's form, rather than
    in a list of Python objects (on a big dataset, the difference is gigabytes). Give its blank nodes their canonical
    labels with :func:`canonicalize` (:func:`canonical_dataset` does both); write it with :func:`write_dataset`."""
    dataset = ox.Dataset()
    for quad in _converted(graph):
        dataset.add(quad)
    return dataset


def canonicalize(dataset: ox.Dataset) -> ox.Dataset:
    """``dataset``, its blank nodes relabelled in place with their RDFC-1.0 labels (``c14n0``, ``c14n1``, ...)."""
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def canonical_dataset(graph: Graph) -> ox.Dataset:
    """The quads of an rdflib Dataset (or Graph) in an Oxigraph Dataset, with RDFC-1.0 blank node labels: the same
    quads the build writes.

    >>> graph = Graph()
    >>> _ = graph.add((BNode(), URIRef("urn:p"), Literal("x")))
    >>> [str(q) for q in canonical_dataset(graph)]
    ['_:c14n0 <urn:p> "x"']
    """
    return canonicalize(oxigraph_dataset(graph))


def nquads_order(dataset: ox.Dataset) -> Iterator[ox.Quad]:
    """The quads of ``dataset`` in canonical N-Quads order (by their N-Quads line, as RDFC-1.0 defines it), one
    subject at a time: only one subject's quads are sorted at once.

    Sorting by subject first keeps that order, since no subject's N-Quads form is a prefix of another's followed by
    a space or anything that sorts below it (an IRI ends with ``>``; of two blank node labels ``_:c14n1`` and
    ``_:c14n10``, the shorter comes first either way).

    >>> p, blanks = ox.NamedNode("urn:p"), [ox.BlankNode(f"c14n{n}") for n in (10, 1, 2)]
    >>> quads = [ox.Quad(b, p, ox.Literal(v), g) for b in blanks for v in ("a", "a b")
    ...          for g in (ox.DefaultGraph(), ox.NamedNode("urn:g"))]
    >>> [str(q) for q in nquads_order(ox.Dataset(quads))] == sorted(str(q) for q in quads)
    True
    """
    for subject in sorted({quad.subject for quad in dataset}, key=str):
        yield from sorted(dataset.quads_for_subject(subject), key=str)


def dataset_trig_order(dataset: ox.Dataset) -> Iterator[ox.Quad]:
    """The quads of ``dataset`` in :func:`trig_order`, one graph at a time."""
    for name in sorted({quad.graph_name for quad in dataset}, key=str):
        yield from sorted(dataset.quads_for_graph_name(name), key=_in_graph)


def write_dataset(dataset: ox.Dataset, nquads: Path, trig: Path, prefixes: dict[str, str]) -> None:
    """Write ``dataset`` as N-Quads, in :func:`nquads_order`, and as TriG, in :func:`trig_order`: the quads
    streamed to each file in its order, one subject or one graph sorted at a time."""
    ox.serialize(nquads_order(dataset), str(nquads), ox.RdfFormat.N_QUADS)
    ox.serialize(dataset_trig_order(dataset), str(trig), ox.RdfFormat.TRIG, prefixes=prefixes)


def _quad(s: object, p: object, o: object, g: ox.NamedNode | ox.DefaultGraph, terms: dict[object, _Term]) -> ox.Quad:
    subject, predicate = _term(s, terms), _term(p, terms)
    if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
        raise TypeError(f"not an RDF triple: {s!r} {p!r} {o!r}")
    return ox.Quad(subject, predicate, _term(o, terms), g)


def _term(node: object, terms: dict[object, _Term]) -> _Term:
    found = terms.get(node)
    if found is not None:
        return found
    if isinstance(node, BNode):
        # rdflib's labels are random and not always valid N-Triples labels; they are replaced anyway
        made: _Term = ox.BlankNode()
    elif isinstance(node, (URIRef, Literal)):
        made = oxigraph_term(node)
    else:
        raise TypeError(f"not an RDF term: {node!r}")
    terms[node] = made
    return made


def oxigraph_term(node: URIRef | Literal) -> ox.NamedNode | ox.Literal:
    """An rdflib IRI or literal as pyoxigraph's term, with the lexical form rdflib holds.

    >>> oxigraph_term(Literal("Kampuchea", lang="km-latn"))
    <Literal value=Kampuchea language=km-latn>
    """
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if node.language:
        return ox.Literal(str(node), language=node.language)
    if node.datatype:
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
    return ox.Literal(str(node))


def _graph_name(graph: object) -> ox.NamedNode | ox.DefaultGraph:
    identifier = getattr(graph, "identifier", graph)  # rdflib yields a Graph or its identifier, by version
    if identifier is None or identifier == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    if isinstance(identifier, URIRef):
        return ox.NamedNode(str(identifier))
    raise TypeError(f"not a graph name: {identifier!r}")


def trig_order(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads sorted graph by graph, then by subject, predicate and object, as TriG groups them.

    Sorted one graph at a time: the keys of one graph's quads are held at once, not those of every quad.

    >>> p, g = ox.NamedNode("urn:p"), ox.NamedNode("urn:g")
    >>> [str(q) for q in trig_order([ox.Quad(p, p, ox.Literal("b"), g), ox.Quad(p, p, ox.Literal("a")),
    ...                              ox.Quad(p, p, ox.Literal("a"), g)])]
    ['<urn:p> <urn:p> "a" <urn:g>', '<urn:p> <urn:p> "b" <urn:g>', '<urn:p> <urn:p> "a"']
    """
    graphs: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        graphs.setdefault(str(quad.graph_name), []).append(quad)
    return [quad for name in sorted(graphs)
            for quad in sorted(graphs.pop(name), key=_in_graph)]


def _in_graph(quad: ox.Quad) -> tuple[str, str, str]:
    """Where a quad goes within its graph in TriG: by subject, predicate and object."""
    return str(quad.subject), str(quad.predicate), str(quad.object)


def canonical_graph(graph: Graph) -> Graph:
    """A copy of an rdflib graph whose blank nodes carry their RDFC-1.0 labels, and its prefixes.

    rdflib's Turtle writer sorts subjects, blank ones by label: with canonical
    labels its output no longer depends on the labels rdflib drew at random.

    >>> graph = Graph()
    >>> _ = graph.add((BNode(), URIRef("urn:p"), Literal("x")))
    >>> [str(s) for s in canonical_graph(graph).subjects()]
    ['c14n0']
    """
    copy = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    for quad in canonical_dataset(graph):
        copy.add((_rdflib_term(quad.subject), _rdflib_term(quad.predicate), _rdflib_term(quad.object)))
    return copy


def _rdflib_term(term: object) -> rdflib.term.Node:
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype == _XSD_STRING:  # a simple literal, which rdflib keeps apart from "..."^^xsd:string
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise TypeError(f"not an RDF term: {term!r}")
