"""Attribution extraction (who said what) as pure functions over a spaCy Doc."""

from .core import extract_statements
from .cues import Lexicon, load_lexicon
from .model import RawStatement

__all__ = ["Lexicon", "RawStatement", "extract_statements", "load_lexicon"]
