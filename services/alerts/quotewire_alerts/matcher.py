"""Which alerts a statement matches: alerts compiled to predicates, found through an
inverted index over their constraints (pure functions; text analysis is injected).

Why in-process: the local search server has no percolator, and a search per statement
(or a multi-search of every alert per batch) costs a round trip per alert. Here every
alert is compiled once (when it changes) and each statement looks up only the alerts
that *could* match it:

* an alert with resolved ``speaker_ids`` is filed under each id;
* one without speaker is filed under its most selective other constraint: ``source``,
  else the first word of ``about``, else each word of ``text`` (the search API's ``q``
  matches any word), else its ``type``;
* an alert whose speaker the registry did not know is kept in a short list checked for
  every statement (its fuzzy name match cannot be looked up by key; re-resolution turns
  it into ids as soon as the registry knows the name).

A statement then collects the alerts under its speaker id, source, mention words, text
words and type, and checks each one's full predicate. With 10,000 alerts the cost per
statement is the number of alerts under its keys, not 10,000 (``make bench-alerts``).

The predicate equals the search API's for the same query (``tests/integration/
test_alerts_semantics.py`` checks it over real indexed statements):

* ``speaker`` with ids: the statement's ``speaker_id`` is one of them (``speaker=``
  resolved in the registry); without ids: ``speaker_canonical`` equals the name, or
  every folded word of the name is within Elasticsearch's AUTO fuzziness of a word of
  ``speaker_canonical`` (the search API's fallback clause);
* ``text``: some analysed word of the text is among the analysed words of the
  statement's content or article title (``multi_match`` with the ``folded_english``
  analyzer, operator OR); the analysis is the search server's own (``_analyze``);
* ``about``: some mention's folded name contains the folded words as a phrase;
* ``source``, ``type``: equal; ``min_confidence``: ``confidence >=`` it.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from quotewire_common.names import fold, speaker_id
from quotewire_contracts.alerts import Alert

_WORD = re.compile(r"\w+", re.UNICODE)

#: texts → the set of their analysed tokens (the search server's folded_english)
Analyze = Callable[[Sequence[str]], frozenset[str]]


def words(text: str | None) -> tuple[str, ...]:
    """Folded words (the ``folded`` analyzer: standard tokenizer, lowercase, ascii folding)."""
    return tuple(_WORD.findall(fold(text)))


def auto_fuzziness(term: str) -> int:
    """Elasticsearch's ``fuzziness: AUTO``: 0 edits up to 2 characters, 1 up to 5, else 2."""
    return 0 if len(term) <= 2 else 1 if len(term) <= 5 else 2


def osa_distance(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions (Lucene's fuzzy queries count them as one)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def fuzzy_all(query: tuple[str, ...], target: tuple[str, ...]) -> bool:
    """Every query word within AUTO fuzziness of some target word (operator AND)."""
    return bool(query) and all(
        any(osa_distance(q, t) <= auto_fuzziness(q) for t in target) for q in query
    )


def contains_phrase(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


@dataclass(frozen=True)
class Candidate:
    """What matching reads of a statement."""

    speaker_id: str
    speaker_canonical: str
    source: str | None
    type: str
    confidence: float
    mentions: tuple[tuple[str, ...], ...]  # folded words of each mention's name
    texts: tuple[str, ...]  # content and article title, analysed on demand

    @classmethod
    def of(cls, event) -> "Candidate":
        """From a ``StatementEvent``; ``mentions`` read with a default of ``[]`` (the
        field comes with issue 15's about-part; events without it have none)."""
        mentions = getattr(event, "mentions", None) or []
        names = []
        for m in mentions:
            name = m.get("name") if isinstance(m, dict) else getattr(m, "name", None)
            if name:
                names.append(words(name))
        return cls(
            speaker_id=speaker_id(event.speaker_canonical),
            speaker_canonical=event.speaker_canonical,
            source=event.article.source,
            type=event.type,
            confidence=event.confidence,
            mentions=tuple(names),
            texts=(event.content, event.article.title),
        )


@dataclass(frozen=True)
class CompiledAlert:
    alert: Alert
    secret: str
    speaker_ids: frozenset[str] | None
    speaker_name: str | None  # fallback: match the statements' names
    speaker_words: tuple[str, ...]
    about: tuple[str, ...]
    text_tokens: frozenset[str]

    @property
    def alert_id(self) -> str:
        return self.alert.alert_id

    def matches(self, c: Candidate, tokens: Callable[[], frozenset[str]]) -> bool:
        a = self.alert
        if a.type is not None and c.type != a.type:
            return False
        if a.source is not None and c.source != a.source:
            return False
        if a.min_confidence is not None and c.confidence < a.min_confidence:
            return False
        if self.speaker_ids is not None and c.speaker_id not in self.speaker_ids:
            return False
        if (
            self.speaker_ids is None
            and self.speaker_name is not None
            and c.speaker_canonical != self.speaker_name
            and not fuzzy_all(self.speaker_words, words(c.speaker_canonical))
        ):
            return False
        if self.about and not any(contains_phrase(m, self.about) for m in c.mentions):
            return False
        return a.text is None or bool(self.text_tokens & tokens())


def compile_alert(alert: Alert, secret: str, analyze: Analyze) -> CompiledAlert:
    name = alert.speaker.strip() if alert.speaker else None
    return CompiledAlert(
        alert=alert,
        secret=secret,
        speaker_ids=frozenset(alert.speaker_ids) if alert.speaker_ids is not None else None,
        speaker_name=name if alert.speaker_ids is None else None,
        speaker_words=words(name),
        about=words(alert.about),
        text_tokens=analyze([alert.text]) if alert.text else frozenset(),
    )


@dataclass
class AlertIndex:
    """Compiled alerts filed under their most selective key."""

    by_speaker: dict[str, list[CompiledAlert]] = field(default_factory=lambda: defaultdict(list))
    by_source: dict[str, list[CompiledAlert]] = field(default_factory=lambda: defaultdict(list))
    by_about: dict[str, list[CompiledAlert]] = field(default_factory=lambda: defaultdict(list))
    by_text: dict[str, list[CompiledAlert]] = field(default_factory=lambda: defaultdict(list))
    by_type: dict[str, list[CompiledAlert]] = field(default_factory=lambda: defaultdict(list))
    scan: list[CompiledAlert] = field(default_factory=list)
    size: int = 0

    @classmethod
    def build(cls, alerts: Iterable[CompiledAlert]) -> "AlertIndex":
        index = cls()
        for ca in alerts:
            index.add(ca)
        return index

    def add(self, ca: CompiledAlert) -> None:
        self.size += 1
        a = ca.alert
        if ca.speaker_ids is not None:
            for sid in ca.speaker_ids:
                self.by_speaker[sid].append(ca)
        elif ca.speaker_name is not None:
            self.scan.append(ca)
        elif a.source is not None:
            self.by_source[a.source].append(ca)
        elif ca.about:
            self.by_about[ca.about[0]].append(ca)
        elif ca.text_tokens:
            for token in ca.text_tokens:
                self.by_text[token].append(ca)
        elif a.type is not None:
            self.by_type[a.type].append(ca)
        else:  # a text of only characters the analyzer drops: never matches, like q=
            self.size -= 1

    def match(self, c: Candidate, analyze: Analyze) -> list[CompiledAlert]:
        """The alerts ``c`` matches, each once, in a stable order (by alert id)."""
        cache: list[frozenset[str]] = []

        def tokens() -> frozenset[str]:
            if not cache:
                cache.append(analyze(list(c.texts)))
            return cache[0]

        found: dict[str, CompiledAlert] = {}
        pools = [self.by_speaker.get(c.speaker_id, ()), self.scan]
        if c.source is not None:
            pools.append(self.by_source.get(c.source, ()))
        if self.by_about:
            for mention in c.mentions:
                for word in mention:
                    pools.append(self.by_about.get(word, ()))
        pools.append(self.by_type.get(c.type, ()))
        if self.by_text:
            for token in tokens():
                pools.append(self.by_text.get(token, ()))
        for pool in pools:
            for ca in pool:
                if ca.alert_id not in found and ca.matches(c, tokens):
                    found[ca.alert_id] = ca
        return [found[k] for k in sorted(found)]
