"""Naming choices, voices, stance toward actors, and derived texts (the Source bias chapter).

Four independent readings of each document, each traceable to sentences and offsets:

* **Naming choices** (:func:`find_terms`, :func:`term_hits`, :func:`terms`): occurrences of the variants of the
  corpus's framing codebook (a file of the corpus folder named by its book.yaml ``codebook:``: e.g. the names of
  a contested region, of a war, of a law), each variant with the side whose usage it signals; a corpus without a
  codebook has no naming choices. Every hit has its offsets, its sentence, and whether it stands inside a quotation (a word put in
  someone else's mouth is not the writer's own choice).
* **Voice balance** (:func:`voices`): from the rhetoric module's ``quotes`` table, the share of quotations and of
  quoted words by speaker side, with a row for every side so that absent sides show as zero.
  The sides are the corpus's topic's (:mod:`analysis.topic`: its book.yaml ``sides:``, or, without one, the
  corpus's most mentioned actors, see :func:`apply_sides`); every function takes them as ``targets``.
* **Stance** is :mod:`analysis.stance`'s (the author's voice apart from the sources', issue 12); this package gives
  it the loaded words in the writer's own voice (rhetoric ``feature == "loaded"``, not ``in_quote``), each
  attributed by :func:`attribute_loaded` to the actor it is ABOUT, read from the spaCy dependency parse: the agent
  of a loaded verb (subject, or the "by" phrase of a passive; a subjectless verb takes its controller's: "planned
  to act aggressively, hoping to intimidate the capital"), the owner of a loaded noun (possessor, compound or
  demonym adjective from the topic's ``demonyms:``: "Ruritanian provocations"; its "of/from/by/between" phrase; or
  the subject of a support verb: "putting pressure on Freedonia"), the owner of the noun a loaded adjective
  describes. The agent is counted with its category's direction from ``data/framing.yaml`` (praise +1, every other
  category -1); the patient ("pressure on Freedonia", "attack Freedonia") is listed but not scored; a word whose
  agent the parse does not name (or names only by a pronoun other than a clause-bound "its") is left
  unattributed. The book's stance views are the book package's (``newsbook.bias_views``).
* **Derived texts** live in :mod:`analysis.reuse` (not re-exported here: the book imports it): for each
  compared pair, the shorter text's 3-word-shingle containment in the longer one and the TF-IDF cosine of the two
  texts; the derived text's sentences are aligned to their best match in the source (TF-IDF cosine of
  sentences). A pair is derivative only if all of containment, its lift over the corpus baseline, cosine and
  share of aligned sentences pass their thresholds (``reuse.MIN_CONTAINMENT``, ``MIN_LIFT``, ``MIN_SIMILARITY``,
  ``MIN_ALIGNED``, ``MIN_ALIGNED_SHARE``). For a derivative pair ``reuse.changes`` lists what the derivative kept,
  rewrote, dropped or added: quotations, loaded language, hedges, named sources and framing terms.

The functions that read the rhetoric tables take DataFrames with the export contract's columns, so they can be
tested on small hand-made frames. Modules: ``terms`` (naming), ``voice_balance``, ``loaded`` (loaded words
attributed from the parse), ``sides`` (the sides of a corpus without a book.yaml); the book's views of them are in
``newsbook.bias_views``. None of them builds a table of the corpus: that is :mod:`analysis.pipeline`'s job, which
calls them once per article (map) or once per corpus (reduce).
"""

from .loaded import (  # noqa: F401
    ATTRIBUTION_COLUMNS,
    ATTRIBUTION_EXTRA,
    ATTRIBUTION_WORD_COLUMNS,
    HEDGE_FEATURE,
    LOADED_FEATURE,
    ROLES,
    AttributionError,
    attribute_loaded,
    attribute_span,
    attribution_by_word,
    demonyms,
    loaded_polarity,
)
from .sides import apply_sides, relabel_sides, select_targets  # noqa: F401
from .terms import (  # noqa: F401
    TERM_COLUMNS,
    TERM_HIT_COLUMNS,
    CodebookError,
    TermHit,
    Variant,
    codebook,
    codebook_table,
    find_terms,
    framing_sides,
    naming_matrix,
    naming_sides,
    term_hits,
    terms,
)
from .voice_balance import NO_SIDE, VOICE_COLUMNS, absent_sides, count_words, voice_sides, voices  # noqa: F401
