"""Plain data records shared by the attribution modules."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Literal, get_args

#: How the fast path types entities: "model" (the NER reads every word), "windows" (the NER
#: reads the tokens near capitalised words), "rules" (no NER: names typed from the tags,
#: given names, titles, organisation words ...), "hybrid" (rules, and the NER reads only the
#: windows around the proper-noun runs the rules cannot type). "hybrid" is the default: as
#: good as the others on every gold file (heldout -0.01 e2e canonical F1, blind +0.02) and
#: the fastest that is.
NerMode = Literal["model", "windows", "rules", "hybrid"]
NER_MODES: tuple[str, ...] = get_args(NerMode)
DEFAULT_NER: NerMode = "hybrid"


@dataclass
class Frame:
    """A reporting frame found in the parse: cue, speaker mention, content."""

    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    type: str  # direct | indirect | mixed
    speaker_start: int | None = None  # char offsets of the speaker mention
    speaker_end: int | None = None
    speaker_head: int | None = None  # token index of the mention head
    signals: dict[str, object] = field(default_factory=dict)


@dataclass
class Resolved:
    canonical: str
    type: str  # person | organization | group | unknown
    how: str  # name | surname | pronoun | descriptor | anonymous | group | org | unresolved
    gender: str | None = None


@dataclass(frozen=True)
class RawStatement:
    speaker: str | None
    speaker_span: tuple[int, int] | None
    speaker_canonical: str
    speaker_type: str
    cue: str | None
    cue_span: tuple[int, int] | None
    content: str
    content_span: tuple[int, int]
    type: str
    confidence: float
    #: who or what the content names (:class:`.mentions.Mention`, see :mod:`.mentions`)
    mentions: tuple = ()

    def as_dict(self) -> dict:
        """The fields as JSON-ready values (spans as lists)."""
        # the fields are strings, numbers and spans (copied as lists): no deep copy but the mentions'
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        for k in ("speaker_span", "cue_span", "content_span"):
            if out[k] is not None:
                out[k] = list(out[k])
        out["mentions"] = [{**m, "span": list(m["span"])} for m in map(asdict, self.mentions)]
        return out
