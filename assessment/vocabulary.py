"""The application's fixed vocabularies: roles and workflow statuses, as string enumerations.

They compare equal to their plain values (``Role.ADMIN == "admin"``), which is how the database stores them.
This module imports nothing heavy, so that the command line can offer the choices without loading the models.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    FOCAL_POINT = "focal_point"
    CONTRIBUTOR = "contributor"
    RSO_ANALYST = "rso_analyst"
    ADMIN = "admin"


class Status(StrEnum):
    """An assessment's place in the workflow: draft → submitted → (changes requested → submitted)* → validated."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    VALIDATED = "validated"


ROLES: tuple[str, ...] = tuple(Role)
#: the member's own people
MEMBER_ROLES: tuple[str, ...] = (Role.FOCAL_POINT, Role.CONTRIBUTOR)
#: the Regional Support Office's people
RSO_ROLES: tuple[str, ...] = (Role.RSO_ANALYST, Role.ADMIN)
STATUSES: tuple[str, ...] = tuple(Status)
#: statuses in which the member's users may edit answers
EDITABLE_STATUSES: tuple[str, ...] = (Status.DRAFT, Status.CHANGES_REQUESTED)
#: statuses in which the answers are frozen and the latest snapshot is a result that others read, validated first
RESULT_STATUSES: tuple[str, ...] = (Status.VALIDATED, Status.SUBMITTED)
