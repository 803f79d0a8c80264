"""Searchable selects: every register form's many-to-many select and record select carries the
marker the browser script enhances, the vendored Tom Select files are the ones VENDORED.md
lists, and the plain select (no script) still submits and saves."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django import forms

from midora.compliance.models import Control
from midora.core.choices import Role
from midora.core.widgets import SearchableSelect, SearchableSelectMultiple
from midora.ictrisk.models import Risk
from midora.ictrisk.registers import risks
from tests.factories import make_entity, make_user

VENDOR = Path(__file__).parents[2] / "src/midora/core/static/core/tom-select"


def test_vendored_files_match_their_recorded_checksums() -> None:
    listed = dict(
        re.findall(
            r"\| `([^`]+)` \| `[^`]+` \| `([0-9a-f]{64})` \|", (VENDOR / "VENDORED.md").read_text()
        )
    )
    assert set(listed) == {"tom-select.complete.min.js", "tom-select.default.min.css", "LICENSE"}
    for name, digest in listed.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.django_db
def test_register_forms_make_link_selects_searchable() -> None:
    entity = make_entity("Gamma Custody SAS", "FR")
    user = make_user("officer", Role.COMPLIANCE_MANAGER, [entity])
    form = risks.form_class(user=user)
    for name in ("controls", "assets", "functions", "providers"):
        assert isinstance(form.fields[name].widget, SearchableSelectMultiple), name
        assert 'data-searchable="multiple"' in str(form[name])
    assert isinstance(form.fields["entity"].widget, SearchableSelect)
    assert not isinstance(form.fields["treatment"].widget, SearchableSelect)


@pytest.mark.django_db
def test_plain_multiple_select_still_saves_without_script(client) -> None:
    entity = make_entity("Gamma Custody SAS", "FR")
    picked = []
    for number in range(3):
        control = Control.objects.create(code=f"CTL-{number}", title=f"Control {number}")
        control.entities.add(entity)
        picked.append(control)
    user = make_user("officer", Role.COMPLIANCE_MANAGER, [entity])
    client.force_login(user)
    response = client.post(
        "/ict-risk/risks/add/",
        {
            "entity": entity.pk,
            "reference": "R-1",
            "title": "Key theft",
            "threat": "Phishing",
            "inherent_likelihood": 4,
            "inherent_impact": 5,
            "residual_likelihood": 2,
            "residual_impact": 3,
            "treatment": "mitigate",
            "controls": [picked[0].pk, picked[2].pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    risk = Risk.objects.get(reference="R-1")
    assert set(risk.controls.values_list("code", flat=True)) == {"CTL-0", "CTL-2"}


def test_checkbox_lists_are_kept() -> None:
    from midora.core.widgets import searchable_selects

    class Form(forms.Form):
        pick = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)

    form = Form()
    searchable_selects(form)
    assert type(form.fields["pick"].widget) is forms.CheckboxSelectMultiple
