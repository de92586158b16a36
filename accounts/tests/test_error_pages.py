"""Error pages: 403, 404 and 500 in the site's frame, in Korean, with a way back; Django's debug pages only
when DEBUG is on."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import include, path

from milestones.models import Milestone

pytestmark = pytest.mark.django_db


def broken(request):
    raise RuntimeError("a bug")


def forbidden(request):
    raise PermissionDenied


#: The site's URLs and two that fail, for the tests below (``override_settings(ROOT_URLCONF=__name__)``).
urlpatterns = [
    path("broken/", broken),
    path("forbidden/", forbidden),
    path("", include("govtrack.urls")),
]


def korean(client, url):
    return client.get(url, HTTP_ACCEPT_LANGUAGE="ko")


@override_settings(DEBUG=False)
def test_a_page_that_does_not_exist_answers_404_in_korean_with_a_way_back(client, officer):
    client.force_login(officer)
    response = korean(client, "/no-such-page/")

    text = response.content.decode()
    assert response.status_code == 404
    assert "화면을 찾을 수 없습니다" in text and 'class="site-header"' in text
    assert 'href="/"' in text and 'href="/my/"' in text


@override_settings(DEBUG=False)
def test_another_departments_milestone_answers_the_same_404(client, outsider, plan_2023):
    client.force_login(outsider)
    milestone = Milestone.objects.get(project__plan=plan_2023, project__number=1, key="1")

    response = korean(client, f"/milestones/{milestone.pk}/")
    assert response.status_code == 404 and "화면을 찾을 수 없습니다" in response.content.decode()


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_refused_action_answers_403_in_korean_with_a_way_back(client, officer):
    client.force_login(officer)
    response = korean(client, "/forbidden/")

    text = response.content.decode()
    assert response.status_code == 403
    assert "변경 권한이 없습니다" in text and 'href="/"' in text and 'class="site-header"' in text


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_failure_answers_500_in_korean_in_the_sites_frame_without_the_error(officer):
    client = Client(raise_request_exception=False)
    client.force_login(officer)

    response = korean(client, "/broken/")

    text = response.content.decode()
    assert response.status_code == 500
    assert "문제가 생겼습니다" in text and 'href="/"' in text and 'class="site-header"' in text
    assert "a bug" not in text and "Traceback" not in text


@override_settings(DEBUG=True, ROOT_URLCONF=__name__)
def test_debug_pages_show_only_when_debug_is_on(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Using the URLconf defined in" in response.content.decode()


@override_settings(DEBUG=False)
def test_a_form_sent_without_its_token_answers_403_in_korean_saying_nothing_was_saved(officer, plan_2023):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    milestone = Milestone.objects.get(project__plan=plan_2023, project__number=1, key="1")

    response = client.post(f"/milestones/{milestone.pk}/comment/", {"text": "x"}, HTTP_ACCEPT_LANGUAGE="ko")

    text = response.content.decode()
    assert response.status_code == 403
    assert "입력 양식의 유효 시간이 지났습니다" in text and 'href="/"' in text
    assert not milestone.comments.exists()
