"""Flask extensions, created unbound and initialised in :func:`assessment.create_app`."""

from flask_babel import Babel
from flask_compress import Compress
from flask_login import LoginManager
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
