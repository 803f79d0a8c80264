"""LEI (ISO 17442) and country (ISO 3166) validation, with messages that say what is wrong."""

import pytest
from django.core.exceptions import ValidationError

from midora.core.demo import make_lei
from midora.core.validators import validate_country, validate_lei

VALID_LEI = make_lei("5299", "CHECK0000001")


def test_generated_lei_is_valid():
    validate_lei(VALID_LEI)
    validate_lei("529900T8BM49AURSDO55")  # a published LEI


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (VALID_LEI[:-2] + ("00" if VALID_LEI[-2:] != "00" else "01"), "check digits"),
        ("529900T8BM49AURSDO5", "exactly 20"),
        ("529900t8bm49aursdo55", "upper-case"),
        ("5299-0T8BM49AURSDO55", "upper-case"),
    ],
)
def test_invalid_lei_says_why(value, fragment):
    with pytest.raises(ValidationError) as caught:
        validate_lei(value)
    assert fragment in caught.value.messages[0]
    assert value in caught.value.messages[0]


@pytest.mark.parametrize("code", ["FR", "DE", "IE", "LU"])
def test_countries_accepted(code):
    validate_country(code)


@pytest.mark.parametrize("code", ["XX", "fr", "FRA", "F", "UK"])
def test_unknown_country_refused(code):
    with pytest.raises(ValidationError, match="ISO 3166-1 alpha-2"):
        validate_country(code)


@pytest.mark.django_db
def test_entity_form_reports_lei_error(admin_user, client_for):
    response = client_for(admin_user).post(
        "/entities/add/",
        {
            "name": "Bad LEI SA",
            "lei": "529900T8BM49AURSDO56",
            "country": "FR",
            "entity_type": "eba_CT:x303",
            "mica_status": "applicant",
            "time_zone": "Europe/Paris",
        },
    )
    assert response.status_code == 422
    assert "fails the ISO 17442 check digits" in response.content.decode()


@pytest.mark.django_db
def test_api_reports_field_path_and_reason(admin_user, api_for):
    response = api_for(admin_user).post(
        "/api/entities/",
        {"name": "X", "lei": "529900T8BM49AURSDO56", "country": "ZZ"},
        content_type="application/json",
    )
    assert response.status_code == 422
    detail = {tuple(d["loc"]): d["msg"] for d in response.json()["detail"]}
    assert "check digits" in detail[("body", "payload", "lei")]
    assert "ISO 3166-1" in detail[("body", "payload", "country")]
