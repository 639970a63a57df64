"""Options that commands of several areas share."""

from __future__ import annotations

import click


def _language(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    from assessment.web.i18n import LANGUAGES

    if value not in LANGUAGES:
        raise click.BadParameter(f"{value!r} is not one of the toolkit's languages ({', '.join(LANGUAGES)})")
    return value


#: the language of a workbook's labels and texts
lang_option = click.option("--lang", "language", default="en", show_default=True, callback=_language,
                           help="Language of the workbook: en, id (Bahasa Indonesia) or th (Thai).")
