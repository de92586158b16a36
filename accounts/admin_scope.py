"""Object permissions in the admin, from the same rules as the pages (``accounts.roles``, the selectors).

Every admin of a record that belongs to a department takes one of these: its change list, change form,
history, foreign-key choices and autocompletes show only what the user may see, and change only what they
may change. Another department's record answers 404, exactly like an id that does not exist.
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.db.models import Q
from django.http import Http404
from django.urls import reverse

from accounts.admin_history import ReadableHistoryMixin
from accounts.roles import EVERYTHING, Role, actor_for, department_edit_scope, department_scope
from departments.models import Department, Staff


class ScopedAdminMixin(ReadableHistoryMixin):
    """The change list, change form, history and autocompletes of what ``visible`` and ``editable`` give."""

    def visible(self, request):
        raise NotImplementedError

    def editable(self, request):
        raise NotImplementedError

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=self.visible(request).values("pk"))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or self.visible(request).filter(pk=obj.pk).exists())

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.editable(request).filter(pk=obj.pk).exists())

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.editable(request).filter(pk=obj.pk).exists())

    def get_search_results(self, request, queryset, search_term):
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        if request.path == reverse("admin:autocomplete"):
            queryset = queryset.filter(pk__in=self.chosen_from(request).values("pk"))
        return queryset, distinct

    def chosen_from(self, request):
        """What an autocomplete offers: choosing a record for a field (a parent step, a line's parent) needs the
        right to change it."""
        return self.editable(request)

    def get_actions(self, request):
        # Bulk deletion would act on everything visible, not only on what the user may change.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def history_view(self, request, object_id, extra_context=None):
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """One past version (simple-history's page): 404 for a record the user may not see, as above."""
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyInline:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def is_admin(request):
    """Whether the user is an administrator (the role, not the is_staff flag)."""
    return actor_for(request.user).role == Role.ADMIN


class BureauWideAdminMixin(ScopedAdminMixin):
    """Records of the whole bureau (a plan, its glossary, budget tables, job categories): anybody with a role
    reads them, administrators change them."""

    def visible(self, request):
        actor = actor_for(request.user)
        return self.model.objects.all() if actor.role is not None else self.model.objects.none()

    def editable(self, request):
        return self.model.objects.all() if is_admin(request) else self.model.objects.none()

    def chosen_from(self, request):
        return self.visible(request)

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and is_admin(request)


def _prefix(path):
    """The lookup before ``department_id``: "" for ``department``, "row__" for ``row__department``."""
    return path.rpartition("department")[0]


def department_filter(user, paths, scope=department_scope):
    """The filter of records that belong, through any of ``paths``, to a department ``scope`` lets through."""
    actor = actor_for(user)
    scopes = [scope(actor, _prefix(path)) for path in paths]
    if EVERYTHING in scopes:  # an empty Q would vanish from an OR instead of letting everything through
        return EVERYTHING
    combined = scopes[0]
    for more in scopes[1:]:
        combined |= more
    return combined


class DepartmentScopedAdminMixin(ScopedAdminMixin):
    """Records that belong to a department through one of ``department_paths``: read by its people (and by
    administrators and managers), changed by its team leads and head (and administrators).

    Foreign keys to departments and staff offer only those the user changes; ``admin_only_fields`` (who is
    whose login, a position that makes a role, where a record hangs) only administrators change.
    """

    department_paths = ("department",)
    admin_only_fields = ()

    def visible(self, request):
        return self.model.objects.filter(department_filter(request.user, self.department_paths))

    def editable(self, request):
        return self.model.objects.filter(
            department_filter(request.user, self.department_paths, scope=department_edit_scope)
        )

    def has_add_permission(self, request, *args):
        actor = actor_for(request.user)
        may = actor.role == Role.ADMIN or (
            actor.role in (Role.TEAM_LEAD, Role.DEPARTMENT_HEAD) and actor.department_id is not None
        )
        return super().has_add_permission(request, *args) and may

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not is_admin(request):
            fields += [name for name in self.admin_only_fields if name not in fields]
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = departments_and_staff_choices(request, db_field)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedInlineMixin:
    """An inline showing only the rows of the departments the user sees (``department_paths`` as above)."""

    department_paths = ("department",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(department_filter(request.user, self.department_paths))


def _own_units(actor):
    """A department and its teams and sections."""
    return Department.objects.filter(Q(pk=actor.department_id) | Q(parent_id=actor.department_id))


def departments_visible_to(user):
    """The organisation's units a user reads in the admin: all for administrators and managers, else their
    department with its teams."""
    actor = actor_for(user)
    if actor.reads_everything:
        return Department.objects.all()
    if actor.role is None or actor.department_id is None:
        return Department.objects.none()
    return _own_units(actor)


def departments_assignable_by(user):
    """The units a user may put in a field of a record they change: all for administrators, their department
    with its teams for its team leads and head."""
    actor = actor_for(user)
    if actor.role == Role.ADMIN:
        return Department.objects.all()
    if actor.role in (Role.TEAM_LEAD, Role.DEPARTMENT_HEAD) and actor.department_id is not None:
        return _own_units(actor)
    return Department.objects.none()


def departments_and_staff_choices(request, db_field):
    """The departments and staff a user may put in a field of a record they change; None for other fields."""
    if db_field.related_model is Department:
        return departments_assignable_by(request.user)
    if db_field.related_model is Staff:
        return Staff.objects.filter(department_edit_scope(actor_for(request.user), ""))
    return None


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site": 404 for a record the user may not see in the admin, as for one that does not
    exist; else Django's own redirect to the record's page."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist as exc:
        raise Http404 from exc
    model_admin = admin.site._registry.get(model)
    if model_admin is None or not model_admin.get_queryset(request).filter(pk=object_id).exists():
        raise Http404
    if not model_admin.has_view_or_change_permission(request):
        raise Http404
    return shortcut(request, content_type_id, object_id)
