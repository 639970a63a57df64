"""WSGI entry for gunicorn: ``gunicorn 'assessment.wsgi:app'``. Refuses to start without a real secret key
(set, and at least 16 characters long).

Before serving, each worker loads what every request reads (the shipped questionnaires and catalogues, the
templates) and then freezes the objects it holds, so the garbage collector's full passes skip these
long-lived objects instead of walking them during requests.
"""

import gc

from assessment import create_app, secret_key_problem

app = create_app()
_problem = secret_key_problem(app)
if _problem:
    raise SystemExit(_problem)


def _warm() -> None:
    from questionnaires.loader import default_elements, default_ta_catalogue, load_questionnaire, shipped_questionnaires

    for path in shipped_questionnaires().values():
        load_questionnaire(path)
    default_elements()
    default_ta_catalogue()
    for name in app.jinja_env.list_templates(extensions=["html"]):
        app.jinja_env.get_template(name)


_warm()
gc.freeze()
