"""Named SPARQL queries."""
