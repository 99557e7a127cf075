"""The curated facts and the build that turns them into a validated RDF dataset.

Curated inputs (package data): ``sources.yaml``, ``entities/*.yaml``, ``data/states.csv``
and ``facts/<source>.yaml``; see ``CURATION.md`` beside this file. The build
(:mod:`diplograph.graph.build`) checks them and writes the dataset.
"""
