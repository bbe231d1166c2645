"""Which gold statements are speech acts (see ``speech_acts.toml`` for the definition)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

_WORDS = re.compile(r"[a-z']+")
_VOWELS = set("aeiou")


def inflections(verb: str) -> set[str]:
    """The regular forms of a verb: base, third person, past, present participle."""
    forms = {verb}
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(verb + "es")
    elif verb.endswith("y") and verb[-2:-1] not in _VOWELS:
        forms.add(verb[:-1] + "ies")
    else:
        forms.add(verb + "s")
    if verb.endswith("e"):
        forms.add(verb + "d")
    elif verb.endswith("y") and verb[-2:-1] not in _VOWELS:
        forms.add(verb[:-1] + "ied")
    else:
        forms.add(verb + "ed")
    if verb.endswith("e") and not verb.endswith("ee"):
        forms.add(verb[:-1] + "ing")
    else:
        forms.add(verb + "ing")
    return forms


@dataclass(frozen=True)
class SpeechActs:
    forms: frozenset[str]
    phrases: tuple[str, ...]
    exclude: frozenset[str]

    def is_speech_act(self, cue: str | None) -> bool:
        """True when ``cue`` is an act of speaking or writing (and not negated)."""
        if not cue:
            return False
        low = cue.lower().replace("\u2019", "'")
        if low.strip().endswith(":"):
            return True
        words = _WORDS.findall(low)
        if any(w in self.exclude for w in words):
            return False
        if any(w in self.forms for w in words):
            return True
        padded = " " + " ".join(words) + " "
        return any(f" {p} " in padded for p in self.phrases)


@cache
def load_speech_acts() -> SpeechActs:
    data = tomllib.loads(
        resources.files(__package__).joinpath("speech_acts.toml").read_text("utf-8")
    )
    forms: set[str] = set()
    for verb in data["verbs"]["words"]:
        forms |= inflections(verb)
    for verb, extra in data["irregular"].items():
        forms |= {verb, *extra}
    return SpeechActs(
        frozenset(forms), tuple(data["phrases"]["forms"]), frozenset(data["exclude"]["words"])
    )
