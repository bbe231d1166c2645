"""Plain data records shared by the attribution modules."""

from __future__ import annotations

from dataclasses import dataclass, field


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
