"""Gap scores, bands, explanations and TA recommendations: pure functions over a questionnaire and
answers. This package imports neither Flask nor SQLAlchemy.

- :mod:`scoring.answers`: the answers format: every problem of a document or one answer, the canonical form;
- :mod:`scoring.engine`: :func:`~scoring.engine.score`, answers → the result document;
- :mod:`scoring.review`: what the review page lists before submit;
- :mod:`scoring.report`: a plain-text report of a result.

``docs/methodology.md`` explains the method in plain language.
"""
