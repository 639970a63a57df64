"""WSGI entry for gunicorn: ``gunicorn 'assessment.wsgi:app'``. Refuses to start without a real secret key."""

from assessment import create_app

app = create_app()
if app.config["SECRET_KEY_IS_EPHEMERAL"]:
    raise SystemExit("ASSESSMENT_SECRET_KEY is not set: refusing to serve (sessions would not survive a restart)")
