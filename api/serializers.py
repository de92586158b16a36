"""Shapes of the API's data. They shape, they do not decide: the services check every rule of a write."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.templatetags.people import person
from budgets.models import BudgetLine, BudgetTable
from departments.models import Department, Staff
from milestones.models import Comment, DateProposal, Status
from milestones.schedule import days_overdue
from plans.models import AnnualPlan
from projects.models import EntryFigure, Project, ProjectBudgetItem, ProjectContact, ProjectEntry
from reminders.models import Delivery


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnnualPlan
        fields = ["id", "code", "year", "title", "title_en", "issued_text", "as_of", "is_demo"]


class DepartmentSerializer(serializers.ModelSerializer):
    children = serializers.SerializerMethodField()

    class Meta:
        model = Department
        fields = ["id", "code", "name", "name_en", "kind", "parent", "head_title", "phone_exchange", "children"]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_children(self, department):
        """The nested tree, from the ``children_by_parent`` the view read in one query."""
        tree = self.context["children_by_parent"]
        return [DepartmentSerializer(child, context=self.context).data for child in tree.get(department.pk, [])]


class StaffSerializer(serializers.ModelSerializer):
    email = serializers.CharField(source="shown_email", help_text="Empty unless the reader may see it.")

    class Meta:
        model = Staff
        fields = ["id", "code", "name", "title", "position", "department", "team", "phone", "email"]


class BudgetItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectBudgetItem
        fields = ["order", "label", "amount"]


class ContactSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="staff.name")
    phone = serializers.CharField(source="staff.phone")

    class Meta:
        model = ProjectContact
        fields = ["role", "staff", "name", "phone"]


class ProjectSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Project
        fields = ["id", "plan", "number", "title", "department", "goal", "budget_total", "budget_text", "budget_note"]


class ProjectDetailSerializer(ProjectSerializer):
    teams = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    budget_items = BudgetItemSerializer(many=True, read_only=True)
    contacts = ContactSerializer(many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "teams", "contacts_text", "contacts", "budget_items"]


class ProjectRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()


class OwnerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    team = serializers.IntegerField(source="team_id", allow_null=True)


class MilestoneSerializer(serializers.Serializer):
    """A milestone, live or as it stood on a date (a history row has the same fields)."""

    id = serializers.IntegerField()
    project = ProjectRefSerializer()
    department = serializers.IntegerField(source="project.department_id")
    key = serializers.CharField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    title = serializers.CharField()
    date_text = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    date_precision = serializers.CharField()
    is_tentative = serializers.BooleanField()
    owner = OwnerRefSerializer(allow_null=True)
    status = serializers.ChoiceField(choices=Status.choices)
    percent_complete = serializers.IntegerField()
    completed_on = serializers.DateField(allow_null=True)
    note = serializers.CharField()
    baseline_due_date = serializers.DateField(allow_null=True)
    status_reason = serializers.CharField()
    version = serializers.IntegerField()
    days_overdue = serializers.SerializerMethodField()

    def get_days_overdue(self, milestone) -> int:
        """Days past the due date on the request's reference date (``as_of``, else today); 0 when closed."""
        if milestone.status in (Status.DONE, Status.CONFIRMED, Status.CANCELLED):
            return 0
        return days_overdue(milestone.due_date, self.context["on"])


class FigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = EntryFigure
        fields = ["label", "value", "unit"]


class AchievementSerializer(serializers.ModelSerializer):
    figures = FigureSerializer(many=True, read_only=True)

    class Meta:
        model = ProjectEntry
        fields = [
            "id",
            "project",
            "key",
            "parent",
            "text",
            "date_text",
            "start_date",
            "end_date",
            "milestone",
            "figures",
        ]


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "milestone", "author", "kind", "text", "created_at"]

    def get_author(self, comment) -> str:
        return person(comment.author)


class CommentInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000, allow_blank=True)
    kind = serializers.ChoiceField(choices=Comment.Kind.choices, default=Comment.Kind.COMMENT)


class FigureInputSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=150)
    value = serializers.DecimalField(max_digits=18, decimal_places=2)
    unit = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class AchievementInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)
    figures = FigureInputSerializer(many=True, required=False, default=list, max_length=20)


class ProgressInputSerializer(serializers.Serializer):
    """Record progress: the status stays as it is unless ``status`` names a move the workflow allows."""

    status = serializers.ChoiceField(choices=Status.choices, required=False)
    percent_complete = serializers.IntegerField(min_value=0, max_value=100, required=False)
    note = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    due_date = serializers.DateField(required=False)
    reason = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    achievement = AchievementInputSerializer(required=False)
    evidence_url = serializers.URLField(max_length=500, required=False)


class StatusInputSerializer(serializers.Serializer):
    """Move along the workflow (start, done, confirm, return, delay, cancel, reopen)."""

    status = serializers.ChoiceField(choices=Status.choices)
    reason = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    due_date = serializers.DateField(required=False)
    completed_on = serializers.DateField(required=False)


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    version = serializers.IntegerField()
    changes = serializers.ListField(child=serializers.DictField())
    by = serializers.ListField(child=serializers.CharField())
    at = serializers.DateTimeField(allow_null=True)


class BudgetTableSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = BudgetTable
        fields = ["id", "plan", "code", "kind", "title", "as_of", "unit_text", "notes"]


class BudgetLineSerializer(serializers.ModelSerializer):
    depth = serializers.IntegerField()
    lags = serializers.BooleanField()
    change = serializers.IntegerField(allow_null=True)
    change_rate = serializers.DecimalField(max_digits=9, decimal_places=1, allow_null=True)
    commitment_rate = serializers.DecimalField(max_digits=9, decimal_places=1, allow_null=True)
    disbursement_rate = serializers.DecimalField(max_digits=9, decimal_places=1, allow_null=True)

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "key",
            "parent",
            "depth",
            "name",
            "department",
            "account",
            "project",
            "current_budget",
            "prior_final",
            "change",
            "change_rate",
            "commitments",
            "commitment_rate",
            "disbursements",
            "disbursement_rate",
            "lags",
        ]


class BudgetTableDetailSerializer(BudgetTableSerializer):
    lines = serializers.SerializerMethodField()

    class Meta(BudgetTableSerializer.Meta):
        fields = [*BudgetTableSerializer.Meta.fields, "lines"]

    @extend_schema_field(BudgetLineSerializer(many=True))
    def get_lines(self, table):
        """The lines the reader may see, parents before children, with their depth and whether they lag."""
        rows = []
        for row in self.context["tree"]:
            line = row.line
            line.depth, line.lags = row.depth, row.lags
            rows.append(line)
        return BudgetLineSerializer(rows, many=True).data


#: What a notification says of its event, or null for a deadline reminder. Written out because OpenAPI 3.0
#: cannot make a referenced object nullable in a way validators read.
NOTIFICATION_EVENT = {
    "type": "object",
    "nullable": True,
    "required": ["id", "kind", "at", "actor", "data"],
    "properties": {
        "id": {"type": "integer"},
        "kind": {"type": "string"},
        "at": {"type": "string", "format": "date-time"},
        "actor": {"type": "string", "nullable": True},
        "data": {"type": "object", "additionalProperties": {}},
    },
}


class NotificationSerializer(serializers.ModelSerializer):
    """A deadline reminder (``step`` and ``due_date`` set) or what happened (``event`` set), as the bell lists it."""

    milestone = serializers.IntegerField(source="milestone_id")
    title = serializers.CharField(source="milestone.title")
    event = serializers.SerializerMethodField()

    class Meta:
        model = Delivery
        fields = ["id", "kind", "step", "milestone", "title", "due_date", "remind_on", "event", "read_at"]

    @extend_schema_field(NOTIFICATION_EVENT)
    def get_event(self, delivery):
        event = delivery.event
        if event is None:
            return None
        actor = person(event.actor) if event.actor_id else None
        at = serializers.DateTimeField().to_representation(event.created_at)
        return {"id": event.pk, "kind": event.kind, "at": at, "actor": actor, "data": event.data}


class FollowSerializer(serializers.Serializer):
    following = serializers.BooleanField()
    automatic = serializers.CharField(help_text="Why one hears of it without following: owner, lead, or empty.")


class DateProposalSerializer(serializers.ModelSerializer):
    proposed_by = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = DateProposal
        fields = [
            "id",
            "milestone",
            "due_date",
            "current_due_date",
            "reason",
            "proposed_by",
            "proposed_at",
            "state",
            "decided_by",
            "decided_at",
            "decision_comment",
        ]

    def get_proposed_by(self, proposal) -> str:
        return person(proposal.proposed_by)

    def get_decided_by(self, proposal) -> str | None:
        return person(proposal.decided_by) if proposal.decided_by_id else None


class ProposalInputSerializer(serializers.Serializer):
    due_date = serializers.DateField()
    reason = serializers.CharField(max_length=4000, allow_blank=True)


class DecisionInputSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=500)


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    who = serializers.SerializerMethodField()
    action = serializers.CharField()
    created = serializers.BooleanField()
    changes = HistoryChangeSerializer(many=True)

    def get_who(self, entry) -> str:
        return person(entry.who)
