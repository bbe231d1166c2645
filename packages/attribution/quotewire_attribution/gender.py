"""Given-name gender prior: ``name_genders.tsv`` (built by :mod:`.gender_table` from the
published name data of ``nomquamgender``; source, licence and thresholds in its header).

Keys are lower-case and ASCII-folded ("Oisín" -> "oisin"). ~60k names, read once per
process by :func:`.cues.load_lexicon`.

A prior, not a fact: resolution ranks it below a title ("Mr.", "Ms.") and below a pronoun
chain about the same person ("Bronwen ... she").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources


def load_name_genders() -> Mapping[str, str]:
    """The prior table (name -> "f"/"m")."""
    text = resources.files(__package__).joinpath("name_genders.tsv").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, g = line.partition("\t")
            out[name] = g
    return out


@lru_cache(maxsize=1 << 16)  # pure, and asked for the same few given names very often
def fold(word: str) -> str:
    """Lower-case ASCII key of a given name ("Lúcia" -> "lucia", "Zoë" -> "zoe")."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if c.isascii() and c.isalpha())


def prior(first: str, table: Mapping[str, str]) -> str | None:
    """ "f"/"m" for a given name when the data is clear, else None."""
    if not first or not table:
        return None
    return table.get(fold(first))
