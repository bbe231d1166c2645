"""Deterministic keys computed by the index service (pure functions, no server).

* :func:`fold` — Unicode NFKD, accents dropped, case folded, whitespace collapsed:
  "Nguyễn  Văn" → "nguyen van".
* :func:`speaker_id` — the stable id of a speaker name: the folded
  ``speaker_canonical`` without honorifics and titles ("President Putin" → ``putin``,
  "Vladimir Putin" → ``vladimir-putin``). The same name always gives the same id, in any
  order, on any replay; linking "putin" to "vladimir-putin" happens at query time
  against the speakers registry (:mod:`quotewire_index.registry`).
* :func:`normalize_quote` / :func:`quote_id` — one quote = the same speaker and the same
  content after folding case, punctuation, quote marks and whitespace.
* :func:`repeat_key` — one quote within one article (a standfirst repeated in the body).
"""

import functools
import hashlib
import re
import unicodedata

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


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insert, delete, substitute), for short strings."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def spelling_variant(a: str, b: str) -> bool:
    """Two speaker ids that differ only by one edit in one word of five letters or more
    ("volodymyr-zelensky" / "volodymyr-zelenskyy"), the first word the same."""
    wa, wb = a.split("-"), b.split("-")
    if a == b or len(wa) != len(wb) or len(wa) < 2 or wa[0] != wb[0]:
        return False
    diff = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    return len(diff) == 1 and min(map(len, diff[0])) >= 5 and edit_distance(*diff[0]) == 1


def surname(sid: str) -> str:
    """The last word of a speaker id (``vladimir-putin`` → ``putin``)."""
    return sid.rsplit("-", 1)[-1]


def normalize_quote(content: str | None) -> str:
    """Content with case, punctuation (quote marks too) and whitespace folded away."""
    return _WS.sub(" ", _NON_WORD.sub(" ", fold(content))).strip()


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:20]


def quote_id(sid: str, content: str | None) -> str:
    """Same speaker + same normalized content = same quote (deterministic)."""
    return "q" + _digest(sid, normalize_quote(content))


def repeat_key(article_id: str, qid: str) -> str:
    """One quote in one article: repeats within an article share it."""
    return _digest(article_id, qid)


def mention_kind(mention: str | None, sid: str) -> str | None:
    """How a written mention relates to its speaker: ``alias`` (it holds a word of the
    name: "President Putin", "Mr. Peskov"), ``role`` (a descriptor: "the Kremlin
    spokesman"), or ``None`` (a pronoun, empty, or the name itself)."""
    words = name_tokens(mention)
    if not words or (len(words) == 1 and words[0] in PRONOUNS):
        return None
    raw = _NON_WORD.sub(" ", fold(mention).replace("'s", "")).split()
    if "-".join(raw) == sid:
        return None
    return "alias" if set(raw) & set(sid.split("-")) else "role"


def role_text(mention: str) -> str:
    """A role as shown: leading article dropped ("The Russian President" → "Russian
    President")."""
    text = _WS.sub(" ", mention).strip()
    return re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)
