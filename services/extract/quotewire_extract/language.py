"""Which language an article is in, and whether the extractor reads it.

The language comes from the article (``language`` as its sender declared it), else it
is detected from the text with py3langid (a small, maintained fork of langid.py whose
model ships inside the wheel: nothing is downloaded at run time). A detection the
detector itself is unsure of (probability under :data:`MIN_PROBABILITY`, usually a very
short text) is not trusted and the article is extracted as English, as before: a
wrong "unsupported" would hide statements.
"""

from dataclasses import dataclass
from functools import lru_cache

#: below this the detector's answer is not used
MIN_PROBABILITY = 0.80
#: the detector reads this much of the text (enough for a stable answer, bounded time)
SAMPLE_CHARS = 5_000
#: when neither declared nor detected with confidence
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    code: str  # primary subtag, lower case: "en", "fr"
    declared: bool  # from the article, not detected
    probability: float | None = None  # of the detection


def primary_subtag(tag: str) -> str:
    """``en-GB`` → ``en``."""
    return tag.split("-", 1)[0].strip().lower()


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the text's language."""
    code, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return code, float(probability)


def language_of(declared: str | None, text: str) -> Language:
    """The article's language: declared, else detected, else :data:`DEFAULT_LANGUAGE`."""
    if declared:
        return Language(primary_subtag(declared), declared=True)
    code, probability = detect(text)
    if probability < MIN_PROBABILITY:
        return Language(DEFAULT_LANGUAGE, declared=False, probability=probability)
    return Language(code, declared=False, probability=probability)
