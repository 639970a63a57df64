"""Default settings. Environment variables ``ASSESSMENT_*`` override them in :func:`assessment.create_app`;
nothing here reads the environment."""

from datetime import timedelta

DEFAULTS = {
    #: None means "not configured": serving refuses to start, command-line tools get a throw-away key
    "SECRET_KEY": None,
    #: SQLAlchemy URL; None means instance/assessment.sqlite
    "DATABASE_URL": None,
    #: public address used to build invitation links
    "BASE_URL": "http://127.0.0.1:5000",
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    # CSRF tokens live as long as the session, so a person who types for hours never loses a save
    "WTF_CSRF_TIME_LIMIT": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    #: None: Secure exactly when BASE_URL starts with https:// (see assessment.configure_cookies)
    "SESSION_COOKIE_SECURE": None,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
    #: the session cookie is sent again only when the session changes: a session ends on the server
    #: PERMANENT_SESSION_LIFETIME after sign-in (assessment.models.LoginSession), however recently the cookie
    #: was sent, so sending it again on every page would not keep anyone signed in longer
    "SESSION_REFRESH_EACH_REQUEST": False,
    #: Flask-Compress: pages, JSON, scripts and CSV go out compressed (a section page of 100 KB is ~12 KB on the wire)
    "COMPRESS_MIMETYPES": ["text/html", "application/json", "text/css", "text/javascript", "application/javascript",
                           "text/csv"],
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_MIN_SIZE": 1024,
    #: streamed replies (static files, downloads) go out as they are: Flask-Compress 1.25 replaces a stream
    #: with its compressed one without closing the original, which leaves the static file open
    "COMPRESS_STREAMS": False,
    #: largest request body: uploads and a section's form (assessment.web.security.BODY_LIMITS)
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    #: largest autosave request: one answer, above the largest the answer limits allow (about 440 KB with
    #: every text at its longest in four-byte characters)
    "MAX_AUTOSAVE_BYTES": 512 * 1024,
    #: largest body of any other request (sign-in, comments, administration forms…)
    "MAX_FORM_BYTES": 1024 * 1024,
    #: largest uncompressed size of an uploaded workbook (zip-bomb guard)
    "MAX_WORKBOOK_UNCOMPRESSED": 64 * 1024 * 1024,
    #: most parts (zip entries) an uploaded workbook may hold
    "MAX_WORKBOOK_ENTRIES": 2000,
    #: largest non-file form field: the signed import preview carries every change of a whole questionnaire
    "MAX_FORM_MEMORY_SIZE": 4 * 1024 * 1024,
    #: how long an import preview can be confirmed
    "IMPORT_PREVIEW_MAX_AGE": 6 * 3600,
    #: how long an invitation (set-password) link stays valid
    "INVITATION_TTL_HOURS": 72,
    #: show the "demo data" banner on every page
    "DEMO": False,
    #: failed sign-ins (and current-password checks) are limited per client address and per account, counted
    #: in the application's own database so that every worker and process shares the count
    "RATELIMIT_ENABLED": True,
    "LOGIN_RATE_LIMIT": "10 per minute",
    "LOGIN_ACCOUNT_RATE_LIMIT": "10 per minute",
    #: how long a personal API token works after it is created or renewed
    "API_TOKEN_TTL_DAYS": 365,
    #: languages added to the shipped ones, {code: name in that language} (e.g. a right-to-left test locale)
    "EXTRA_LANGUAGES": {},
    #: reverse proxies in front of the app whose X-Forwarded-For/-Proto headers are trusted (0: none)
    "TRUSTED_PROXIES": 0,
    #: megabytes each worker keeps of what pages work out (assessment.web.fragments): rendered questions, the
    #: bodies of regional pages, and figures across members (at 500 members a set of figures takes 20-40 MB;
    #: at 45, a tenth of that). 0: nothing is kept
    "FRAGMENT_CACHE_MB": 256,
    #: milliseconds the section page waits after a person stops typing in an answer before it saves it (each
    #: further keystroke starts the wait again), so a sentence is sent once rather than a letter at a time
    "AUTOSAVE_DELAY_MS": 800,
    #: password hashing (werkzeug method string); scrypt with its default cost unless set
    "PASSWORD_HASH_METHOD": "scrypt",
}
