"""A register's list rows: each cell escaped, the first and linked columns lead to the record, a
selection box named after the record, and the chosen filter option stays chosen."""

from __future__ import annotations

import re

import pytest

from midora.core.choices import Role
from tests.factories import make_user
from tests.ictrisk.builders import make_risk

pytestmark = pytest.mark.django_db


def test_rows_are_escaped_linked_and_selectable(entity, client_for):
    risk = make_risk(entity, title='<script>alert("x")</script> & more')
    client = client_for(make_user("officer", Role.COMPLIANCE_MANAGER, [entity]))
    html = client.get("/ict-risk/risks/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in html
    url = risk.get_absolute_url()
    # the reference (first column, a link column) leads to the record
    assert f'<td><a href="{url}">{risk.reference}</a></td>' in html
    box = re.search(r'<input type="checkbox" name="ids" value="(\d+)" aria-label="([^"]*)">', html)
    assert box is not None and box.group(1) == str(risk.pk)
    assert box.group(2).startswith("Select ") and "&lt;script&gt;" in box.group(2)


def test_the_chosen_filter_option_stays_chosen(entity, other_entity, client_for):
    make_risk(entity)
    officer = make_user("officer", Role.COMPLIANCE_MANAGER, [entity, other_entity])
    html = client_for(officer).get(f"/ict-risk/risks/?entity={other_entity.pk}").content.decode()
    chosen = re.findall(r'<option value="(\d+)" selected>', html)
    assert chosen == [str(other_entity.pk)]
    assert f'<option value="{entity.pk}">' in html
