"""WSGI entry for gunicorn: ``gunicorn 'assessment.wsgi:app'``. Refuses to start without a real secret key
(set, and at least 16 characters long)."""

from assessment import create_app, secret_key_problem

app = create_app()
_problem = secret_key_problem(app)
if _problem:
    raise SystemExit(_problem)
