"""(a) Every template of a translated app marks its visible text for translation."""

from __future__ import annotations

import pytest

from tests.i18n.coverage import TRANSLATED_APPS, app_dir
from tests.i18n.template_text import untranslated_in


@pytest.mark.parametrize("app", TRANSLATED_APPS)
def test_templates_hold_no_untranslated_text(app):
    templates = sorted((app_dir(app) / "templates").rglob("*.html"))
    assert templates, f"{app} has no templates"
    found = [str(u) for path in templates for u in untranslated_in(path)]
    assert not found, f"{len(found)} untranslated text(s):\n" + "\n".join(found)


def test_the_scanner_sees_text_and_human_attributes_only(tmp_path):
    template = tmp_path / "t.html"
    template.write_text(
        '{% load i18n %}<div class="card" title="Open risks">\n'
        "  <h1>{% translate 'Risks' %}</h1>\n"
        "  <p>{% blocktranslate %}{{ n }} open{% endblocktranslate %} · 12 %</p>\n"
        "  {# a note #}{% comment %}Hidden words{% endcomment %}\n"
        "  <script>var words = 'no';</script>\n"
        '  <input type="submit" value="Save"> <input type="text" value="kept">\n'
        '  <span>MiCA Art. 62</span> {{ x|default:"none yet" }}\n'
        "  <p>Untranslated words</p>\n"
        "</div>\n"
    )
    found = [(u.line, u.text) for u in untranslated_in(template)]
    assert found == [(1, "Open risks"), (6, "Save"), (7, "none yet"), (8, "Untranslated words")]
