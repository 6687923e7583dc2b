"""The attribution layer (issue 11): every reported statement or belief of an article, with its source, cue and
content, the speaker resolved; and the author's own voice (the rest). See :mod:`analysis.attribution.spans`."""

from .author_voice import _merge as merge_spans
from .author_voice import author_share, author_spans
from .cues import CueLexiconError, lexicon
from .quoted_speech import link_quotes, quotation_spans
from .spans import COLUMNS, KINDS, find_attributions
from .speakers import UNKNOWN

__all__ = ["COLUMNS", "KINDS", "UNKNOWN", "CueLexiconError", "author_share", "author_spans", "find_attributions",
           "link_quotes", "lexicon", "merge_spans", "quotation_spans"]
