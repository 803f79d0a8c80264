"""The incident form refuses a record of another entity, in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from midora.core.models import BusinessFunction
from midora.incidents.forms import IncidentForm

pytestmark = pytest.mark.django_db

EXPECTED = {
    "en": "“F-SET Settlement” belongs to Beta CASP GmbH, not to Alpha CASP SAS.",
    "de": "„F-SET Settlement“ gehört zu Beta CASP GmbH, nicht zu Alpha CASP SAS.",
    "fr": "« F-SET Settlement » appartient à Beta CASP GmbH et non à Alpha CASP SAS.",
}


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_function_of_another_entity_is_refused_in_the_readers_language(
    language, entity, other_entity, admin_user
):
    function = BusinessFunction.objects.create(
        entity=other_entity, identifier="F-SET", name="Settlement", criticality="critical"
    )
    data = {"entity": entity.pk, "title": "Outage", "status": "open", "functions": [function.pk]}
    with translation.override(language):
        form = IncidentForm(data=data, user=admin_user)
        assert not form.is_valid()
        assert form.errors["functions"] == [EXPECTED[language]]
