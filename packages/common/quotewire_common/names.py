"""Name and text folding shared by the services (pure functions, no server).

* :func:`fold` — Unicode NFKD, accents dropped, case folded, whitespace collapsed:
  "Nguyễn  Văn" → "nguyen van".
* :func:`speaker_id` — the stable id of a speaker name: the folded
  ``speaker_canonical`` without honorifics and titles ("President Putin" → ``putin``,
  "Vladimir Putin" → ``vladimir-putin``).
* :func:`normalize_quote` — content with case, punctuation, quote marks and whitespace
  folded away: one quote, however an outlet typesets it.
* :func:`first_occurrences` — which statements of one article repeat an earlier one
  (the extract worker's ``repeat_of``).

The index service (statements, speakers registry) and the alerts worker (matching,
delivery identity) must compute the same keys, so they live here.
"""

import functools
import re
import unicodedata
from collections.abc import Iterable

#: Words dropped in front of a name when its id is made (lower case, folded).
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "fr",
        "sen",
        "senator",
        "rep",
        "representative",
        "gov",
        "governor",
        "president",
        "vice",
        "prime",
        "minister",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "general",
        "gen",
        "colonel",
        "col",
        "captain",
        "capt",
        "judge",
        "justice",
        "mayor",
        "secretary",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "minister",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "the",
    ]
)
#: Mentions that are never an alias or a role of a speaker.
PRONOUNS = frozenset(
    ["he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "his", "hers", "their"]
)

_WS = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)


def fold(text: str | None) -> str:
    """Lower case, accents and compatibility forms folded, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _WS.sub(" ", stripped.casefold()).strip()


def name_tokens(name: str | None) -> list[str]:
    """The words of a name, folded, without punctuation and leading titles."""
    words = _NON_WORD.sub(" ", fold(name).replace("'s", "")).split()
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return words


@functools.lru_cache(maxsize=65_536)
def speaker_id(canonical: str | None) -> str:
    """The stable id of a speaker name (``unknown`` when it has no letters)."""
    words = name_tokens(canonical)
    return "-".join(words) if words else "unknown"


def normalize_quote(content: str | None) -> str:
    """Content with case, punctuation (quote marks too) and whitespace folded away."""
    return _WS.sub(" ", _NON_WORD.sub(" ", fold(content))).strip()


def first_occurrences(
    statements: Iterable[tuple[str, str | None, str | None]],
) -> dict[str, str | None]:
    """``statement_id`` → the id of the first statement of the same quote (same
    :func:`speaker_id`, same :func:`normalize_quote`), or ``None`` for a first one, over
    ``(statement_id, speaker_canonical, content)`` of one article version in the order
    given; a statement id given twice counts once (its first)."""
    first: dict[tuple[str, str], str] = {}
    out: dict[str, str | None] = {}
    for sid, canonical, content in statements:
        if sid in out:
            continue
        earlier = first.setdefault((speaker_id(canonical), normalize_quote(content)), sid)
        out[sid] = None if earlier == sid else earlier
    return out


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insert, delete, substitute), for short strings."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
