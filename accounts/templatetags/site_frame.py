"""The parts of the site's header that are the same for everyone with the same menu, rendered once per process."""

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def site_nav(*, reviewer, staff):
    """The main menu of a signed-in person: its links differ only by language, the review pages (``reviewer``)
    and the admin (``staff``), so each of those few menus is rendered once (its links reversed and its words
    translated once) and kept."""
    return _site_nav(get_language(), get_script_prefix(), bool(reviewer), bool(staff))


@lru_cache(maxsize=64)
def _site_nav(language, prefix, reviewer, staff):
    return mark_safe(render_to_string("_site_nav.html", {"reviewer": reviewer, "staff": staff}))  # noqa: S308
