"""The attribution layer (issue 11): every reported statement or belief of an article, with its source, cue and
content, the speaker resolved; and the author's own voice (the rest). See :mod:`analysis.attribution.spans`."""

from .cues import CueLexiconError, lexicon
from .spans import COLUMNS, KINDS, author_share, author_spans, find_attributions, link_quotes, quotation_spans
from .spans import _merge as merge_spans
from .speakers import UNKNOWN

__all__ = ["COLUMNS", "KINDS", "UNKNOWN", "CueLexiconError", "author_share", "author_spans", "find_attributions",
           "link_quotes", "lexicon", "merge_spans", "quotation_spans"]
