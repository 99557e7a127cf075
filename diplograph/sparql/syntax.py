"""What a SPARQL operation asks for, read from a real parse of its text.

Decisions about a query (may it call this SERVICE? does it name its own dataset?
is it an update?) are taken on its syntax tree, never on a scan of its text: a
scan cannot know that ``ex:a\\'`` is a prefixed name and not the start of a
string, and whatever it misreads is what an attacker writes. The checks hold for
the text they read, so that text is the one to run: ``Operation.text``.

The parser is tree-sitter with the SPARQL 1.1 grammar of tree-sitter-sparql: C
code that reads any text in linear time and without recursion, so a group nested
5,000 deep is measured and refused here instead of overflowing the query engine's
stack. ``\\u`` and ``\\U`` escapes are expanded before parsing, as the SPARQL grammar
says they are ("processed before parsing"). Engines differ there (Oxigraph expands
them only inside IRIs and literals), so the expanded text is what the checks read
and what the engine is given: both see one text.

>>> operation = analyse('PREFIX w: <https://w.example/> '
...                     'SELECT * FROM <https://e.x/g> { SERVICE w:sparql { ?s ?p ?o } }')
>>> operation.form, operation.services, operation.names_dataset
('SELECT', ('https://w.example/sparql',), True)
>>> analyse('SELECT * WHERE { ?s ?p ?o } LIMIT ten').form
Traceback (most recent call last):
...
diplograph.sparql.stores.errors.QuerySyntaxError: SPARQL syntax error at line 1, column 29: unexpected 'LIMIT ten'
>>> analyse('SELEC ?s WHERE { ?s ?p ?o }').form  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
diplograph.sparql.stores.errors.QuerySyntaxError: SPARQL syntax error at ... 'SELEC'; did you mean SELECT?
"""

from __future__ import annotations

import difflib
import warnings
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

import tree_sitter_sparql
from rdflib.plugins.sparql.parser import expandUnicodeEscapes
from tree_sitter import Language, Node, Parser, Tree

from .stores.errors import QuerySyntaxError

#: How deeply groups, brackets and parentheses may nest. Oxigraph's parser recurses once per level and
#: overflows its stack somewhere past 2,000 groups; no query anyone writes by hand comes near this bound.
MAX_NESTING = 256

_QUERY_FORMS = {"select_query": "SELECT", "ask_query": "ASK", "construct_query": "CONSTRUCT",
                "describe_query": "DESCRIBE"}
_UPDATE_OPERATIONS = {"load", "clear", "drop", "create", "add", "move", "copy", "insert_data", "delete_data",
                      "delete_where", "modify"}
_OPENING, _CLOSING = {"{", "(", "["}, {"}", ")", "]"}
#: The keywords a misspelling is compared with.
KEYWORDS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK", "PREFIX", "BASE", "WHERE", "FILTER", "OPTIONAL", "UNION",
            "GRAPH", "SERVICE", "BIND", "VALUES", "MINUS", "DISTINCT", "REDUCED", "ORDER", "GROUP", "HAVING",
            "LIMIT", "OFFSET", "FROM", "NAMED", "EXISTS", "COUNT", "SAMPLE", "GROUP_CONCAT", "REGEX")
#: Grammar symbols that are not something one writes next (comments, the end, rules made of other tokens).
_NOT_TOKENS = {"comment", "end", "namespace", "object_list", "pn_prefix", "string"}


class QueryTooDeep(QuerySyntaxError):
    """The query nests groups or brackets deeper than MAX_NESTING."""


@dataclass(frozen=True)
class Operation:
    """A SPARQL operation as its parse shows it.

    ``services`` holds each SERVICE endpoint as an absolute IRI, or None where the endpoint is a variable or
    an IRI that does not resolve to an absolute one; ``names_dataset`` is True when the text has FROM or
    FROM NAMED (or an update's USING), so the text chooses its own default and named graphs.
    """

    text: str  # the text the checks read, escapes expanded: the one to run
    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE
    services: tuple[str | None, ...]
    names_dataset: bool
    nesting: int


def analyse(text: str) -> Operation:
    """The operation a SPARQL text asks for. Raises QuerySyntaxError when the text does not parse, QueryTooDeep
    when it nests too deeply.

    >>> analyse('ASK { SERVICE SILENT ?where { ?s ?p ?o } }').services
    (None,)
    >>> analyse(r'ASK { ?s ?p "caf\\u00e9" }').text
    'ASK { ?s ?p "café" }'
    >>> analyse('PREFIX : <https://e.x/> CLEAR ALL').form
    'UPDATE'
    """
    return _analyse(text)


@lru_cache(maxsize=256)  # the same named queries come back again and again; each text is at most a query's size
def _analyse(text: str) -> Operation:
    return _read(_expanded(text))


def _expanded(text: str) -> str:
    try:
        return expandUnicodeEscapes(text)
    except ValueError as error:  # an escape that names no code point
        raise QuerySyntaxError(str(error)) from None


def _read(text: str) -> Operation:
    # tree-sitter's lexer takes NUL for the end of the input; SPARQL treats it as any other character (allowed in
    # literals and comments, an error elsewhere), as it does U+0001, which stands in for it in the text parsed.
    tree = _parser().parse(text.replace("\x00", "\x01").encode("utf-8"))
    nesting = _nesting(tree)
    if nesting > MAX_NESTING:
        raise QueryTooDeep(f"the query nests groups and brackets {nesting:,} levels deep; "
                           f"this server reads at most {MAX_NESTING}")
    if tree.root_node.has_error:
        raise _syntax_error(text, tree)
    prefixes: dict[str, str] = {}
    base: str | None = None
    form: str | None = None
    services: list[str | None] = []
    names_dataset = False
    for node in _walk(tree.root_node):
        kind = node.type
        if kind == "base_declaration":
            base = _resolve(_iri_text(_child(node, "iri_reference")), base)
        elif kind == "prefix_declaration":
            namespace = _child(node, "namespace")
            iri = _resolve(_iri_text(_child(node, "iri_reference")), base)
            prefixes[_node_text(namespace).rstrip(":").strip()] = iri or ""
        elif kind in _QUERY_FORMS and form is None:
            form = _QUERY_FORMS[kind]
        elif kind in _UPDATE_OPERATIONS:
            form = "UPDATE"
        elif kind in ("dataset_clause", "using_clause"):
            names_dataset = True
        elif kind == "service_graph_pattern":
            services.append(_endpoint(node, prefixes, base))
    if form is None:
        raise QuerySyntaxError("this is not a SPARQL query or update")
    return Operation(text, form, tuple(services), names_dataset, nesting)


def _endpoint(service: Node, prefixes: dict[str, str], base: str | None) -> str | None:
    """The absolute IRI a SERVICE calls, or None (a variable, an unknown prefix, a relative IRI with no base)."""
    target = next((child for child in service.named_children if child.type != "group_graph_pattern"), None)
    if target is None or target.type == "var":
        return None
    if target.type == "iri_reference":
        return _resolve(_iri_text(target), base)
    if target.type == "prefixed_name":
        prefix, _, local = _node_text(target).partition(":")
        namespace = prefixes.get(prefix.strip())
        return None if namespace is None else namespace + _unescape_local(local)
    return None


def _resolve(iri: str, base: str | None) -> str | None:
    """An absolute IRI, or None when a relative one has no base to resolve against."""
    if ":" in iri.split("/", 1)[0]:
        return iri
    return urljoin(base, iri) if base else None


def _unescape_local(local: str) -> str:
    r"""A prefixed name's local part as the IRI it stands for: ``\.`` is ``.``.

    >>> _unescape_local(r"a\.b\'c")
    "a.b'c"
    """
    out, escaped = [], False
    for char in local:
        if escaped or char != "\\":
            out.append(char)
            escaped = False
        else:
            escaped = True
    return "".join(out)


def _nesting(tree: Tree) -> int:
    """How deeply brackets nest in the parse's tokens (those inside literals and comments are not tokens)."""
    depth = deepest = 0
    for node in _walk(tree.root_node):
        if node.child_count == 0:
            if node.type in _OPENING:
                depth += 1
                deepest = max(deepest, depth)
            elif node.type in _CLOSING:
                depth = max(0, depth - 1)
    return deepest


def _walk(root: Node):
    """Every node under ``root``, in document order, without recursion (a tree may be thousands deep)."""
    cursor = root.walk()
    while True:
        yield cursor.node
        if cursor.goto_first_child() or cursor.goto_next_sibling():
            continue
        while True:
            if not cursor.goto_parent():
                return
            if cursor.goto_next_sibling():
                break


def _syntax_error(text: str, tree: Tree) -> QuerySyntaxError:
    """Where the text stops being SPARQL, and what the grammar would take there.

    >>> text = "SELECT ?x WHERE { ?s ?p ?o"
    >>> print(_syntax_error(text, _parser().parse(text.encode())))  # doctest: +NORMALIZE_WHITESPACE
    SPARQL syntax error at line 1, column 27: missing '}';
    expected one of , ; { } VALUES GRAPH . OPTIONAL SERVICE BIND MINUS FILTER
    """
    nodes = list(_walk(tree.root_node))
    bad = next(node for node in nodes if node.is_error or node.is_missing)
    source = text.encode("utf-8")
    row, byte_column = bad.start_point
    line = source.split(b"\n")[row] if row <= text.count("\n") else b""
    column = len(line[:byte_column].decode("utf-8", "replace")) + 1
    written = source[bad.start_byte:bad.end_byte].decode("utf-8", "replace")
    what = f"missing {bad.type!r}" if bad.is_missing else f"unexpected {written[:40]!r}"
    before = [node for node in nodes
              if node.child_count == 0 and not node.is_missing and node.end_byte <= bad.start_byte]
    expected = _expected_after(before[-1]) if before else []
    first = written.split(maxsplit=1)[0] if written.strip() else ""
    near = difflib.get_close_matches(first.upper(), KEYWORDS, n=1, cutoff=0.75) if first.isalpha() else []
    if near and near[0] != first.upper():  # a keyword misspelled (SELEC): say which one, not what the grammar takes
        what = f"unexpected {first!r}; did you mean {near[0]}?"
    elif 0 < len(expected) <= 12:  # a longer list is the whole grammar, after the parser lost its way: no help
        what += f"; expected one of {' '.join(expected)}"
    return QuerySyntaxError(what, row + 1, column)


def _expected_after(leaf: Node) -> list[str]:
    """The tokens the grammar accepts after ``leaf`` (keywords, punctuation and kinds of term)."""
    language = _parser().language
    if language is None:
        return []
    found: list[str] = []
    for symbol, name in language.lookahead_iterator(leaf.next_parse_state) or ():
        if name and not name.startswith("_") and name not in _NOT_TOKENS and name not in found \
                and language.node_kind_is_visible(symbol):
            found.append(name)
    return found


def _child(node: Node, kind: str) -> Node:
    return next(child for child in node.named_children if child.type == kind)


def _node_text(node: Node) -> str:
    return (node.text or b"").decode("utf-8")


def _iri_text(node: Node) -> str:
    return _node_text(node)[1:-1]


@lru_cache(maxsize=1)
def _parser() -> Parser:
    with warnings.catch_warnings():
        # tree-sitter-sparql hands over its grammar as an address, which newer tree-sitter releases still take
        warnings.simplefilter("ignore", DeprecationWarning)
        return Parser(Language(tree_sitter_sparql.language()))


@dataclass(frozen=True)
class Written:
    """An IRI as a query writes it: the IRI, the text written (``dg:memberOf`` or ``<...>``), line and column."""

    iri: str | None  # None: the prefix is not declared
    text: str
    line: int
    column: int

    @property
    def prefix(self) -> str:
        return "" if self.text.startswith("<") else self.text.partition(":")[0]


def written_iris(text: str) -> list[Written]:
    """Every IRI a query names, prefixed names expanded with the query's own PREFIX lines, in order.

    For messages about the terms a query uses (a misspelled term of an ontology, say); a name whose prefix the
    query does not declare has no IRI (None).

    >>> [(w.iri, w.text, w.line) for w in written_iris('PREFIX e: <https://e.x/>\\nASK { ?s e:p <https://e.x/o> }')]
    [('https://e.x/p', 'e:p', 2), ('https://e.x/o', '<https://e.x/o>', 2)]
    """
    tree = _parser().parse(text.encode("utf-8"))
    prefixes: dict[str, str] = {}
    base: str | None = None
    found = []
    for node in _walk(tree.root_node):
        if node.type == "base_declaration":
            base = _resolve(_iri_text(_child(node, "iri_reference")), base)
        elif node.type == "prefix_declaration":
            iri = _resolve(_iri_text(_child(node, "iri_reference")), base)
            prefixes[_node_text(_child(node, "namespace")).rstrip(":").strip()] = iri or ""
        elif node.type in ("prefixed_name", "iri_reference") and node.parent is not None \
                and node.parent.type not in ("prefix_declaration", "base_declaration"):
            written = _node_text(node)
            if node.type == "iri_reference":
                iri = _resolve(written[1:-1], base)
            else:
                prefix, _, local = written.partition(":")
                iri = prefixes[prefix] + _unescape_local(local) if prefix in prefixes else None
            found.append(Written(iri, written, node.start_point[0] + 1, node.start_point[1] + 1))
    return found
