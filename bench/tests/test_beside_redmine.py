"""The comparison with Redmine talks to the loopback only and counts the rows each page lists."""

import pytest

from bench.beside_redmine import (
    REDMINE_ISSUE_ROW,
    REDMINE_ROADMAP_ROW,
    REDMINE_TOTAL,
    count,
    gunicorn_command,
    loopback_server,
    milestone_links,
)


@pytest.mark.parametrize("url", ["http://127.0.0.1:3300", "http://localhost:3300", "http://[::1]:3300"])
def test_a_loopback_redmine_is_accepted(url):
    assert loopback_server("--redmine", url).port == 3300


@pytest.mark.parametrize("url", ["http://10.0.0.5:3300", "http://redmine.example:3300", "https://127.0.0.1:3300"])
def test_any_other_address_is_refused(url):
    with pytest.raises(SystemExit):
        loopback_server("--redmine", url)


def test_rows_are_counted_as_each_page_lists_them():
    redmine_list = (
        b'<tr id="issue-7" class="hascontextmenu"><tr id="issue-9" class="x"><span class="items">(1-50/9888)</span>'
    )
    roadmap = (
        b'<tr class="hascontextmenu issue tracker-2 status-5"><tr class="hascontextmenu issue"><tr class="other">'
    )
    ours = b'<a href="/milestones/3/">a</a><a href="/milestones/3/">again</a><a href="/milestones/4/">b</a>'
    assert count(REDMINE_ISSUE_ROW)(redmine_list) == 2
    assert int(REDMINE_TOTAL.search(redmine_list).group(1)) == 9888
    assert count(REDMINE_ROADMAP_ROW)(roadmap) == 2
    assert milestone_links(ours) == 2


def test_gunicorn_runs_one_worker_of_one_thread_on_the_loopback():
    command = gunicorn_command(8123, "real")
    assert command[3] == "govtrack.wsgi:application"
    assert command[command.index("--bind") + 1] == "127.0.0.1:8123"
    assert command[command.index("--workers") + 1] == "1"
    assert command[command.index("--threads") + 1] == "1"
    assert gunicorn_command(8123, "reference")[3] == "bench.reference_clock:application"
