"""The NHS AI use-case catalogue: entries, their checks, and the site."""
