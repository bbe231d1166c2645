"""Given-name gender prior from published name-gender data (``nomquamgender``'s name_data.json).

The package's module imports pandas, so it is never imported: only its data file is read,
once per process, with a byte-level scan over a memory map (no 22 MB JSON object tree).
Kept: plain ``[a-z]+`` names seen in at least ``MIN_SOURCES`` sources and ``MIN_COUNT``
times whose share of female bearers is clear (p >= ``P_FEMALE`` -> "f", p <= ``P_MALE`` ->
"m"). Keys are lower-case and ASCII-folded ("Oisín" -> "oisin"). Measured: ~60k names,
~0.4 s, ~6 MB.

A prior, not a fact: resolution ranks it below a title ("Mr.", "Ms.") and below a pronoun
chain about the same person ("Bronwen ... she").
"""

from __future__ import annotations

import importlib.util
import logging
import mmap
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

log = logging.getLogger("quotewire.extract")

PACKAGE = "nomquamgender"
MIN_SOURCES = 2
MIN_COUNT = 30
P_FEMALE = 0.9
P_MALE = 0.1
_ENTRY = re.compile(rb'"([a-z]+)": \[(\d+), (\d+), ([0-9.eE+-]+)')


def data_path() -> Path | None:
    """name_data.json of the installed package, found without importing it."""
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "name_data.json"
    return path if path.is_file() else None


def parse(raw: bytes | mmap.mmap) -> dict[str, str]:
    """Name -> "f"/"m" from the bytes of a name_data.json (clear, well-attested names only)."""
    female: list[str] = []
    male: list[str] = []
    for m in _ENTRY.finditer(raw):
        sources, count, p = m.group(2, 3, 4)
        if int(sources) < MIN_SOURCES or int(count) < MIN_COUNT:
            continue
        pf = float(p)
        if pf >= P_FEMALE:
            female.append(m.group(1).decode("ascii"))
        elif pf <= P_MALE:
            male.append(m.group(1).decode("ascii"))
    out = dict.fromkeys(female, "f")
    out.update(dict.fromkeys(male, "m"))
    return out


@lru_cache(maxsize=1)
def load_name_genders() -> Mapping[str, str]:
    """The prior table, read once per process; empty when the data package is missing."""
    path = data_path()
    if path is None:
        log.warning("%s data not found: no given-name gender prior", PACKAGE)
        return {}
    try:
        with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            return parse(mm)
    except (OSError, ValueError):
        log.warning("could not read %s", path, exc_info=True)
        return {}


def fold(word: str) -> str:
    """Lower-case ASCII key of a given name ("Lúcia" -> "lucia", "Zoë" -> "zoe")."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if c.isascii() and c.isalpha())


def prior(first: str, table: Mapping[str, str]) -> str | None:
    """"f"/"m" for a given name when the data is clear, else None."""
    if not first or not table:
        return None
    return table.get(fold(first))
