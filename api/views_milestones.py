"""Milestones through the API: the pages' selectors for reads, the pages' services for writes.

Writes need ``If-Match`` with the version the client saw (the ``ETag`` of the milestone): a missing one is 428,
an older one 412 with what changed since. Another department's milestone is 404, one that may be seen but not
changed 403, as on the pages.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.errors import PreconditionRequired
from api.filters import AsOfForm, ListQueryForm, MilestoneFilter
from api.pagination import IdCursorPagination
from api.query import DeclaredQueryMixin
from api.serializers import (
    CommentInputSerializer,
    CommentSerializer,
    ConflictSerializer,
    HistoryEntrySerializer,
    MilestoneSerializer,
    ProgressInputSerializer,
    StatusInputSerializer,
)
from api.views_changes import MilestoneFollowMixin, ProposalsMixin
from milestones import selectors, services
from milestones.models import Status
from milestones.schedule import seoul_today
from reviews.selectors import milestones_on

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The milestone\'s ETag (its version) as last read, e.g. "3".',
)
WRITE_RESPONSES = {
    200: MilestoneSerializer,
    400: OpenApiResponse(description="A field the service refused, with the reason under its name."),
    403: OpenApiResponse(description="A milestone the token's owner may see but not change, or a read-only token."),
    404: OpenApiResponse(description="Not found, or another department's milestone."),
    412: ConflictSerializer,
    428: OpenApiResponse(description="No If-Match header."),
}


STALE = _("The milestone was changed since you loaded it; nothing was saved.")


def etag(milestone):
    return f'"{milestone.version}"'


def seen_version(request):
    """The version in ``If-Match``: 428 without one."""
    value = request.headers.get("If-Match", "").strip()
    if value.startswith("W/"):
        value = value[2:]
    value = value.strip('"')
    if not value.isdigit():
        raise PreconditionRequired
    return int(value)


def conflict(milestone, version):
    """The 412 answer: what others changed since ``version``, by whom and when (as the page shows it)."""
    changes, people, when = selectors.changes_since(milestone, version)
    detail = {
        "detail": str(STALE),
        "version": milestone.version,
        "changes": [{"field": c.field, "from": c.old, "to": c.new} for c in changes],
        "by": people,
        "at": when,
    }
    response = Response(ConflictSerializer(detail).data, status=status.HTTP_412_PRECONDITION_FAILED)
    response["ETag"] = etag(milestone)
    return response


@extend_schema(tags=["milestones"])
class MilestoneViewSet(
    DeclaredQueryMixin,
    ProposalsMixin,
    MilestoneFollowMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MilestoneSerializer
    pagination_class = IdCursorPagination
    filterset_class = MilestoneFilter
    query_forms = (MilestoneFilter, ListQueryForm)
    filter_backends = [DjangoFilterBackend]  # for the OpenAPI description: ``list`` applies the filters itself

    def reference_date(self):
        form = AsOfForm(self.request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError(form.errors)
        today = seoul_today()
        return form.cleaned_data["as_of"] or today, today

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["on"] = getattr(self, "on", None) or seoul_today()
        return context

    def get_queryset(self):
        return selectors.milestones_visible_to(self.request.user).select_related("project", "owner")

    def list(self, request, *args, **kwargs):
        """Milestones the token's owner may see, as the pages show them, with the overdue list's filters."""
        self.on, today = self.reference_date()
        rows = milestones_on(user=request.user, on=self.on, today=today)
        filters = MilestoneFilter(request.query_params, queryset=rows, on=self.on)
        if not filters.is_valid():
            raise exceptions.ValidationError(filters.errors)
        page = self.paginate_queryset(filters.qs.select_related("project", "owner"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        milestone = self.get_object()
        response = Response(self.get_serializer(milestone).data)
        response["ETag"] = etag(milestone)
        return response

    def _write(self, request, input_class, arguments):
        """Scope, then version, then the body: the service is called with ``arguments(data, milestone)``."""
        milestone = self.get_object()
        if not selectors.can_edit(request.user, milestone):
            raise PermissionDenied(_("You may see this milestone but not change it."))
        version = seen_version(request)
        if version != milestone.version:
            # Checked first, as the page does; the service's conditional update guards a change in between.
            return conflict(milestone, version)
        data = self.validated(input_class, request)
        try:
            saved = services.milestone_record_progress(
                milestone=milestone,
                by=request.user,
                version=version,
                today=seoul_today(),
                **arguments(data, milestone),
            )
        except services.EditConflict as exc:
            return conflict(self.get_object(), exc.version)
        saved = self.get_queryset().get(pk=saved.pk)
        response = Response(self.get_serializer(saved).data)
        response["ETag"] = etag(saved)
        return response

    @extend_schema(request=ProgressInputSerializer, responses=WRITE_RESPONSES, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        """Record progress: percent, note, an achievement with figures, a moved due date with its reason."""

        def arguments(data, milestone):
            achievement = data.get("achievement")
            return {
                "status": Status(data.get("status") or milestone.status),
                "percent_complete": data.get("percent_complete"),
                "note": data.get("note"),
                "due_date": data.get("due_date"),
                "reason": data["reason"],
                "achievement": services.AchievementInput(
                    achievement["text"],
                    [services.Figure(f["label"], f["value"], f["unit"]) for f in achievement["figures"]],
                )
                if achievement
                else None,
                "evidence": services.EvidenceInput(url=data["evidence_url"]) if data.get("evidence_url") else None,
            }

        return self._write(request, ProgressInputSerializer, arguments)

    @extend_schema(request=StatusInputSerializer, responses=WRITE_RESPONSES, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        """Change the status along the workflow, with the reason, new due date or date done it needs."""

        def arguments(data, milestone):
            return {
                "status": Status(data["status"]),
                "reason": data["reason"],
                "due_date": data.get("due_date"),
                "completed_on": data.get("completed_on"),
            }

        return self._write(request, StatusInputSerializer, arguments)

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        """Every change, newest first: when, by whom, what (field by field), as the milestone page shows it."""
        entries = selectors.milestone_history(self.get_object())
        return Response(HistoryEntrySerializer(entries, many=True).data)

    @extend_schema(responses=CommentSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def comments(self, request, pk=None):
        """The milestone's comments and update requests, oldest first."""
        milestone = self.get_object()
        comments = milestone.comments.select_related("author__staff").order_by("created_at", "pk")
        return Response(CommentSerializer(comments, many=True).data)

    @extend_schema(
        request=CommentInputSerializer,
        responses={
            201: CommentSerializer,
            400: OpenApiResponse(description="An empty text."),
            403: OpenApiResponse(description="An update request by a role that may not ask, or a read-only token."),
            404: WRITE_RESPONSES[404],
        },
    )
    @comments.mapping.post
    def comment(self, request, pk=None):
        """Comment, or ask for an update (``kind: request``, for team leads, heads and managers)."""
        milestone = self.get_object()
        data = self.validated(CommentInputSerializer, request)
        saved = services.milestone_comment(milestone=milestone, by=request.user, text=data["text"], kind=data["kind"])
        return Response(CommentSerializer(saved).data, status=201)

    def validated(self, serializer_class, request):
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
