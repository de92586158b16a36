from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    """Pages follow the primary key: stable while rows change, and no count of the whole list."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
