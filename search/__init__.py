"""Search for the catalogue, on Whoosh: the only package that imports whoosh.

`indexer.update_index` turns entry files into a published index;
`engine.SearchEngine` answers search requests (`query.parse_request`) with
results, facet counts, highlights and suggestions (`results.SearchResults`).
"""

from search import whoosh_fixes

whoosh_fixes.apply()
