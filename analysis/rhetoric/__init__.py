"""Quotations and their speakers, reporting verbs, loaded language, hedges, national voice and actor sentiment.

Quotations (``extract_quotes``)
    Quote marks are paired per paragraph (``scan_quotes``): curly double (“ ”), guillemets, straight double
    quotes (which toggle), and single quotes (‘ ’ or ') when they open at a word start and close before a non-letter,
    so that apostrophes (don’t, Europe’s, O’Brien) are not quotes. Only outermost quotes become rows; a quote
    inside a quote, a quote with no closing mark (kept up to the paragraph end) and a closing mark with no opening
    one are reported as problems (``Quote.problems``, ``quote_problems``), never silently dropped. A quote left open
    at a paragraph end when the next paragraph opens with a quote mark is the newsroom convention for a quote over
    several paragraphs: reported as a continuation, and given the speaker of its last part.
    Each quotation's ``start``/``end`` cover the quoted words without the marks. Indirect speech is found with
    spaCy's dependency parse: a reporting verb (``data/reporting_verbs.yaml``) with a ``that``-clause (or a bare
    clause after say/believe/think), a promise/threat verb with a ``to``-infinitive, "made it clear that", and
    "according to X"; its span is the reported clause. An indirect clause may contain a partial quotation (both are
    rows); a clause that is entirely a quotation is only the direct quotation.

Kinds: ``title`` (after "titled", "entitled", ...), ``direct`` (a quotation that opens its sentence, or follows
a reporting verb, "that", a colon or a comma, with at least five words; or the second part of a quote split by its
attribution), ``partial`` (other quoted words with a speaker), ``scare`` (at most four quoted words with no
reporting verb in the sentence), ``indirect``.

Speakers: the attribution right after the closing mark ("…,” he said", "…,” said Hajiyev", "…,” Hajiyev was
quoted … as saying"), else the reporting verb nearest the quotation in its sentence (the one after it when the
quotation opens the sentence, else the one before) and that verb's grammatical subject (when the parse gives none,
the words between the last comma and the verb) (inherited through coordination and
participles: "..., adding that", "was quoted ... as saying"; a relative "who/which" stands for its antecedent);
"according to X"; a quotation opening a sentence with no reporting verb continues the previous sentence's quotation
and speaker. A subject is resolved to a canonical gazetteer actor (``analysis.actors``) by the name it contains, by
a description in ``data/speakers.yaml`` or the topic's book.yaml ``speakers:`` ("the analyst" = nearest person, "the
statement" = the previous quotation's speaker), or, for he/she, by the nearest compatible person (same sentence
first, the subject preferred). Quoted texts of laws are attributed to their authors (``documents`` in
speakers.yaml). Anything else stays ``unknown`` with the words kept in ``speaker_surface``.

Language (``language_features``): loaded terms (``data/loaded_terms.yaml``), hedges and boosters
(``data/hedges_boosters.yaml``; a booster right after a negation, "don’t know", is not counted), first-person
plural voice (case-sensitive, so that "US" is not "us"), second-person direct address, and questions (every
question in the body is treated as rhetorical: news articles do not ask their readers for answers). Each hit has
offsets, a category and whether it lies inside a quotation.

Sentiment (``actor_sentiment``): VADER's compound score (vaderSentiment 3.3.2, lexicon shipped in the package,
negation and intensifiers handled by VADER) for every sentence, one row per actor mentioned in it.

Modules: ``marks`` (quote marks and records), ``quote_speakers`` (cues and speaker resolution), ``quotes``
(extraction), ``language`` (loaded terms, hedges, we-voice), ``sentiment``, ``rows`` (the corpus tables),
``evaluate`` (hand annotations). The chapter's summaries are the book's (``newsbook.rhetoric_views``). A stage given
the article's one parse reads its sentences from it (:class:`analysis.nlp.ArticleParse`).
"""

from .evaluate import (  # noqa: F401
    GOLD_NAME,
    Scores,
    evaluate,
    gold_scores,
    load_gold,
)
from .language import (  # noqa: F401
    language_features,
)
from .marks import (  # noqa: F401
    FEATURE_COLUMNS,
    FEATURES,
    KINDS,
    PROBLEM_COLUMNS,
    QUOTE_COLUMNS,
    SENTIMENT_COLUMNS,
    UNKNOWN,
    Feature,
    Quote,
    QuoteProblem,
    Span,
    scan_quotes,
)
from .quote_speakers import (  # noqa: F401
    Verb,
    reporting_verbs,
    verb_class,
)
from .quotes import (  # noqa: F401
    extract_quotes,
    quote_problems,
)
from .rows import (  # noqa: F401
    actor_sentiment_table,
    quote_problems_table,
    quotes_table,
    rhetoric_table,
)
from .sentiment import (  # noqa: F401
    actor_sentiment,
    sentence_sentiment,
)
