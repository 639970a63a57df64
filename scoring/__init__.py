"""Gap scores, bands, explanations and TA recommendations: pure functions over a questionnaire and
answers. This package imports neither Flask nor SQLAlchemy."""
