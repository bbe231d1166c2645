"""The entity registry of one document: people and organisations by name, and resolution of
surnames, descriptors and pronouns against earlier mentions (recent sentences and subjects or
speakers first, respecting gender, number and person/organisation cues)."""

from __future__ import annotations

from .cues import Lexicon
from .descriptors import (
    NAME_LINKS,
    ages_in,
    descriptor_conflicts,
    descriptor_fits,
    descriptor_gender,
    is_plural,
    names_kind,
    other_body,
    other_role,
)
from .entities import Entry, Mention
from .names import clean_name, family_name_key, name_key, name_prior


class Registry:
    """Entities of one document and their mentions in text order."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.entries: list[Entry] = []
        self.mentions: list[Mention] = []
        # indefinite lead descriptors identified by a name soon after: head char -> entry
        self.delayed: dict[int, Entry] = {}

    # ---- building -------------------------------------------------------------------
    def person(self, name: str, gender: str | None = None) -> Entry:
        entry = self._person(name, gender)
        if entry.prior is None:
            entry.prior = name_prior(entry.canonical.split(), self.lex)
        return entry

    def _person(self, name: str, gender: str | None = None) -> Entry:
        words = name.split()
        key_words = frozenset(name_key(name).split())
        if len(words) == 1:
            found = self.find_by_surname(words[0])
            if found is not None:
                if gender and not found.gender:  # "Ms. McAllister" tells Fiona McAllister's gender
                    found.gender = gender
                return found
        for e in self.entries:
            if e.type == "person" and name_key(e.canonical) == name_key(name):
                if gender and not e.gender:
                    e.gender = gender
                return e
        # a fuller form of an existing single-word entry upgrades it
        for e in self.entries:
            if (
                e.type == "person"
                and len(e.canonical.split()) == 1
                and len(words) > 1
                and name_key(words[-1]) == name_key(e.canonical)
            ):
                e.canonical = name
                e.words = key_words
                e.gender = e.gender or gender
                return e
        entry = Entry(name, "person", gender, key_words)
        self.entries.append(entry)
        return entry

    def org(self, name: str, head: str = "", words: tuple[str, ...] = ()) -> Entry:
        """The organisation ``name``, known or new; ``head`` and ``words`` are the mention's
        head and lower-case words when ``name`` is a mention (see :meth:`find_org_suffix`)."""
        key = name_key(name)
        for e in self.entries:
            if e.type == "organization" and name_key(e.canonical) == key:
                return e
        found = self.find_org_suffix(name, head, words)
        if found is not None:
            return found
        entry = Entry(name, "organization", None, frozenset(key.split()))
        entry.roles.update(w for w in key.split() if w in self.lex.org_nouns)
        self.entries.append(entry)
        return entry

    def add_mention(self, mention: Mention) -> None:
        self.mentions.append(mention)

    # ---- lookup ---------------------------------------------------------------------
    def find_by_surname(self, word: str) -> Entry | None:
        k = name_key(word)
        best = None
        for e in self.entries:
            if e.type != "person":
                continue
            parts = name_key(e.canonical).split()
            if (
                parts
                and family_name_key(e.canonical) == k
                and (best is None or len(parts) > len(name_key(best.canonical).split()))
            ):
                best = e
        return best

    def find_org_suffix(
        self, name: str, head: str = "", words: tuple[str, ...] = ()
    ) -> Entry | None:
        """ "The Post" -> "The Washington Post": a whole-word suffix of a longer org name.
        ``words`` (lower case, with its ``head``) are the whole mention ``name`` comes from:
        a body its own modifiers set apart is skipped ("the Lisvanian defence ministry" is not
        the "Lisvanian foreign ministry" although "Lisvanian" opens both; see ``other_body``)."""
        key = name_key(clean_name(name, self.lex))
        if not key:
            return None
        for e in self.entries:
            if e.type != "organization":
                continue
            ekey = name_key(clean_name(e.canonical, self.lex))
            if (
                ekey != key
                and (ekey.endswith(" " + key) or ekey.startswith(key + " "))
                and not (words and other_body(e, head, words, self.lex))
            ):
                return e
        return None

    def find_org_prefix(self, name: str) -> Entry | None:
        """ "Strata" -> "Strata Cloud Services": the one organisation whose name opens with ``name``
        and ends in a generic word (Services, Group, Airways, United ...)."""
        lex = self.lex
        key = name_key(clean_name(name, lex))
        if not key:
            return None
        generic = (
            lex.org_name_words | lex.business_name_words | frozenset().union(*lex.synonyms.values())
        )
        found = [
            e
            for e in self.entries
            if e.type == "organization"
            and not e.place
            and (k := name_key(clean_name(e.canonical, lex))).startswith(key + " ")
            and k.split()[-1] in generic
        ]
        return found[0] if len(found) == 1 else None

    def salient_org(self, pos: int) -> Entry | None:
        """The organisation (not a place) mentioned most often before ``pos``, if it leads clearly."""
        counts: dict[int, int] = {}
        by_id: dict[int, Entry] = {}
        for m in self.mentions:
            if m.pos < pos and m.entry.type == "organization" and not m.entry.place:
                counts[id(m.entry)] = counts.get(id(m.entry), 0) + 1 + (m.speaker or m.subject)
                by_id[id(m.entry)] = m.entry
        if not counts:
            return None
        ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
        if len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
            return None
        return by_id[ranked[0][0]]

    def before(self, pos: int, min_sent: int) -> list[Mention]:
        return [m for m in self.mentions if m.pos < pos and m.sent >= min_sent]

    def resolve_pronoun(
        self, word: str, pos: int, sent: int, exclude: tuple[int, int] | None
    ) -> Entry | None:
        return self.pronoun(word, pos, sent, exclude)[0]

    def pronoun(
        self, word: str, pos: int, sent: int, exclude: tuple[int, int] | None
    ) -> tuple[Entry | None, str]:
        """The antecedent of a pronoun and how sure: ``pronoun`` (one compatible entity in
        reach, or the clear centre), ``pronoun_ambiguous`` (another compatible entity is as
        near), ``pronoun_far`` (nothing in the last sentences: the document's main person of
        that gender).

        Centering: the nearest sentence first; in it a speaker, then a subject, then the
        latest mention. Gender: a title or an earlier pronoun chain about the entity binds; the
        given-name prior filters too, but gives way when nothing else fits. Names quoted inside
        someone's words are antecedents only when nothing outside a quote fits.
        """
        w = word.lower()
        lex = self.lex
        if w in lex.male_pronouns or w in lex.female_pronouns:
            gender = "m" if w in lex.male_pronouns else "f"
            types = {"person", "unknown"}
        elif w in lex.neuter_pronouns:
            gender = None
            types = {"organization"}
        else:
            gender = None
            types = {"organization", "group", "unknown"}

        def usable(m: Mention) -> bool:
            if m.entry.type not in types or (exclude and exclude[0] <= m.pos < exclude[1]):
                return False
            return not (
                w in lex.plural_pronouns
                and m.entry.type == "unknown"
                and not is_plural(m.entry.canonical)
            )

        near = [m for m in self.before(pos, sent - 4) if usable(m)]
        # a title or a pronoun chain binds; so does the name prior, unless nothing else fits
        cands = near if gender is None else [m for m in near if m.entry.sex in (None, gender)]
        found = self._centre(cands, gender, w)
        if found is not None:
            return found
        if gender:
            # nothing in reach: the person of that gender the document keeps returning to
            far = [
                m
                for m in self.mentions
                if m.pos < pos
                and m.entry.type == "person"
                and m.entry.sex == gender
                and not m.in_content
                and not (exclude and exclude[0] <= m.pos < exclude[1])
            ]
            weight: dict[int, float] = {}
            for m in far:
                weight[id(m.entry)] = weight.get(id(m.entry), 0) + 1 + m.speaker + m.subject
            if weight:
                ranked = sorted(weight.items(), key=lambda kv: kv[1], reverse=True)
                if len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]:
                    return next(m.entry for m in far if id(m.entry) == ranked[0][0]), "pronoun_far"
            # the prior gives way: a near person whose given name only suggested the other gender
            weak = self._centre(
                [m for m in near if m.entry.gender in (None, gender)], gender, w, chain=False
            )
            if weak is not None:
                return weak[0], "pronoun_far"
        return None, "unresolved"

    def _centre(
        self, cands: list[Mention], gender: str | None, w: str, chain: bool = True
    ) -> tuple[Entry, str] | None:
        lex = self.lex
        for allow_content in (False, True):
            pool = [m for m in cands if allow_content or not m.in_content]
            if not pool:
                continue
            pool.sort(key=lambda m: (m.sent, m.speaker, m.subject, m.pos), reverse=True)
            best = pool[0]
            # a strongly gendered match in the same sentence beats an unknown-gender one
            if gender:
                same = [m for m in pool if m.sent == best.sent and m.entry.sex == gender]
                if same and best.entry.sex is None:
                    best = same[0]
            how = "pronoun"
            if gender or w in lex.neuter_pronouns:
                rivals = {
                    id(m.entry)
                    for m in pool
                    if m.entry is not best.entry
                    and m.sent >= best.sent - 1
                    and (gender is None or m.entry.sex in (gender, None))
                    and m.entry.type == best.entry.type
                }
                if (
                    rivals
                    and best.entry.sex != gender
                    or rivals
                    and any(m.entry.sex == gender for m in pool if id(m.entry) in rivals)
                ):
                    how = "pronoun_ambiguous"
            if (
                chain
                and gender
                and best.entry.gender is None
                and best.entry.type == "person"
                and how == "pronoun"
                and best.entry.prior in (None, gender)
            ):
                best.entry.gender = gender  # the chain: "Bronwen ... she" fixes Bronwen's gender
            return best.entry, how
        return None

    def resolve_descriptor(
        self, head: str, pos: int, sent: int, want: str, words: tuple[str, ...] = ()
    ) -> Entry | None:
        return self.describe(head, pos, sent, want, words)[0]

    def describe(
        self, head: str, pos: int, sent: int, want: str, words: tuple[str, ...] = ()
    ) -> tuple[Entry | None, str]:
        """ "the spokesman", "The Democrat", "the 48-year-old", "the company": the entity this
        descriptor names, and how sure: ``descriptor`` (a role, party, age or name word seen
        with the entity) or ``descriptor_weak`` (only the most salient compatible entity)."""
        if want == "organization":
            return self._describe_org(head.lower(), pos, sent, words)
        return self._describe_person(head.lower(), pos, sent, want, words)

    # -- persons ------------------------------------------------------------------------
    def _describe_person(
        self, h: str, pos: int, sent: int, want: str, words: tuple[str, ...]
    ) -> tuple[Entry | None, str]:
        lex = self.lex
        keys = {w.lower() for w in words if w.lower() not in lex.lists.generic_descriptor_words} | {
            h
        }
        keys |= set(ages_in(" ".join(words)))
        keys = {
            k
            for k in keys
            if k and k != "old" and k != "year" and (k.isalpha() or k.endswith("-year-old"))
        }
        for k in list(keys):  # "Solvane boss": the top executive, however the article titles them
            keys |= lex.role_synonyms.get(k, set())
        gender = descriptor_gender(keys, lex)

        def ok(e: Entry) -> bool:
            return e.type == want and not descriptor_conflicts(e, keys, gender, lex)

        def match(e: Entry) -> int:
            have = e.roles | set(e.words)
            return len(keys & have)

        earlier = [m for m in self.mentions if m.pos < pos and ok(m.entry)]
        best, best_score = None, 0
        for m in earlier:  # later mentions win ties
            sc = match(m.entry)
            if sc > 0 and sc >= best_score:
                best, best_score = m.entry, sc
        later = [m for m in self.mentions if m.pos > pos and ok(m.entry)]
        # a headline or lead descriptor names someone introduced later: the best match, then
        # the one mentioned most often, then the earliest
        counts: dict[int, int] = {}
        for m in self.mentions:
            counts[id(m.entry)] = counts.get(id(m.entry), 0) + 1
        fwd, fwd_score = None, 0
        for m in later:
            sc = match(m.entry)
            if (
                sc > fwd_score
                or sc == fwd_score
                and sc > 0
                and counts[id(m.entry)] > counts[id(fwd)]
            ):
                fwd, fwd_score = m.entry, sc
        # "Veresk's foreign minister said ..." in the lead is "Veresk's foreign minister, X" below,
        # not the other foreign minister an earlier descriptor guessed
        if best is not None and (fwd is None or fwd_score <= best_score or sent > 3):
            return best, "descriptor"
        if fwd is not None:
            return fwd, "descriptor"
        # "the judge" is not the lawyer or the mayor named before: a weak guess never crosses roles
        earlier = [m for m in earlier if not other_role(m.entry, keys, lex)]
        pool = [m for m in earlier if m.sent >= sent - 6] or earlier
        if not pool:
            return None, "unresolved"
        pool.sort(key=lambda m: (m.sent, m.speaker or m.subject, m.pos), reverse=True)
        return pool[0].entry, "descriptor_weak"

    # -- organisations ------------------------------------------------------------------
    def _describe_org(
        self, h: str, pos: int, sent: int, words: tuple[str, ...]
    ) -> tuple[Entry | None, str]:
        lex = self.lex
        # "the airport's operator" is not the airport: the possessor names another body, and a
        # possessive is no name modifier of the descriptor
        poss = set()
        if "'s" in words or "\u2019s" in words:
            k = max(i for i, w in enumerate(words) if w in ("'s", "\u2019s"))
            poss = {
                w for w in words[:k] if w.isalpha() and w not in lex.lists.generic_descriptor_words
            }
            words = words[k + 1 :]
        orgs = [m for m in self.mentions if m.entry.type == "organization"]
        excluded = [m.entry for m in self.mentions if poss and m.entry.words & poss]
        # "the Lisvanian defence ministry" is not the Lisvanian Foreign Ministry named before
        excluded += [m.entry for m in orgs if other_body(m.entry, h, words, lex)]
        earlier = [m for m in orgs if m.pos < pos]
        named = [
            m
            for m in earlier
            if names_kind(m.entry, h, lex) and not any(m.entry is x for x in excluded)
        ]
        if named:
            named.sort(key=lambda m: (m.pos, m.speaker or m.subject))
            return named[-1].entry, "descriptor"
        later = [
            m
            for m in orgs
            if m.pos > pos
            and names_kind(m.entry, h, lex)
            and not any(m.entry is x for x in excluded)
        ]
        if later and sent <= 3:
            return later[0].entry, "descriptor"
        # "the summit presidency": a descriptor with its own modifiers names its own body
        mods = [
            w
            for w in words
            if w.lower() not in lex.lists.generic_descriptor_words
            and w.lower() != h
            and w.isalpha()
        ]
        if mods:
            # "health agency" -> "Public Health Tarrant": a body whose name holds the modifier
            lw = [w.lower() for w in words]
            pre = lw[: lw.index(h)] if h in lw else []
            ms = {
                w
                for w in pre
                if w.isalpha()
                and w not in lex.lists.generic_descriptor_words
                and w not in NAME_LINKS
            }
            if lw and lw[0] in ("a", "an"):
                ms = set()  # "an international team of ...": a new body, not a known one
            hits = [
                m
                for m in orgs
                if m.entry.words & ms
                and not any(m.entry is x for x in excluded)
                and not m.entry.place
                and (m.pos < pos or sent <= 3)
            ]
            if hits:
                before = [m for m in hits if m.pos < pos]
                e = before[-1].entry if before else hits[0].entry
                e.roles.add(h)  # later "the agency" finds it by its role
                return e, "descriptor"
            return None, "unresolved"
        compat = [
            m
            for m in earlier
            if m.sent >= sent - 6
            and descriptor_fits(m.entry, h, lex)
            and not any(m.entry is x for x in excluded)
        ]
        if compat:
            # a body named once in passing ("an analyst at Halden Securities") is not what "the
            # company" refers to when another compatible one has been a subject or a speaker
            active = {id(m.entry) for m in orgs if m.pos < pos and (m.speaker or m.subject)}
            count: dict[int, int] = {}
            for m in earlier:
                count[id(m.entry)] = count.get(id(m.entry), 0) + 1
            if active:
                keep = [m for m in compat if id(m.entry) in active or count[id(m.entry)] > 1]
                compat = keep or compat
            compat.sort(key=lambda m: (m.sent, m.speaker or m.subject, m.pos))
            return compat[-1].entry, "descriptor_weak"
        if sent <= 3:
            fwd = [
                m
                for m in orgs
                if m.pos > pos
                and descriptor_fits(m.entry, h, lex)
                and not any(m.entry is x for x in excluded)
            ]
            if fwd:
                return fwd[0].entry, "descriptor_weak"
        return None, "unresolved"
