"""The query runtime: stores, results, parameter binding, and the checks every query passes.

This layer knows SPARQL and RDF, not diplograph's build: the build, the named
queries, the views and the web app all sit above it and use it.

- ``stores``: one store protocol, three backends (Oxigraph, rdflib, any SPARQL 1.1 endpoint);
- ``results``: a query's answer, its rows and its serialisations;
- ``binding``: parameters bound as data (a VALUES block), never pasted into the text;
- ``syntax``: what a query asks for, from a real parse; ``guard``: the SERVICE allow-list decided on it;
- ``lexer``: the small scan that finds where a VALUES block goes;
- ``queryfiles``: the one loader of the ``.rq`` files every layer keeps its SPARQL in;
- ``formats``: every RDF and results format, named once (media types, suffixes, library names).
"""
