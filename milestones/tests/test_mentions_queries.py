"""Who a text names costs one query for the names, one for their logins with their roles, and one check each."""

import pytest

from milestones.mentions import mentioned_staff

pytestmark = pytest.mark.django_db


def test_naming_three_people_reads_their_roles_with_their_logins_not_one_by_one(
    milestone, officer, colleague, team_lead, django_assert_num_queries
):
    with django_assert_num_queries(5):
        found = mentioned_staff(milestone=milestone, text="@김연숙 @여언영님 @team-lead 확인 바랍니다")

    assert [person.user for person in found] == [officer, colleague, team_lead]
