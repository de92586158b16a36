"""The rows of /my/'s work lists, joined in Python, have the markup the template loop had, escaped alike."""

# ruff: noqa: E501

import pytest
from django.template import Context, Template
from django.utils import translation

from milestones.templatetags.work_rows import work_rows

#: The rows as the template rendered them before they were joined in Python.
TEMPLATE_ROWS = Template(
    """{% load i18n %}{% translate "was" as was %}{% for m in rows %}
    <tr>
      {% if selectable %}<td class="pick"><input type="checkbox" name="milestones" value="{{ m.pk }}" id="review-{{ m.pk }}"><input type="hidden" name="version-{{ m.pk }}" value="{{ m.version }}"><label for="review-{{ m.pk }}" class="visually-hidden">{% blocktranslate with title=m.title %}Select “{{ title }}”{% endblocktranslate %}</label></td>{% endif %}
      <td><a href="{{ m.url }}">{{ m.title }}</a></td>
      <td class="muted">{{ m.project }}</td>
      <td>{{ m.due }}{% if m.overdue %} <span class="overdue">{{ m.overdue }}</span>{% endif %}{% if m.was %} <span class="muted">({{ was }} {{ m.was }})</span>{% endif %}</td>
      <td><span class="status status-{{ m.status }}">{{ m.status_label }}</span></td>
      <td class="num">{{ m.percent }}</td>
      <td>{{ m.owner }}</td>
    </tr>
  {% endfor %}"""
)

ROWS = [
    {
        "pk": 12345678,
        "version": 3,
        "url": "/milestones/12345678/?a=1&b=2",
        "title": "<script>alert(\"x\")</script> & 100% 'done'",
        "project": "7. R&D <plan>",
        "due": "2023-10-31",
        "overdue": "15 days overdue",
        "was": "2023-09-30",
        "status": "delayed",
        "status_label": "Delayed",
        "percent": "40%",
        "owner": "Kim <b>",
    },
    {
        "pk": 2,
        "version": 1,
        "url": "/milestones/2/",
        "title": "Plain",
        "project": "1. One",
        "due": "2023 Q4",
        "overdue": "",
        "was": "",
        "status": "planned",
        "status_label": "Planned",
        "percent": "0%",
        "owner": "–",
    },
]


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("selectable", [False, True])
def test_rows_are_the_templates_byte_for_byte(language, selectable):
    with translation.override(language):
        expected = TEMPLATE_ROWS.render(Context({"rows": ROWS, "selectable": selectable}))
        assert work_rows(ROWS, selectable) == expected


def test_text_is_escaped_and_the_labels_translated():
    with translation.override("ko"):
        html = work_rows(ROWS, True)
    assert (
        "<script>" not in html
        and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 100% &#x27;done&#x27;" in html
    )
    assert 'href="/milestones/12345678/?a=1&amp;b=2"' in html and "Kim &lt;b&gt;" in html
    assert "(당초 2023-09-30)" in html and "” 선택</label>" in html
