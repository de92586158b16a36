"""The admin reads as Korean: every page of every model, in ``ko``, holds none of the English strings that
Django, django-simple-history or the project translate."""

import datetime
import gettext
import html
import re
from pathlib import Path

import django
import pytest
import simple_history
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.urls import reverse

from milestones.models import Milestone, Status
from milestones.services import milestone_record_progress

pytestmark = pytest.mark.django_db

DJANGO = Path(django.__file__).parent
CATALOGUES = [
    DJANGO / "conf/locale/ko/LC_MESSAGES/django.mo",
    DJANGO / "contrib/admin/locale/ko/LC_MESSAGES/django.mo",
    DJANGO / "contrib/auth/locale/ko/LC_MESSAGES/django.mo",
    DJANGO / "contrib/contenttypes/locale/ko/LC_MESSAGES/django.mo",
    *(Path(path) / "ko/LC_MESSAGES/django.mo" for path in settings.LOCALE_PATHS),
]
#: django-simple-history ships no Korean; the project's catalogue translates its strings.
SIMPLE_HISTORY_STRINGS = Path(simple_history.__file__).parent / "locale/de/LC_MESSAGES/django.mo"

#: English that stays English: names and codes, not sentences of the interface.
UNTRANSLATED = {"SHA-256", "URL", "ID", "CSV", "XLSX", "YAML", "JSON", "E-mail"}


def english_strings():
    """Every msgid the catalogues translate into something else, that the pages could show as is."""
    strings = set()
    for path in [*CATALOGUES, SIMPLE_HISTORY_STRINGS]:
        with path.open("rb") as handle:
            catalogue = gettext.GNUTranslations(handle)._catalog
        for key, translation in catalogue.items():
            msgid = key[0] if isinstance(key, tuple) else key
            msgid = msgid.split("\x04")[-1]  # a pgettext context is not shown
            if path != SIMPLE_HISTORY_STRINGS and translation == msgid:
                continue
            strings.add(msgid)
    return {
        s
        for s in strings
        if s and "%" not in s and "{" not in s and re.search(r"[A-Za-z]{2}", s) and s not in UNTRANSLATED
    }


ENGLISH = sorted(english_strings(), key=len, reverse=True)
#: Scripts, styles, comments, and what a form's text boxes hold (a record's data being edited, JSON included).
TAGS = re.compile(r"<(script|style|textarea)\b.*?</\1>|<!--.*?-->", re.S)
ATTRIBUTES = re.compile(r'\b(?:title|placeholder|aria-label)="([^"]*)"|<input[^>]*type="submit"[^>]*value="([^"]*)"')


def data_pattern():
    """Text the records hold (English names of departments, original terms, permission names, file names...):
    data, not the interface. Choices and JSON are left in: a raw code or a recorded sentence must not show."""
    strings = set()
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        for row in model._default_manager.values_list(*fields) if fields else []:
            strings.update(value for value in row if value and re.search(r"[A-Za-z]{2}", value))
    return re.compile("|".join(re.escape(value) for value in sorted(strings, key=len, reverse=True)))


def shown_text(page, data=None):
    """What a reader sees or hears of a page, less the records' own text: its text and labelling attributes."""
    page = TAGS.sub(" ", page)
    attributes = " ".join(a or b for a, b in ATTRIBUTES.findall(page))
    text = html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + attributes)
    return data.sub(" ", text) if data else text


#: One pattern for all of them, longest first, each a whole phrase (not part of a longer word).
ENGLISH_PATTERN = re.compile("|".join(rf"(?<![A-Za-z0-9_]){re.escape(msgid)}(?![A-Za-z0-9_])" for msgid in ENGLISH))


def english_in(text):
    return sorted(set(ENGLISH_PATTERN.findall(text)))


@pytest.fixture
def korean_admin(client, django_user_model, plan_2023):
    user = django_user_model.objects.create_superuser("root", password="administrator-password-1")
    client.force_login(user)
    client.cookies["django_language"] = "ko"
    return client, user


@pytest.fixture
def history_with_changes(korean_admin, plan_2023):
    """A milestone done then returned, so that its history shows status changes and empty values."""
    _client, user = korean_admin
    milestone = Milestone.objects.get(project__plan=plan_2023, project__number=1, key="1")
    today = datetime.date(2023, 9, 20)  # before its due date: returned work needs no new one
    milestone = milestone_record_progress(
        milestone=milestone, by=user, version=milestone.version, status=Status.DONE, today=today
    )
    milestone_record_progress(
        milestone=milestone, by=user, version=milestone.version, status=Status.RETURNED, today=today, reason="사유"
    )
    return milestone


def admin_pages(user):
    """Every admin page: the index, each app's, and each model's list, add, change, history and delete."""
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    yield reverse("admin:index")
    for app_label in sorted({model._meta.app_label for model in admin.site._registry}):
        yield reverse("admin:app_list", args=[app_label])
    for model, model_admin in admin.site._registry.items():
        opts = model._meta

        def route(view, *args, opts=opts):
            return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)

        yield route("changelist")
        if model_admin.has_add_permission(request):
            yield route("add")
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        yield route("change", obj.pk)
        yield route("history", obj.pk)
        if model_admin.has_delete_permission(request, obj):
            yield route("delete", obj.pk)


def test_every_admin_page_reads_as_korean(korean_admin, history_with_changes):
    client, user = korean_admin
    pages = list(admin_pages(user))
    pages.append(reverse("admin:milestones_milestone_history", args=[history_with_changes.pk]))
    data = data_pattern()
    english = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found = english_in(shown_text(response.content.decode(), data))
        if found:
            english[url] = found

    assert not english, "\n".join(f"{url}: {', '.join(found)}" for url, found in english.items())


def test_the_sweep_finds_english_where_there_is_some(client, korean_admin):
    client.cookies["django_language"] = "en"

    found = english_in(shown_text(client.get(reverse("admin:index")).content.decode()))

    assert "Change" in found and "Log out" in found
