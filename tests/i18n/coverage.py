"""The apps whose user interface is translated, and into which languages.

Every app listed here must pass the tests of this package: no untranslated literal text in its
templates, complete and current German and French catalogues, and its main pages rendered in
each language with no English UI string. An app joins the list once its strings are marked and
translated; by the end every app with pages is listed.
"""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "midora"

TRANSLATED_APPS = [
    "core",
    "compliance",
    "jobs",
    "notifications",
    "reviews",
    "suppliers",
    "authorisation",
    "governance",
    "resilience",
    "ictrisk",
    "evidencepacks",
    "boardpack",
    "incidents",
]

# The names Django derives from models and fields ("short name", "legal entity") are listed per
# app in <app>/verbose_names.py by scripts/messages and translated with the rest. An app translated
# before that listing existed stays here until `scripts/messages APP` has been run for it and the
# new entries translated; then it leaves this set.
DERIVED_NAMES_PENDING: set[str] = set()

# English is the source language: its text is the msgid itself.
LANGUAGES = ["de", "fr"]


def app_dir(app: str) -> Path:
    return SRC / app


def po_path(app: str, language: str) -> Path:
    return app_dir(app) / "locale" / language / "LC_MESSAGES" / "django.po"


def mo_path(app: str, language: str) -> Path:
    return po_path(app, language).with_suffix(".mo")
