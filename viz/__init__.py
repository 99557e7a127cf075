"""Network views of the graph."""

#: The views ``diplograph viz`` writes, with how many entities each takes. Here rather than in ``views`` so that
#: the command line can list them without importing networkx and pyvis.
VIEWS: dict[str, int] = {"overview": 0, "ego": 1, "initiative": 1, "compare": 2}
