"""The attribution lexicon (reporting verbs, negators, titles, descriptor nouns).

The words live in data files next to this module: ``lexicon.toml`` (cue verbs, speaker
vocabulary), ``wordlists.toml`` (the closed word classes the rules test against),
``names.toml`` (given names) and ``name_genders.tsv`` (the given-name gender prior). This
module only reads them into an immutable :class:`Lexicon`. Build it once with
:func:`load_lexicon` and pass it on: no rule loads it by itself.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources


@dataclass(frozen=True)
class CueSpec:
    name: str
    content: str  # "clause" | "object"
    direct_only: bool = False
    particle: str | None = None
    addressee: bool = False
    # what may follow the verb as its content when no reported clause does (see lexicon.toml)
    complements: tuple[str, ...] = ()
    # prepositions that belong to the cue ("called on", "called for"); their object starts the content
    cue_preps: tuple[str, ...] = ()


class WordLists:
    """The named lists of ``wordlists.toml`` as attributes: ``lists.medium_nouns``. Each list
    is an instance attribute, so reading one is a plain attribute read (the rules read them
    per token); ``__getattr__`` only answers a name with no list."""

    def __init__(self, lists: Mapping[str, frozenset[str]]):
        object.__setattr__(self, "_lists", dict(lists))
        self.__dict__.update(self._lists)

    def __getattr__(self, name: str) -> frozenset[str]:
        try:
            return self._lists[name]
        except KeyError:
            raise AttributeError(f"wordlists.toml has no list {name!r}") from None

    def __setattr__(self, name, value):
        raise AttributeError("word lists are read-only")

    def __contains__(self, name: str) -> bool:
        return name in self._lists


@dataclass(frozen=True)
class Lexicon:
    cues: dict[str, CueSpec]  # surface form -> spec
    according: frozenset[str]
    statement_nouns: frozenset[str]
    negating_heads: frozenset[str]
    modals: frozenset[str]
    negators: frozenset[str]
    titles: frozenset[str]
    male_titles: frozenset[str]
    female_titles: frozenset[str]
    spokesperson: frozenset[str]
    org_nouns: frozenset[str]
    org_name_words: frozenset[str]
    document_nouns: frozenset[str]
    anonymous_nouns: frozenset[str]
    group_nouns: frozenset[str]
    male_pronouns: frozenset[str]
    female_pronouns: frozenset[str]
    neuter_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    male_names: frozenset[str]
    female_names: frozenset[str]
    business_nouns: frozenset[str] = frozenset()
    public_nouns: frozenset[str] = frozenset()
    business_name_words: frozenset[str] = frozenset()
    platforms: frozenset[str] = frozenset()
    parties: frozenset[str] = frozenset()
    synonyms: dict[str, frozenset[str]] = field(default_factory=dict)  # descriptor -> name words
    # given name (lower-case, ASCII-folded) -> "f"/"m": the published-data prior (see .gender)
    name_genders: Mapping[str, str] = field(default_factory=dict)
    lists: WordLists = field(default_factory=lambda: WordLists({}))
    role_synonyms: Mapping[str, frozenset[str]] = field(default_factory=dict)
    party_forms: Mapping[str, str] = field(default_factory=dict)
    # (form, particle) -> spec of a phrasal cue whose verb is also a cue of its own ("called
    # out" beside "called")
    phrasal: Mapping[tuple[str, str], CueSpec] = field(default_factory=dict)

    def cue(self, word: str) -> CueSpec | None:
        return self.cues.get(word.lower())

    @cached_property
    def phrasal_forms(self) -> frozenset[str]:
        """The verb forms of ``phrasal`` ("called"): ``is_cue`` looks for a particle only on them."""
        return frozenset(form for form, _ in self.phrasal)

    @property
    def all_pronouns(self) -> frozenset[str]:
        return (
            self.male_pronouns | self.female_pronouns | self.neuter_pronouns | self.plural_pronouns
        )

    @cached_property
    def clean_names(self) -> dict[str, str]:
        """Memo of :func:`.names.clean_name`, a pure function of a string and this lexicon
        (asked for the same few names thousands of times per article)."""
        return {}

    @cached_property
    def prefilter_words(self) -> frozenset[str]:
        """Lower-case words whose presence makes a sentence worth parsing (built once per
        lexicon: the fast path asks for it for every sentence)."""
        return frozenset(self.cues) | self.according | self.speech_nouns

    @cached_property
    def speech_nouns(self) -> frozenset[str]:
        """Nouns that name a speech act with a content ("her claim that ...", see ``.nouns``)."""
        kinds = ("speech_nouns_that", "speech_nouns_to", "speech_nouns_for")
        return frozenset().union(*(getattr(self.lists, k) for k in kinds if k in self.lists))


def _read(name: str) -> dict:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _fs(values) -> frozenset[str]:
    return frozenset(v.lower() for v in values)


def _word_lists(data: dict) -> tuple[WordLists, dict[str, frozenset[str]], dict[str, str]]:
    lists = {k: _fs(v) for k, v in data.items() if isinstance(v, list)}
    synonyms = {k.lower(): _fs(v) for k, v in data["role_synonyms"].items()}
    parties = {k.lower(): v.lower() for k, v in data["party_forms"].items()}
    return WordLists(lists), synonyms, parties


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon with the word lists and the given-name gender prior (~0.2 s). Cached:
    call it where the extractor is built and pass the result on."""
    from .gender import load_name_genders

    data = _read("lexicon.toml")
    names = _read("names.toml")
    lists, role_synonyms, party_forms = _word_lists(_read("wordlists.toml"))
    cues: dict[str, CueSpec] = {}
    phrasal: dict[tuple[str, str], CueSpec] = {}
    # forms of a cue with no particle: a phrasal entry never takes them over
    claimed = {
        f.lower() for e in data["cues"].values() if not e.get("particle") for f in e["forms"]
    }
    for name, entry in data["cues"].items():
        spec = CueSpec(
            name=name,
            content=entry.get("content", "clause"),
            direct_only=bool(entry.get("direct_only", False)),
            particle=entry.get("particle"),
            addressee=bool(entry.get("addressee", False)),
            complements=tuple(entry.get("complements", ())),
            cue_preps=tuple(entry.get("cue_preps", ())),
        )
        for form in entry["forms"]:
            if spec.particle:
                phrasal[(form.lower(), spec.particle)] = spec
                if form.lower() in claimed:
                    continue  # "called out": "called" stays the cue "call"
            cues[form.lower()] = spec
    return Lexicon(
        cues=cues,
        according=_fs(data["according_to"]["forms"]),
        statement_nouns=_fs(data["statement_phrases"]["nouns"]),
        negating_heads=_fs(data["negation"]["heads"]),
        modals=_fs(data["negation"]["modals"]),
        negators=_fs(data["negation"]["negators"]),
        titles=_fs(data["titles"]["words"]),
        male_titles=_fs(data["titles"]["male"]),
        female_titles=_fs(data["titles"]["female"]),
        spokesperson=_fs(data["spokesperson"]["words"]),
        org_nouns=_fs(data["organisation"]["nouns"]),
        org_name_words=_fs(data["organisation"]["name_words"]),
        document_nouns=_fs(data["organisation"]["documents"]),
        anonymous_nouns=_fs(data["anonymous"]["nouns"]),
        group_nouns=_fs(data["group"]["nouns"]),
        male_pronouns=_fs(data["pronouns"]["male"]),
        female_pronouns=_fs(data["pronouns"]["female"]),
        neuter_pronouns=_fs(data["pronouns"]["neuter"]),
        plural_pronouns=_fs(data["pronouns"]["plural"]),
        male_names=_fs(names["male"]),
        female_names=_fs(names["female"]),
        business_nouns=_fs(data["kinds"]["business"]),
        public_nouns=_fs(data["kinds"]["public"]),
        business_name_words=_fs(data["kinds"]["business_name_words"]),
        platforms=_fs(data["kinds"]["platforms"]),
        parties=_fs(data["kinds"]["parties"]),
        synonyms={k.lower(): _fs(v) for k, v in data.get("synonyms", {}).items()},
        name_genders=load_name_genders(),
        lists=lists,
        role_synonyms=role_synonyms,
        party_forms=party_forms,
        phrasal=phrasal,
    )
