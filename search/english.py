"""English words that "did you mean" never corrects.

A word people spell correctly is not a typing slip just because no entry uses
it: "ambulances stuck outside A&E" was offered "stack" for "stuck". The list
is the English word-frequency dictionary that the pyspellchecker package ships
(`spellchecker/resources/en.json.gz`, about 160,000 words with inflections),
read once, on the first word the catalogue's own index does not know.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib.resources import files

WORD_LIST = ("spellchecker", "resources/en.json.gz")


@cache
def english_words() -> frozenset[str]:
    """Every lower-case word of the bundled English word list."""
    package, path = WORD_LIST
    data = json.loads(gzip.decompress((files(package) / path).read_bytes()))
    return frozenset(word for word in data if word.isalpha())


def is_english(word: str) -> bool:
    """Whether a word (any case) is in the English word list."""
    return word.lower() in english_words()
