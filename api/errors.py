"""Errors as JSON: the services' own messages, under the names of the fields they concern."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from milestones.workflow import WorkflowError


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _("Send the version you saw in an If-Match header (the ETag of the milestone).")
    default_code = "precondition_required"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Someone decided on this proposal first; nothing was saved.")
    default_code = "conflict"


def validation_detail(error):
    """A Django ValidationError as ``{field: [messages]}``; errors of no field go under ``detail``."""
    if hasattr(error, "error_dict"):
        return {
            ("detail" if name == NON_FIELD_ERRORS else name): list(messages)
            for name, messages in error.message_dict.items()
        }
    return {"detail": list(error.messages)}


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()  # the same text for every record, as the pages' 404, naming no model
    if isinstance(exc, ValidationError):
        return Response(validation_detail(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, WorkflowError):
        return Response({"status": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
