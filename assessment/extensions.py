"""Flask extensions, created unbound and initialised in :func:`assessment.create_app`."""

from pathlib import Path

from flask_babel import Babel
from flask_compress import Compress
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

#: constraint names that Alembic can find again on every backend
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
#: gzip and Brotli for pages and JSON (settings COMPRESS_* in assessment.config)
compress = Compress()
login_manager = LoginManager()
#: gettext catalogues for interface strings (``_()`` in Python and Jinja); the locale selector is set in create_app
babel = Babel()
#: Alembic migrations through Flask-Migrate (``assessment db upgrade``, ``downgrade``, ``current``, ``revision``, ...)
migrate = Migrate(directory=Path(__file__).resolve().parent.parent / "migrations")


@migrate.configure
def _alembic_settings(config):
    """Dated migration file names, and the application's database for ``migrations/env.py``."""
    from flask import current_app

    config.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    config.set_main_option("sqlalchemy.url", current_app.config["SQLALCHEMY_DATABASE_URI"].replace("%", "%%"))
    return config
