"""Questionnaire definitions as data: JSON documents under ``data/``, JSON Schemas under ``schemas/``,
a loader that reports every problem with its path, and frozen dataclasses for the rest of the toolkit.

This package imports neither Flask nor SQLAlchemy.
"""
