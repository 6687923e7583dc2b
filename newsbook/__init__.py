"""The book: it reads the analysis library's tables and turns them into the published Jupyter Book.

``build`` (the front: ``python -m analysis build``) with ``book_project`` (the project folder), ``notebook_runs``
(runs.yaml planned, cache keys, staleness), ``notebook_execution`` (papermill) and ``jupyter_book_step``;
``findings`` (the sentences a reader can quote, from the tables), ``overview`` (the corpus chapter's summaries and
outlet cards), ``article`` (one page per article), ``render`` (escaped HTML), ``figures`` (matplotlib) and
``sphinx_ext`` (the Sphinx extension). The library (:mod:`analysis`) never imports this package; the notebooks
import from both.
"""
