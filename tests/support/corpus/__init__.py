"""A realistic synthetic catalogue of any size (`generate.write_corpus`).

`generate` draws the entries; `text` writes their prose from the sentence
`templates` and the word `banks` (with `words` and `places`).
"""
