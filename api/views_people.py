"""What concerns the token's owner themself: their notifications (the bell of the site), read and marked read."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import actor_for
from api.filters import ListQueryForm
from api.pagination import IdCursorPagination
from api.query import DeclaredQueryMixin
from api.serializers import MarkedSerializer, MarkReadSerializer, NotificationSerializer
from reminders.models import Delivery
from reminders.selectors import notifications_for
from reminders.services import notifications_mark_read


@extend_schema(tags=["me"])
class NotificationViewSet(DeclaredQueryMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The token owner's notifications (deadline reminders), as the bell and /reminders/ show them."""

    serializer_class = NotificationSerializer
    pagination_class = IdCursorPagination
    query_forms = (ListQueryForm,)

    def staff(self):
        return actor_for(self.request.user).staff

    def get_queryset(self):
        staff = self.staff()
        return notifications_for(staff) if staff is not None else Delivery.objects.none()

    @extend_schema(request=MarkReadSerializer, responses=MarkedSerializer)
    @action(detail=False, methods=["post"])
    def read(self, request):
        """Mark one's own notifications read by id (others' ids are ignored); answers how many were unread."""
        serializer = MarkReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        staff = self.staff()
        marked = 0
        if staff is not None:
            ids = serializer.validated_data["ids"]
            marked = notifications_mark_read(staff=staff, delivery_ids=ids, now=timezone.now())
        return Response({"marked": marked})
