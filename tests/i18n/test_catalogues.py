"""(b) Each translated app's German and French catalogues are complete and current, and the
compiled .mo files shipped beside them match their .po files."""

from __future__ import annotations

import contextlib
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.i18n.catalogues import expected_mo_catalogue, messages, mo_catalogue
from tests.i18n.coverage import (
    DERIVED_NAMES_PENDING,
    LANGUAGES,
    TRANSLATED_APPS,
    app_dir,
    mo_path,
    po_path,
)

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
CASES = [(app, language) for app in TRANSLATED_APPS for language in LANGUAGES]


def _label(entry) -> str:  # type: ignore[no-untyped-def]
    return f"line {entry.line}: {entry.msgid!r}"


@pytest.mark.parametrize(("app", "language"), CASES)
def test_every_message_is_translated(app, language):
    entries = messages(po_path(app, language))
    assert entries, f"{app} has no {language} messages"
    untranslated = [_label(e) for e in entries if not e.translated]
    assert not untranslated, (
        f"{po_path(app, language)}: {len(untranslated)} untranslated or fuzzy:\n"
        + "\n".join(untranslated)
    )


@pytest.mark.parametrize(("app", "language"), CASES)
def test_translations_use_only_known_placeholders(app, language):
    """A translation never names a value the English text does not give: Django would fall back
    to English, or the page would fail. (msgfmt, which compiles the catalogues, checks the other
    way: every named value of the English text is used.)"""
    wrong = []
    for entry in messages(po_path(app, language)):
        given = set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
        for text in entry.msgstr.values():
            if not set(PLACEHOLDER.findall(text)) <= given:
                wrong.append(_label(entry))
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("app", "language"), CASES)
def test_compiled_catalogue_matches_its_source(app, language):
    """The shipped .mo (what Django reads) holds exactly the translations of the .po: run
    scripts/messages after editing a .po."""
    assert mo_path(app, language).exists(), f"{mo_path(app, language)} is missing"
    assert mo_catalogue(mo_path(app, language)) == expected_mo_catalogue(po_path(app, language))


def _extract(app: str, tmp: Path) -> set[str]:
    """The msgids Django's makemessages finds in the app today (run on a copy of the app, in this
    process)."""
    copy = tmp / app
    shutil.copytree(
        app_dir(app),
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "locale", "migrations", "static"),
    )
    (copy / "locale").mkdir()
    with contextlib.chdir(copy):  # makemessages reads the folder it runs in
        call_command("makemessages", locale=["de"], no_wrap=True, verbosity=0)
    return {e.msgid for e in messages(copy / "locale" / "de" / "LC_MESSAGES" / "django.po")}


@pytest.mark.parametrize("app", TRANSLATED_APPS)
def test_catalogues_hold_every_marked_string(app, tmp_path):
    """Running makemessages would change nothing: every marked string is in the catalogues and
    none is left over (scripts/messages updates them). Needs GNU gettext's xgettext, which
    scripts/ensure-test-deps installs."""
    assert shutil.which("xgettext"), "GNU gettext is missing: run scripts/ensure-test-deps"
    found = _extract(app, tmp_path)
    for language in LANGUAGES:
        shipped = {e.msgid for e in messages(po_path(app, language))}
        assert not found - shipped, f"{app} {language}: not in the catalogue: {found - shipped}"
        assert not shipped - found, f"{app} {language}: no longer used: {shipped - found}"


@pytest.mark.parametrize("app", [a for a in TRANSLATED_APPS if a not in DERIVED_NAMES_PENDING])
def test_derived_model_names_are_listed_for_translation(app):
    """<app>/verbose_names.py lists the names Django derives from the app's models and fields
    as they are today (scripts/messages writes it)."""
    from midora.core.i18n import names_to_translate, verbose_names_module

    listed = app_dir(app) / "verbose_names.py"
    if not names_to_translate(app):
        assert not listed.exists()
        return
    assert listed.exists(), f"{listed} is missing: run scripts/messages {app}"
    assert listed.read_text(encoding="utf-8") == verbose_names_module(app), (
        f"{listed} is out of date: run scripts/messages {app}"
    )
