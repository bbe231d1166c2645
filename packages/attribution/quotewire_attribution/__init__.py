"""Attribution extraction (who said what) as pure functions over a spaCy Doc.

from quotewire_attribution import Extractor, load_lexicon
ex = Extractor(lexicon=load_lexicon()).load()
ex.extract("...")  # -> list[RawStatement]
"""

from .core import extract_statements
from .cues import Lexicon, load_lexicon
from .extractor import EXTRACTOR_NAME, MODEL_PACKAGE, ExtractionError, Extractor
from .model import DEFAULT_NER, NER_MODES, NerMode, RawStatement

__all__ = [
    "DEFAULT_NER",
    "EXTRACTOR_NAME",
    "MODEL_PACKAGE",
    "NER_MODES",
    "ExtractionError",
    "Extractor",
    "Lexicon",
    "NerMode",
    "RawStatement",
    "extract_statements",
    "load_lexicon",
]
