"""Network views of the graph."""
