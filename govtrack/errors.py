"""Error pages."""

from django.core.exceptions import BadRequest
from django.shortcuts import render


def bad_request(request, exception=None):
    """400: a page's own message for a bad query (``BadRequest``), a generic one for anything else."""
    message = str(exception) if type(exception) is BadRequest else ""
    return render(request, "400.html", {"message": message}, status=400)
