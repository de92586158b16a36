"""The main menu is rendered once per language and kind of menu, and each person still gets their own."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def menu(client, page="plansite:glossary"):
    html = client.get(reverse(page)).content.decode()
    return html.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]


def test_each_role_gets_its_own_menu_in_its_own_language(client, officer, manager):
    dashboard, admin = f'href="{reverse("reviews:dashboard")}"', f'href="{reverse("admin:index")}"'
    client.force_login(manager)
    assert dashboard in menu(client) and admin not in menu(client)

    client.force_login(officer)
    officers = menu(client)
    assert dashboard not in officers and f'href="{reverse("my:work")}"' in officers

    manager.is_staff = True
    manager.save()
    client.force_login(manager)
    assert dashboard in menu(client) and admin in menu(client)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = menu(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    korean = menu(client)
    assert ">My work<" in english and ">My work<" not in korean


def test_visitors_get_no_menu(client):
    assert "<a " not in menu(client, "accounts:login")
