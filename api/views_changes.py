"""Date proposals and following through the API, by the site's own services.

An officer's new due date is a proposal until a team lead or head approves it (``milestones.proposals``);
following a milestone or a project makes one hear of what happens to it (``notifications``).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.errors import Conflict
from api.filters import ListQueryForm
from api.pagination import IdCursorPagination
from api.query import DeclaredQueryMixin
from api.serializers import DateProposalSerializer, DecisionInputSerializer, FollowSerializer, ProposalInputSerializer
from milestones import proposals, selectors, workflow
from milestones.models import DateProposal
from milestones.schedule import seoul_today
from notifications.selectors import follow_state
from notifications.services import follow_milestone, follow_project

NOT_FOUND = OpenApiResponse(description="Not found, or another department's.")
DECISION_RESPONSES = {
    200: DateProposalSerializer,
    400: OpenApiResponse(description="A rejection without a comment, or a milestone no longer in work."),
    403: OpenApiResponse(description="Not a team lead or head of the milestone, or a read-only token."),
    404: NOT_FOUND,
    409: OpenApiResponse(description="Someone decided on the proposal (or replaced it) first."),
}


def validated(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ProposalsMixin:
    """``GET``/``POST milestones/<id>/proposals/`` on the milestones' view set."""

    @extend_schema(responses=DateProposalSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def proposals(self, request, pk=None):
        """Every proposed due date of the milestone, newest first, with its decision."""
        milestone = self.get_object()
        rows = milestone.proposals.select_related("proposed_by__staff", "decided_by__staff")
        return Response(DateProposalSerializer(rows.order_by("-proposed_at", "-pk"), many=True).data)

    @extend_schema(
        request=ProposalInputSerializer,
        responses={
            201: DateProposalSerializer,
            400: OpenApiResponse(
                description="A date the milestone cannot take, no reason, or a role that sets dates."
            ),
            403: OpenApiResponse(description="A milestone one may see but not change, or a read-only token."),
            404: NOT_FOUND,
        },
    )
    @proposals.mapping.post
    def propose(self, request, pk=None):
        """Propose a new due date (officers in charge); the approved date stays until a lead or head decides."""
        milestone = self.get_object()
        data = validated(ProposalInputSerializer, request)
        try:
            proposal = proposals.date_proposal_create(
                milestone=milestone,
                by=request.user,
                due_date=data["due_date"],
                reason=data["reason"],
                today=seoul_today(),
            )
        except workflow.WorkflowError as exc:
            return Response({"due_date": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(DateProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


def _follow(request, follow, *, milestone=None, project=None):
    if milestone is not None:
        follow_milestone(user=request.user, milestone=milestone, follow=follow)
    else:
        follow_project(user=request.user, project=project, follow=follow)
    following, automatic = follow_state(request.user, milestone=milestone, project=project)
    return Response(FollowSerializer({"following": following, "automatic": automatic}).data)


FOLLOW_RESPONSES = {
    200: FollowSerializer,
    403: OpenApiResponse(description="A login without a staff record, or a read-only token."),
    404: NOT_FOUND,
}


class MilestoneFollowMixin:
    @extend_schema(request=None, responses=FOLLOW_RESPONSES)
    @action(detail=True, methods=["post"])
    def follow(self, request, pk=None):
        """Follow the milestone: hear of what happens to it. ``DELETE`` stops following."""
        return _follow(request, True, milestone=self.get_object())

    @extend_schema(request=None, responses=FOLLOW_RESPONSES)
    @follow.mapping.delete
    def unfollow(self, request, pk=None):
        return _follow(request, False, milestone=self.get_object())


class ProjectFollowMixin:
    @extend_schema(request=None, responses=FOLLOW_RESPONSES)
    @action(detail=True, methods=["post"])
    def follow(self, request, pk=None):
        """Follow every milestone of the project. ``DELETE`` stops following."""
        return _follow(request, True, project=self.get_object())

    @extend_schema(request=None, responses=FOLLOW_RESPONSES)
    @follow.mapping.delete
    def unfollow(self, request, pk=None):
        return _follow(request, False, project=self.get_object())


@extend_schema(tags=["milestones"])
class DateProposalViewSet(DeclaredQueryMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Proposed due dates awaiting a decision that concern the token's owner: for a lead, head or admin those
    they may decide on; for staff their own and their team's."""

    serializer_class = DateProposalSerializer
    pagination_class = IdCursorPagination
    query_forms = (ListQueryForm,)

    def get_queryset(self):
        return selectors.pending_proposals(self.request.user)

    def _decide(self, request, pk, approve):
        visible = selectors.milestones_visible_to(request.user)
        proposal = get_object_or_404(DateProposal.objects.select_related("milestone"), pk=pk, milestone__in=visible)
        data = validated(DecisionInputSerializer, request)
        try:
            decided = proposals.date_proposal_decide(
                proposal=proposal, by=request.user, approve=approve, comment=data["comment"]
            )
        except proposals.AlreadyDecided as exc:
            raise Conflict from exc
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied(
                _("Only a team lead or head of the milestone decides on its dates.")
            ) from exc
        return Response(DateProposalSerializer(decided).data)

    @extend_schema(request=DecisionInputSerializer, responses=DECISION_RESPONSES)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve: the milestone's due date moves (the first date is kept as the original)."""
        return self._decide(request, pk, True)

    @extend_schema(request=DecisionInputSerializer, responses=DECISION_RESPONSES)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject, with a comment saying why."""
        return self._decide(request, pk, False)
