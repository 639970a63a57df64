"""The OpenAPI 3.0 document of the read-only API, kept beside the views it describes (tests check that every
route is described and that real responses match the schemas)."""

from __future__ import annotations

from typing import Any

from assessment.api.views import DEFAULT_LIMIT, MAX_LIMIT
from assessment.vocabulary import STATUSES
from questionnaires.model import LEVELS
from questionnaires.resources import KIND_WORDS
from questionnaires.standards import INSTRUMENTS

NULLABLE_NUMBER = {"type": "number", "nullable": True}
NULLABLE_STRING = {"type": "string", "nullable": True}
DATETIME = {"type": "string", "format": "date-time", "nullable": True}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def _ok(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _page_of(item: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["total", "limit", "offset", "items", *extra],
        "properties": {
            **extra,
            "total": {"type": "integer", "minimum": 0, "description": "items matching, over all pages"},
            "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
            "offset": {"type": "integer", "minimum": 0},
            "items": {"type": "array", "items": item},
        },
    }


PAGING = [
    {"name": "limit", "in": "query", "required": False, "description": "page size",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}},
    {"name": "offset", "in": "query", "required": False, "description": "items to skip",
     "schema": {"type": "integer", "minimum": 0, "maximum": 10**9, "default": 0}},
]
CYCLE = {"name": "cycle", "in": "query", "required": False,
         "description": "cycle code, e.g. 2026 (default: the newest cycle)", "schema": {"type": "string"}}
RESULT_STATUS = {"name": "status", "in": "query", "required": False, "style": "form", "explode": True,
                 "description": "which stored results: validated (default) and/or submitted; drafts never. "
                                "Member users always get validated results only.",
                 "schema": {"type": "array", "items": {"type": "string", "enum": ["validated", "submitted"]}}}
SUB_REGION = {"name": "sub_region", "in": "query", "required": False, "description": "only this sub-region",
              "schema": {"type": "string"}}
COMMON_ERRORS = {"400": _error("A parameter is not valid."), "401": _error("No valid bearer token.")}


def _schemas() -> dict[str, Any]:
    cell = {"type": "object", "nullable": True, "required": ["gap", "band", "provisional", "completeness",
                                                              "critical_gaps"],
            "properties": {"gap": NULLABLE_NUMBER,
                           "band": {"type": "string", "nullable": True,
                                    "enum": ["aligned", "largely_aligned", "partly_aligned", "not_aligned", None]},
                           "provisional": {"type": "boolean"}, "completeness": NULLABLE_NUMBER,
                           "critical_gaps": {"type": "integer", "minimum": 0},
                           "obligations_gap": {**NULLABLE_NUMBER, "description": "method 2: the gap over the "
                                               "obligations that bind the member (FATF; treaties it is party to)"},
                           "best_case_gap": {**NULLABLE_NUMBER, "description": "method 2: the gap if every unknown "
                                             "and unanswered question were met"},
                           "weakest": {**NULLABLE_STRING, "description": "method 2 (overall or module): the "
                                       "section whose band is the scope's band"},
                           "profile": {"type": "object", "nullable": True,
                                       "description": "method 2 (overall or module): sections per band",
                                       "additionalProperties": {"type": "integer", "minimum": 0}},
                           "next_band_needs": {"type": "integer", "nullable": True, "minimum": 0,
                                               "description": "method 2 (section): how many answers fully met "
                                                              "would lift it one band"}}}
    questionnaire_ref = {"type": "object", "required": ["id", "version"],
                         "properties": {"id": {"type": "string"}, "version": {"type": "integer"}}}
    assessment = {"type": "object",
                  "required": ["id", "member", "cycle", "status", "questionnaire", "shares_results",
                               "submitted_at", "validated_at"],
                  "properties": {"id": {"type": "integer"}, "member": {"type": "string"},
                                 "cycle": {"type": "string"}, "status": {"type": "string", "enum": list(STATUSES)},
                                 "questionnaire": questionnaire_ref, "shares_results": {"type": "boolean"},
                                 "submitted_at": DATETIME, "validated_at": DATETIME}}
    element_schemas = _element_schemas()
    return {
        **element_schemas,
        **_standard_schemas(),
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {
            "type": "object", "required": ["status", "message"],
            "properties": {"status": {"type": "integer"}, "message": {"type": "string"}}}}},
        "Member": {"type": "object", "required": ["code", "name", "sub_region", "is_current", "is_state"],
                   "properties": {"code": {"type": "string"}, "name": {"type": "string"},
                                  "sub_region": {"type": "string"}, "is_current": {"type": "boolean"},
                                  "is_state": {"type": "boolean", "description": "false for a territory or other "
                                               "member that is not a state"}}},
        "Cycle": {"type": "object", "required": ["code", "title", "questionnaire", "opened_at", "is_closed"],
                  "properties": {"code": {"type": "string"}, "title": {"type": "string"},
                                 "questionnaire": questionnaire_ref, "opened_at": DATETIME,
                                 "is_closed": {"type": "boolean"}}},
        "Assessment": assessment,
        "AssessmentDetail": {"allOf": [assessment, {
            "type": "object", "required": ["snapshot", "answers", "result"],
            "properties": {
                "snapshot": {"type": "object", "nullable": True,
                             "description": "the stored snapshot the documents come from; null for a live draft",
                             "required": ["number", "created_at", "validated_at", "scoring_version"],
                             "properties": {"number": {"type": "integer"}, "created_at": DATETIME,
                                            "validated_at": DATETIME, "scoring_version": {"type": "string"}}},
                "answers": {"type": "object", "description": "answers document (questionnaires/schemas/"
                                                             "answers.schema.json)",
                            "required": ["questionnaire", "member", "cycle", "answers"],
                            "properties": {"questionnaire": questionnaire_ref, "member": {"type": "string"},
                                           "cycle": {"type": "string"}, "answers": {"type": "object"}}},
                "result": {"type": "object", "description": "result document (questionnaires/schemas/"
                                                            "result.schema.json); scoring_version 2.0 (method 2) "
                                                            "adds the weakest section, profile, obligations gap, "
                                                            "best case and next band",
                           "required": ["questionnaire", "scoring_version", "overall", "modules", "sections",
                                        "elements", "ta"],
                           "properties": {"questionnaire": questionnaire_ref,
                                          "scoring_version": {"type": "string"}, "overall": {"type": "object"},
                                          "modules": {"type": "array", "items": {"type": "object"}},
                                          "sections": {"type": "array", "items": {"type": "object"}},
                                          "elements": {"type": "array", "items": {"type": "object"}},
                                          "ta": {"type": "array", "items": {"type": "object"}}}}}}]},
        "Cell": cell,
        "MatrixRow": {"type": "object", "required": ["member", "name", "sub_region", "status", "scoring_version",
                                                     "headline", "cells"],
                      "properties": {"member": {"type": "string"}, "name": {"type": "string"},
                                     "sub_region": {"type": "string"},
                                     "status": {"type": "string", "enum": ["validated", "submitted"]},
                                     "scoring_version": {"type": "string", "enum": ["1.0", "2.0"],
                                                         "description": "the method the figures come from; gaps "
                                                                        "of different methods do not compare"},
                                     "headline": _ref("Cell"),
                                     "cells": {"type": "object", "additionalProperties": _ref("Cell"),
                                               "description": "section id → cell (null where the member's "
                                                              "questionnaire version has no such section)"}}},
        "DemandItem": {"type": "object",
                       "required": ["id", "category", "text", "audience", "members", "member_count", "priority",
                                    "recommended", "self_requested", "by_sub_region"],
                       "properties": {"id": {"type": "string"}, "category": NULLABLE_STRING,
                                      "text": {"type": "string"},
                                      "audience": {"type": "array", "items": {"type": "string"}},
                                      "members": {"type": "array", "items": {"type": "string"}},
                                      "member_count": {"type": "integer", "minimum": 0},
                                      "priority": {"type": "number"},
                                      "recommended": {"type": "array", "items": {"type": "string"}},
                                      "self_requested": {"type": "array", "items": {"type": "string"}},
                                      "by_sub_region": {"type": "object", "additionalProperties": {
                                          "type": "array", "items": {"type": "string"}}}}},
    }


BAND = {"type": "string", "nullable": True,
        "enum": ["aligned", "largely_aligned", "partly_aligned", "not_aligned", None]}
FATF_TEXT = {"name": "fatf", "in": "query", "required": False,
             "description": "FATF criteria read: current (with later amendments, the default) or 2013 (the 2013 "
                            "Methodology only, to set a result beside a report of that generation)",
             "schema": {"type": "string", "enum": ["current", "2013"], "default": "current"}}


def _standard_schemas() -> dict[str, Any]:
    text = {"type": "string"}
    ids = {"type": "array", "items": text}
    point = {"type": "object", "required": ["id", "methodology", "source", "title", "questions", "gap"],
             "properties": {"id": NULLABLE_STRING, "methodology": NULLABLE_STRING, "source": text, "title": text,
                            "questions": ids, "gap": NULLABLE_NUMBER}}
    unit = {"type": "object", "description": "a treaty article or FATF Recommendation rated with the sections' "
                                             "rules (result.schema.json, standards); self-assessed, never a rating",
            "required": ["id", "instrument", "unit", "title", "fatf_text", "obligation", "gap", "band", "provisional",
                         "completeness", "capped_by", "questions", "criteria", "later"],
            "properties": {"id": text, "instrument": {"type": "string", "enum": list(INSTRUMENTS)},
                           "unit": {"type": "string", "description": "art. 6 or R.3"}, "title": text,
                           "fatf_text": {**NULLABLE_STRING, "enum": ["current", "2013", None]},
                           "obligation": {"type": "string", "enum": ["obligation", "recommended", "standard"]},
                           "gap": NULLABLE_NUMBER, "band": BAND, "provisional": {"type": "boolean"},
                           "completeness": NULLABLE_NUMBER, "capped_by": {"type": "array", "items": {"type": "object"}},
                           "questions": ids, "criteria": {"type": "array", "items": point},
                           "later": {"type": "array", "items": {"type": "object"}}}}
    beside = {"type": "object", "nullable": True,
              "description": "the rating set beside the band: the RSO's record of the latest published report, else "
                             "the member's own record (Profile); flagged when two steps or more apart on the "
                             "ordered scales, which never makes a band a rating",
              "required": ["rating", "rating_from", "published", "own", "differ", "steps", "flagged"],
              "properties": {"rating": {**NULLABLE_STRING, "enum": ["C", "LC", "PC", "NC", "NA", None]},
                             "rating_from": {**NULLABLE_STRING, "enum": ["published", "own", None]},
                             "published": {"type": "object", "nullable": True,
                                           "required": ["rating", "report_title", "report_date", "link"],
                                           "properties": {"rating": text, "report_title": text,
                                                          "report_date": {"type": "string", "format": "date"},
                                                          "link": text}},
                             "own": NULLABLE_STRING, "differ": {"type": "boolean"},
                             "steps": {"type": "integer", "nullable": True, "minimum": 0, "maximum": 3},
                             "flagged": {"type": "boolean"}}}
    rating_row = {"allOf": [beside, {"type": "object", "required": ["unit", "band", "gap"],
                                     "properties": {"unit": text, "band": BAND, "gap": NULLABLE_NUMBER}}]}
    figure_cell = {"type": "object", "required": ["state", "value", "words"],
                   "properties": {"state": {"type": "string", "enum": [
                       "reported", "not_collected", "unknown", "not_answered", "not_asked", "answered"],
                       "description": "answered: an answer that is not a figure (its words say it)"},
                       "value": {**NULLABLE_NUMBER, "description": "the figure, when reported"},
                       "words": text}}
    law_cell = {"type": "object", "nullable": True, "required": ["band", "gap", "provisional"],
                "properties": {"band": BAND, "gap": NULLABLE_NUMBER, "provisional": {"type": "boolean"}}}
    capacity = {
        "Capacity": {
            "type": "object", "required": ["id", "member", "cycle", "cycles", "law", "practice", "checks"],
            "properties": {
                "id": {"type": "integer"}, "member": text, "cycle": text,
                "cycles": {"type": "array", "description": "the columns, oldest first", "items": {
                    "type": "object", "required": ["cycle", "status", "year"],
                    "properties": {"cycle": text, "status": {"type": "string",
                                                             "enum": ["validated", "submitted", "draft"]},
                                   "year": {"type": "integer", "nullable": True,
                                            "description": "the year the cycle's figures cover"}}}},
                "law": {"type": "array", "items": {
                    "type": "object", "required": ["id", "title", "kind", "cells"],
                    "properties": {"id": text, "title": text,
                                   "kind": {"type": "string", "enum": ["overall", "module", "section"]},
                                   "cells": {"type": "array", "items": law_cell}}}},
                "practice": {"type": "array", "items": {
                    "type": "object", "required": ["id", "section", "text", "kind", "unit", "trend", "cells"],
                    "properties": {"id": text, "section": text, "text": text,
                                   "kind": {"type": "string", "enum": ["figure", "year", "fact"]},
                                   "unit": NULLABLE_STRING,
                                   "trend": {"type": "string", "nullable": True, "enum": ["up", "down", "same", None]},
                                   "cells": {"type": "array", "items": figure_cell}}}},
                "checks": {"type": "array", "description": "plausibility of the newest cycle's figures; never "
                                                           "a refusal", "items": {
                    "type": "object", "required": ["question", "questions", "message"],
                    "properties": {"question": text, "questions": {"type": "array", "items": text},
                                   "message": text}}}}},
        "CapacityRegion": {
            "type": "object", "required": ["cycle", "figures", "practice"],
            "properties": {
                "cycle": text,
                "figures": {"type": "array", "items": {
                    "type": "object", "required": ["id", "words", "unit", "scopes"],
                    "properties": {"id": text, "words": text, "unit": NULLABLE_STRING,
                                   "scopes": {"type": "array", "description": "all sharing members, then each "
                                                                              "sub-region", "items": {
                                       "type": "object",
                                       "required": ["scope", "asked", "reporting", "not_collected", "total", "median"],
                                       "properties": {"scope": text, "asked": {"type": "integer"},
                                                      "reporting": {"type": "integer"},
                                                      "not_collected": {"type": "integer"},
                                                      "total": {**NULLABLE_NUMBER,
                                                                "description": "null where fewer than five "
                                                                               "report, and for medians (days)"},
                                                      "median": NULLABLE_NUMBER}}}}}},
                "practice": {"type": "array", "nullable": True,
                             "description": "RSO staff only (null for members): law aligned, practice thin",
                             "items": {"type": "object",
                                       "required": ["member", "sub_region", "section", "section_title", "band",
                                                    "figure", "practice", "ta_item", "figures"],
                                       "properties": {"member": text, "sub_region": text, "section": text,
                                                      "section_title": text, "band": BAND, "figure": text,
                                                      "practice": text, "ta_item": text,
                                                      "figures": {"type": "array", "items": {
                                                          "allOf": [figure_cell, {
                                                              "type": "object", "required": ["cycle"],
                                                              "properties": {"cycle": text}}]}}}}}}},
    }
    return {
        **capacity,
        "StandardUnit": unit,
        "RatingBeside": beside,
        "AssessmentStandards": {
            "type": "object",
            "required": ["id", "member", "cycle", "snapshot", "scoring_version", "available", "fatf_text",
                         "standards", "ratings"],
            "properties": {"id": {"type": "integer"}, "member": text, "cycle": text,
                           "snapshot": {"type": "integer", "nullable": True,
                                        "description": "the snapshot read; null for a live draft"},
                           "scoring_version": text,
                           "available": {"type": "boolean", "description": "false for a result of scoring method 1, "
                                                                           "which has no view by standard"},
                           "fatf_text": {"type": "string", "enum": ["current", "2013"]},
                           "standards": {"type": "array", "items": _ref("StandardUnit")},
                           "ratings": {"type": "array", "items": rating_row}}},
        "StandardRow": {
            "type": "object", "required": ["member", "name", "sub_region", "status", "scoring_version", "cells"],
            "properties": {"member": text, "name": text, "sub_region": text,
                           "status": {"type": "string", "enum": ["validated", "submitted"]},
                           "scoring_version": {"type": "string", "enum": ["2.0"]},
                           "cells": {"type": "object", "description": "unit (R.3, art. 6) → cell",
                                     "additionalProperties": {
                                         "type": "object", "required": ["band", "gap", "provisional", "rating"],
                                         "properties": {"band": BAND, "gap": NULLABLE_NUMBER,
                                                        "provisional": {"type": "boolean"},
                                                        "rating": _ref("RatingBeside")}}}}},
    }


def _element_schemas() -> dict[str, Any]:
    text = {"type": "string"}
    resource = {"type": "object", "required": ["id", "title", "publisher", "year", "kind", "provision", "criteria",
                                               "url"],
                "properties": {"id": text, "title": text, "publisher": text,
                               "year": {"type": "integer", "nullable": True},
                               "kind": {"type": "string", "enum": list(KIND_WORDS)},
                               "provision": {"type": "string", "description": "article, section or paragraph"},
                               "criteria": {"type": "array", "items": text,
                                            "description": "FATF Methodology criteria, e.g. 37.3"},
                               "url": NULLABLE_STRING}}
    example = {"type": "object",
               "required": ["member", "member_name", "cycle", "question", "act", "section", "year", "url",
                            "validated_at", "model_provision"],
               "properties": {"member": text, "member_name": text, "cycle": text, "question": text, "act": text,
                              "section": text, "year": {"type": "integer", "nullable": True}, "url": NULLABLE_STRING,
                              "validated_at": DATETIME,
                              "model_provision": {"type": "object", "nullable": True, "required": ["note", "marked_at"],
                                                  "description": "set when an RSO analyst marked the example",
                                                  "properties": {"note": text, "marked_at": DATETIME}}}}
    element = {"type": "object",
               "required": ["id", "section", "title", "description", "level", "levels", "critical", "sources",
                            "resources", "examples"],
               "properties": {
                   "id": text, "section": text, "title": text,
                   "description": {"type": "string", "description": "what the law must do, in plain words"},
                   "level": {"type": "string", "enum": list(LEVELS)},
                   "levels": {"type": "array", "items": {"type": "object", "required": ["part", "level"],
                                                         "properties": {"part": NULLABLE_STRING,
                                                                        "level": {"type": "string",
                                                                                  "enum": list(LEVELS)}}}},
                   "critical": {"type": "boolean"},
                   "sources": {"type": "array", "items": {"type": "object",
                                                          "required": ["instrument", "article", "note"],
                                                          "properties": {"instrument": text, "article": text,
                                                                         "note": text}}},
                   "resources": {"type": "array", "items": _ref("ElementResource")},
                   "examples": {"type": "array", "items": _ref("RegionalExample"),
                                "description": "law in force cited for answers that meet the element, from the "
                                               "validated results the token's owner may see (newest cycle first)"}}}
    return {"ElementResource": resource, "RegionalExample": example, "Element": element}


def document() -> dict[str, Any]:
    """The OpenAPI 3.0.3 document."""
    secured = [{"bearer": []}]
    statuses = {"type": "array", "items": {"type": "string", "enum": ["validated", "submitted"]}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Legislative self-assessment toolkit API", "version": "1",
                 "description": "Read-only access to members, cycles, assessments, the regional comparison and the "
                                "legal elements with their resources and regional examples. "
                                "Results are self-assessed and bands are not FATF ratings. Authenticate with a "
                                "personal token from the profile page: Authorization: Bearer <token>. A token "
                                "acts with its owner's rights: members see their own member, and other members' "
                                "validated results only where both share (aggregates with five or more)."},
        "servers": [{"url": "/api/v1"}],
        "security": secured,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "personal API token (profile page)"}},
            "schemas": _schemas(),
        },
        "paths": {
            "/members": {"get": {
                "operationId": "listMembers", "summary": "Members (member users: their own member)",
                "parameters": PAGING,
                "responses": {"200": _ok(_page_of(_ref("Member"))), **COMMON_ERRORS}}},
            "/cycles": {"get": {
                "operationId": "listCycles", "summary": "Assessment cycles, newest first", "parameters": PAGING,
                "responses": {"200": _ok(_page_of(_ref("Cycle"))), **COMMON_ERRORS}}},
            "/assessments": {"get": {
                "operationId": "listAssessments", "summary": "Assessments the token's owner may see",
                "parameters": [
                    {"name": "member", "in": "query", "required": False, "schema": {"type": "string"},
                     "description": "member code"},
                    {"name": "cycle", "in": "query", "required": False, "schema": {"type": "string"},
                     "description": "cycle code"},
                    {"name": "status", "in": "query", "required": False,
                     "schema": {"type": "string", "enum": list(STATUSES)}},
                    *PAGING],
                "responses": {"200": _ok(_page_of(_ref("Assessment"))), **COMMON_ERRORS}}},
            "/assessments/{id}": {"get": {
                "operationId": "getAssessment",
                "summary": "One assessment with its answers and result documents",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": _ok(_ref("AssessmentDetail")), **COMMON_ERRORS,
                              "404": _error("No such assessment, or not visible to the token's owner.")}}},
            "/assessments/{id}/standards": {"get": {
                "operationId": "getAssessmentStandards",
                "summary": "One assessment's answers read by treaty article and FATF Recommendation, with the "
                           "mutual-evaluation ratings on record beside them",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                               FATF_TEXT],
                "responses": {"200": _ok(_ref("AssessmentStandards")), **COMMON_ERRORS,
                              "404": _error("No such assessment, or not visible to the token's owner.")}}},
            "/compare": {"get": {
                "operationId": "compare",
                "summary": "Member × section matrix of core gaps, or member × Recommendation (by=standard)",
                "parameters": [CYCLE, RESULT_STATUS, SUB_REGION,
                               {"name": "module", "in": "query", "required": False, "schema": {"type": "string"},
                                "description": "only this module's sections; the headline is the module's"},
                               {"name": "sort", "in": "query", "required": False,
                                "schema": {"type": "string", "enum": ["name", "gap"], "default": "name"},
                                "description": "gap: largest overall gap first (RSO staff only; the matrix by "
                                               "standard is always in alphabetical order)"},
                               {"name": "by", "in": "query", "required": False,
                                "schema": {"type": "string", "enum": ["section", "standard"], "default": "section"},
                                "description": "standard: members × units of one instrument (stored results of "
                                               "scoring method 2), with the ratings on record"},
                               {"name": "instrument", "in": "query", "required": False,
                                "schema": {"type": "string", "enum": list(INSTRUMENTS), "default": "FATF"},
                                "description": "by=standard: the instrument whose units are the columns"},
                               FATF_TEXT,
                               *PAGING],
                "responses": {
                    "200": _ok({"anyOf": [
                        _page_of(_ref("MatrixRow"), cycle={"type": "string"}, statuses=statuses,
                                 module=NULLABLE_STRING, columns={"type": "array", "items": {
                                     "type": "object", "required": ["id", "title", "module"],
                                     "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                                                    "module": {"type": "string"}}}}),
                        _page_of(_ref("StandardRow"), cycle={"type": "string"}, statuses=statuses,
                                 by={"type": "string", "enum": ["standard"]},
                                 instrument={"type": "string", "enum": list(INSTRUMENTS)},
                                 fatf_text={"type": "string", "enum": ["current", "2013"]},
                                 columns={"type": "array", "items": {
                                     "type": "object", "required": ["unit", "title"],
                                     "properties": {"unit": {"type": "string"}, "title": {"type": "string"}}}},
                                 other_methods={"type": "array", "items": {
                                     "type": "object", "required": ["member", "scoring_version"],
                                     "properties": {"member": {"type": "string"},
                                                    "scoring_version": {"type": "string"}}}})]}),
                    **COMMON_ERRORS,
                    "403": _error("A member user whose member does not share for the cycle, or sort=gap."),
                    "404": _error("No such cycle, or no cycle yet.")}}},
            "/ta-demand": {"get": {
                "operationId": "taDemand",
                "summary": "Regional TA demand with the members behind each item and training candidates",
                "parameters": [CYCLE, RESULT_STATUS, SUB_REGION,
                               {"name": "method", "in": "query", "required": False,
                                "schema": {"type": "string", "enum": ["1.0", "2.0"]},
                                "description": "scoring version the figures come from (default: the newest "
                                               "present); a regional figure never mixes methods"},
                               *PAGING],
                "responses": {
                    "200": _ok(_page_of(_ref("DemandItem"), cycle={"type": "string"}, statuses=statuses,
                                        scoring_version={**NULLABLE_STRING, "description": "the method of every "
                                                         "figure on the page"},
                                        other_methods={"type": "array", "description": "members left out: their "
                                                       "results come from another method", "items": {
                                                           "type": "object",
                                                           "required": ["member", "scoring_version"],
                                                           "properties": {"member": {"type": "string"},
                                                                          "scoring_version": {"type": "string"}}}},
                                        members={"type": "integer", "minimum": 0}, training={
                                            "type": "array", "items": {
                                                "type": "object", "required": ["sub_region", "item", "members"],
                                                "properties": {"sub_region": {"type": "string"},
                                                               "item": {"type": "string"},
                                                               "members": {"type": "array",
                                                                           "items": {"type": "string"}}}}})),
                    **COMMON_ERRORS,
                    "403": _error("A member user whose member does not share, or fewer than five sharing."),
                    "404": _error("No such cycle, or no cycle yet.")}}},
            "/assessments/{id}/capacity": {"get": {
                "operationId": "getAssessmentCapacity",
                "summary": "The member's bands by cycle beside its Capacity and practice answers by cycle (up to "
                           "this assessment's cycle, each as the token's owner may see it), with the figures to "
                           "check; self-assessed, never scored",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": _ok(_ref("Capacity")), **COMMON_ERRORS,
                              "404": _error("No such assessment, or not visible to the token's owner.")}}},
            "/capacity": {"get": {
                "operationId": "capacityAcrossMembers",
                "summary": "Capacity figures across the members that share their validated results (total and "
                           "median only where five or more report a figure), and for RSO staff the members "
                           "whose law is aligned while the figure showing it in use is zero (training candidates)",
                "parameters": [CYCLE, RESULT_STATUS, SUB_REGION],
                "responses": {"200": _ok(_ref("CapacityRegion")), **COMMON_ERRORS,
                              "403": _error("A member user whose member does not share for the cycle."),
                              "404": _error("No such cycle, or no cycle yet.")}}},
            "/elements": {"get": {
                "operationId": "listElements",
                "summary": "Legal elements with their resources and the regional examples the token may see",
                "parameters": PAGING,
                "responses": {"200": _ok(_page_of(_ref("Element"))), **COMMON_ERRORS}}},
            "/elements/{id}": {"get": {
                "operationId": "getElement",
                "summary": "One legal element with its resources and the regional examples the token may see",
                "parameters": [{"name": "id", "in": "path", "required": True, "description": "element id, e.g. A6",
                                "schema": {"type": "string"}}],
                "responses": {"200": _ok(_ref("Element")), **COMMON_ERRORS,
                              "404": _error("No such element.")}}},
            "/openapi.json": {"get": {
                "operationId": "openapi", "summary": "This document", "security": [],
                "responses": {"200": {"description": "OpenAPI 3.0 document",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        },
    }
