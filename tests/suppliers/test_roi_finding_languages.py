"""Register of Information findings in the reader's language, their English kept as it was.

Reading and validation write each finding's message as a `Sentence`: its text is the English the
API, the CLI, the JSON findings and the job pages give, and it keeps its template and values, so
that the register page says it in German and French. The EBA rule's id, the template, the row and
the column stay as written; a stored result keeps each finding's sentence beside its English.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from tests.factories import make_user
from tests.suppliers.roi.roi_sample import params, valid_register

from midora.core.choices import Role
from midora.core.engine.sentences import Sentence
from midora.core.sentences import say
from midora.suppliers.models import RegisterResult
from midora.suppliers.roi.export import export_package
from midora.suppliers.roi.findings import (
    SENTENCE_KEY,
    Finding,
    capped,
    finding_from_record,
    finding_record,
    findings_to_json,
)
from midora.suppliers.roi.validate import validate_package, validate_register
from midora.suppliers.roi_store import stored_findings

REF = dt.date(2025, 12, 31)
PROVIDER_NAME = "Legal name of the ICT third-party service provider"


def _broken_register() -> dict:
    """A register with known problems: a provider's legal name missing (EBA rules e23674_e and
    v8851_m), a service type outside its closed list, a repeated arrangement, a dangling
    foreign key."""
    register = valid_register()
    register["B_05.01"][0]["c0050"] = None
    register["B_02.02"][0]["c0060"] = "eba_TA:S99"
    register["B_02.01"].append(dict(register["B_02.01"][0]))
    register["B_03.01"] = [dict(register["B_03.01"][0], c0010="CA-NOPE")]
    return register


def _said(findings: list[Finding], language: str) -> dict[str, str]:
    with translation.override(language):
        return {f.rule_id: say(f.message) for f in findings}


EXPECTED = {
    "en": {
        "e23674_e": f"B_05.01 row 1: {PROVIDER_NAME} (c0050) is missing (EBA rule e23674_e).",
        "v8851_m": f"B_05.01 row 1: {PROVIDER_NAME} (c0050) is missing or does not fit the rest "
        "of the row (EBA rule v8851_m).",
        "ENUM-VALUE": "not an allowed value of ict_service_type",
        "806": "duplicate key: primary key repeats row 1",
    },
    "de": {
        "e23674_e": f"B_05.01 Zeile 1: „{PROVIDER_NAME}“ (c0050) fehlt (EBA-Regel e23674_e).",
        "v8851_m": f"B_05.01 Zeile 1: „{PROVIDER_NAME}“ (c0050) fehlt oder passt nicht zum Rest "
        "der Zeile (EBA-Regel v8851_m).",
        "ENUM-VALUE": "kein zulässiger Wert von ict_service_type",
        "806": "doppelter Schlüssel: der Primärschlüssel wiederholt Zeile 1",
    },
    "fr": {
        "e23674_e": f"B_05.01 ligne 1 : valeur manquante pour « {PROVIDER_NAME} » (c0050) "
        "(règle de l'ABE e23674_e).",
        "v8851_m": "B_05.01 ligne 1 : valeur manquante ou incohérente avec le reste de la ligne "
        f"pour « {PROVIDER_NAME} » (c0050) (règle de l'ABE v8851_m).",
        "ENUM-VALUE": "valeur non autorisée pour ict_service_type",
        "806": "clé en double : la clé primaire répète la ligne 1",
    },
}


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_validation_findings_are_said_in_the_readers_language(language) -> None:
    findings = validate_register(_broken_register())
    said = _said(findings, language)
    for rule, text in EXPECTED[language].items():
        assert said[rule] == text
    assert {"e23674_e", "v8851_m", "ENUM-VALUE", "806", "807"} <= set(said)
    # The foreign key's name, value, key columns and target stay as written.
    foreign = {"de": "Fremdschlüssel R10 ", "fr": "clé étrangère R10 ", "en": "foreign key R10 "}
    assert said["807"].startswith(foreign[language])
    assert "CA-NOPE" in said["807"] and said["807"].endswith(
        "(c0010) " + {"en": "of B_02.01", "de": "von B_02.01", "fr": "de B_02.01"}[language]
    )


def test_the_english_text_is_what_validation_said_before() -> None:
    findings = validate_register(_broken_register())
    for finding in findings:
        assert isinstance(finding.message, Sentence)
    assert {f.rule_id: f.message for f in findings if f.rule_id in EXPECTED["en"]} == EXPECTED["en"]
    # The JSON findings (the job's download, `midora roi validate --json`) carry the English only.
    payload = json.loads(findings_to_json(findings))
    assert {p["rule_id"]: p["message"] for p in payload if p["rule_id"] in EXPECTED["en"]} == (
        EXPECTED["en"]
    )
    assert all(SENTENCE_KEY not in p for p in payload)


def test_the_count_of_findings_left_out_is_said_too() -> None:
    findings = [
        Finding("806", "error", "B_02.01", "", "", "", Sentence("duplicate key"), n)
        for n in range(4)
    ]
    summary = capped(findings, per_rule=1)[-1]
    assert summary.message == "3 more finding(s) of rule 806 not shown (first 1 of 4 listed)"
    assert _said([summary], "de")["806"] == (
        "3 weitere Feststellung(en) der Regel 806 nicht angezeigt (die ersten 1 von 4 aufgeführt)"
    )


def _package_with_a_stray_file() -> io.BytesIO:
    built = io.BytesIO()
    name = export_package(valid_register(), params(), built)
    source = zipfile.ZipFile(io.BytesIO(built.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr(f"{name}/reports/notes.txt", "draft")
    out.seek(0)
    return out


def test_package_reading_findings_are_said_in_the_readers_language() -> None:
    findings = validate_package(_package_with_a_stray_file())
    stray = next(f for f in findings if f.rule_id == "PKG-FILE")
    assert stray.message == "unexpected file in the package"
    assert _said([stray], "de")["PKG-FILE"] == "unerwartete Datei im Paket"
    assert _said([stray], "fr")["PKG-FILE"] == "fichier inattendu dans le paquet"


def test_a_stored_finding_keeps_its_sentence() -> None:
    finding = next(f for f in validate_register(_broken_register()) if f.rule_id == "e23674_e")
    record = json.loads(json.dumps(finding_record(finding)))  # as the JSON field keeps it
    assert record["message"] == EXPECTED["en"]["e23674_e"]
    assert record[SENTENCE_KEY]["template"].startswith("%(table)s row %(row)s: ")
    again = finding_from_record(record)
    assert again == finding and isinstance(again.message, Sentence)
    assert _said([again], "fr")["e23674_e"] == EXPECTED["fr"]["e23674_e"]
    # A finding stored before sentences were kept reads back with its English message.
    old = finding_from_record({k: v for k, v in record.items() if k != SENTENCE_KEY})
    assert not isinstance(old.message, Sentence)
    assert _said([old], "de")["e23674_e"] == EXPECTED["en"]["e23674_e"]


PAGE_WORDS = {
    "de": ("Zeile", "(EBA-Regel e23682_e)", "Fehler"),
    "fr": ("ligne", "(règle de l'ABE e23682_e)", "erreur"),
}
ENGLISH_WORDS = ("is missing", "(EBA rule", " row ")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_register_page_says_stored_findings_in_the_readers_language(
    language, casp, client_for, settings, tmp_path
) -> None:
    settings.HOME = tmp_path
    client = client_for(make_user("officer", Role.COMPLIANCE_MANAGER, [casp]))
    query = f"?entity={casp.pk}&date={REF.isoformat()}&level=IND"
    client.post(f"/third-parties/roi/validate/{query}")
    result = RegisterResult.objects.get(entity=casp, level="IND", reference_date=REF)
    kept = next(item for item in result.findings if item["rule_id"] == "e23682_e")
    assert (
        kept["message"].startswith("B_06.01 row ")
        and " is missing (EBA rule e23682_e)" in (kept["message"])
    )
    assert kept[SENTENCE_KEY]["params"]["rule"] == "e23682_e"

    page = client.get(f"/third-parties/roi/{query}", HTTP_ACCEPT_LANGUAGE=language)
    text = unescape(page.content.decode())
    row = next(line for line in text.splitlines() if "e23682_e" in line and "<tr>" in line)
    for word in PAGE_WORDS[language]:
        assert word in row
    assert "B_06.01" in row and "c0" in row
    assert not [w for w in ENGLISH_WORDS if w in row]
    # What was stored is unchanged by reading it in another language.
    assert [f.message for f in stored_findings(result)] == [
        item["message"] for item in result.findings
    ]


@pytest.mark.django_db
def test_a_checked_package_shows_its_findings_in_french(casp, client_for) -> None:
    client = client_for(make_user("officer", Role.COMPLIANCE_MANAGER, [casp]))
    upload = SimpleUploadedFile("draft.zip", _package_with_a_stray_file().getvalue())
    page = client.post(
        f"/third-parties/roi/check/?entity={casp.pk}",
        {"package": upload},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    text = unescape(page.content.decode())
    assert "fichier inattendu dans le paquet" in text
    # The zip's name differs from its folder: said in French, the names kept as given.
    assert "le nom du fichier zip doit être celui du dossier de premier niveau + .zip" in text
    assert "unexpected file in the package" not in text
