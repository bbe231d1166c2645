"""The entities a document's speakers resolve to, and the mentions that name them."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter

PERSON_LABELS = {"PERSON"}
ORG_LABELS = {"ORG", "NORP", "GPE", "FAC"}


@dataclass
class Entry:
    canonical: str
    type: str  # person | organization | group | unknown
    gender: str | None = None
    words: frozenset[str] = frozenset()
    roles: set[str] = field(default_factory=set)
    place: bool = False  # a country/city (GPE): a government speaks for it, a company never
    prior: str | None = (
        None  # the given name's gender in published name data (weaker than ``gender``)
    )

    @property
    def sex(self) -> str | None:
        """Gender from a title or a pronoun chain, else the given-name prior."""
        return self.gender or self.prior


@dataclass
class Mention:
    pos: int  # char offset
    sent: int
    entry: Entry
    subject: bool
    speaker: bool = False
    in_content: bool = False


#: Sort key of mentions in text order (``Registry.mentions``): a C getter, no Python call per
#: mention on every re-sort.
BY_POS = attrgetter("pos")
