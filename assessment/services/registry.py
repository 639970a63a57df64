"""One place that resolves a questionnaire ``id`` + ``version``: shipped files plus admin uploads."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import select

from assessment.extensions import db
from assessment.models import QuestionnaireVersion
from questionnaires.loader import (
    DefinitionError,
    load_questionnaire,
    load_questionnaire_document,
    shipped_questionnaires,
)
from questionnaires.model import Questionnaire
from questionnaires.translations import stamp as translation_stamp


class UnknownQuestionnaire(LookupError):
    """No shipped file or uploaded version has this id and version."""


@dataclass(frozen=True)
class Available:
    id: str
    version: int
    source: str  # "shipped" or "uploaded"


@functools.lru_cache(maxsize=64)
def _from_upload(row_id: int, questionnaire_id: str, version: int, uploaded_at: object,
                 _translations: object = None) -> Questionnaire:
    # uploaded_at is part of the key so that a re-created database never serves a stale parse
    row = db.session.get(QuestionnaireVersion, row_id)
    if row is None or (row.questionnaire_id, row.version) != (questionnaire_id, version):
        raise UnknownQuestionnaire(f"no questionnaire {questionnaire_id!r} version {version}")
    return load_questionnaire_document(row.document, f"upload {questionnaire_id} v{version}")


class Registry:
    def available(self) -> list[Available]:
        """Every questionnaire version, shipped and uploaded, by id then version."""
        found = {key: Available(*key, "shipped") for key in shipped_questionnaires()}
        for qid, version in db.session.execute(
            select(QuestionnaireVersion.questionnaire_id, QuestionnaireVersion.version)
        ):
            found.setdefault((qid, version), Available(qid, version, "uploaded"))
        return sorted(found.values(), key=lambda a: (a.id, a.version))

    def get(self, questionnaire_id: str, version: int) -> Questionnaire:
        """:raises UnknownQuestionnaire: when neither a shipped file nor an upload has it"""
        path = shipped_questionnaires().get((questionnaire_id, version))
        if path is not None:
            return load_questionnaire(path)
        row = db.session.execute(
            select(QuestionnaireVersion.id, QuestionnaireVersion.uploaded_at).where(
                QuestionnaireVersion.questionnaire_id == questionnaire_id,
                QuestionnaireVersion.version == version,
            )
        ).first()
        if row is None:
            raise UnknownQuestionnaire(f"no questionnaire {questionnaire_id!r} version {version}")
        return _from_upload(row.id, questionnaire_id, version, row.uploaded_at, translation_stamp())

    def latest(self, questionnaire_id: str) -> Questionnaire:
        versions = [a.version for a in self.available() if a.id == questionnaire_id]
        if not versions:
            raise UnknownQuestionnaire(f"no questionnaire {questionnaire_id!r}")
        return self.get(questionnaire_id, max(versions))


_REGISTRY = Registry()


def registry() -> Registry:
    return _REGISTRY


__all__ = ["Available", "DefinitionError", "Registry", "UnknownQuestionnaire", "registry"]
