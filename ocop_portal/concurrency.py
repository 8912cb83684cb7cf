"""Optimistic version check: two people edit the same record, the second saver is told what changed instead of
silently overwriting the first.

Every editable record (subject, product, plan, target, budget line, draft decision) has a ``version`` column. The
edit form and the API send back the version the user read; the service calls ``claim_version`` just before it
saves, which runs ONE statement::

    UPDATE <table> SET version = version + 1 WHERE id = %s AND version = %s

No row updated means someone saved in between: ``VersionConflict`` is raised (the service's transaction rolls
back), carrying the fields changed since that version (from the audit log, which records the version in every
before/after snapshot) and their current values. The check and the increment are the same statement, so two
concurrent saves of the same version cannot both succeed.

Callers without a version (imports, commands, the demo loader) pass ``expected=None``: the version is still
incremented (so open forms notice the change) but nothing is checked.

Pages: forms add ``VersionedFormMixin`` (a hidden ``version`` field on edit forms) and, on conflict, call
``form.add_version_conflict(exc)``: the message is shown on top of the form, each changed field is marked, the
user's input is kept and the hidden version moves to the current one, so saving again is a deliberate choice.
API: serializers add ``VersionedSerializerMixin`` (``version`` required on PUT/PATCH, ignored on create, always
returned); ``ocop_portal.errors.api_exception_handler`` answers ``VersionConflict`` with 409 and the changed fields.
"""

import datetime
import decimal

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from ocop_portal.formatting import format_date, format_number

# Changes nobody typed: not listed as "changed by someone else".
_NOT_LISTED = {"id", "version", "updated_at", "created_at", "search_text"}


class VersionConflict(Exception):
    """The record was saved by someone else after ``expected`` was read.

    What changed is read when first asked for (``changes``, ``version``, ``message``), i.e. once the service's
    transaction has rolled back, so it describes the stored record and never the refused save's own writes.
    ``changes``: [{"field", "label", "value"}] (current values as shown to people); ``version``: the current
    version; ``changed_by`` / ``changed_at``: who saved last and when (None when the audit log does not say).
    """

    def __init__(self, *, model, pk, expected, extra_values=None):
        self.model = model
        self.pk = pk
        self.expected = expected
        self.extra_values = extra_values or {}
        self._details = None
        super().__init__(f"{model._meta.label} {pk}: version {expected} is stale")

    def _load(self):
        if self._details is None:
            self._details = _conflict_details(self.model, self.pk, self.expected, self.extra_values)
        return self._details

    @property
    def instance(self):
        return self._load()["instance"]

    @property
    def version(self):
        return self._load()["version"]

    @property
    def changes(self):
        return self._load()["changes"]

    @property
    def changed_by(self):
        return self._load()["changed_by"]

    @property
    def changed_at(self):
        return self._load()["changed_at"]

    @property
    def fields(self):
        return [change["field"] for change in self.changes]

    @property
    def message(self):
        who = ""
        if self.changed_by:
            who = _(" (người lưu gần nhất: %(user)s, lúc %(time)s)") % {
                "user": self.changed_by,
                "time": timezone.localtime(self.changed_at).strftime("%H:%M %d/%m/%Y") if self.changed_at else "",
            }
        head = _(
            "Dữ liệu này vừa được người khác lưu sau khi bạn mở biểu mẫu%(who)s, nên thay đổi của bạn CHƯA được "
            "lưu (để không ghi đè lên thay đổi của họ)."
        ) % {"who": who}
        if self.changes:
            listed = "; ".join(f"{change['label']}: {change['value']}" for change in self.changes)
            body = _("Các mục đã thay đổi, với giá trị hiện tại: %(changes)s.") % {"changes": listed}
        else:
            body = _("Không xác định được mục nào đã thay đổi; hãy mở lại trang để xem dữ liệu hiện tại.")
        tail = _("Nội dung bạn nhập vẫn được giữ trên biểu mẫu: hãy đối chiếu, sửa nếu cần rồi bấm lưu lại để ghi đè.")
        return f"{head} {body} {tail}"

    def as_api_data(self):
        return {
            "detail": self.message,
            "code": "version_conflict",
            "version": self.version,
            "changed_fields": self.changes,
        }


# --- the check (services) ---------------------------------------------------------------------------------------


def claim_version(instance, expected=None, *, extra_values=None):
    """Check ``expected`` against the stored version and increment it, in one UPDATE; set ``instance.version``
    to the new value (so the service's ``save()`` writes it unchanged). ``expected=None``: increment only.

    ``extra_values``: {key: (label, function(current instance) -> text)} for snapshot keys that are not model
    fields (a product's certifications and channels), used to describe a conflict.
    """
    model = type(instance)
    rows = model._base_manager.filter(pk=instance.pk)
    if expected is not None:
        expected = int(expected)
        rows = rows.filter(version=expected)
    if rows.update(version=F("version") + 1) == 0:
        raise conflict_for(instance, expected, extra_values=extra_values)
    if expected is not None:
        instance.version = expected + 1
    else:
        instance.version = model._base_manager.filter(pk=instance.pk).values_list("version", flat=True).get()
    return instance.version


def check_version(instance, expected, *, extra_values=None):
    """Refuse a stale version without incrementing: for a save that turned out to change nothing (the user's
    form still showed old values), or as an early check before writing related rows. ``instance`` was read
    under ``select_for_update``; ``claim_version`` stays the check that decides."""
    if expected is not None and int(expected) != instance.version:
        raise conflict_for(instance, int(expected), extra_values=extra_values)


def conflict_for(instance, expected, *, extra_values=None):
    """A ``VersionConflict`` about ``instance``'s row (details read lazily, see the class)."""
    return VersionConflict(model=type(instance), pk=instance.pk, expected=expected, extra_values=extra_values)


def _conflict_details(model, pk, expected, extra_values):
    """What changed on the stored row since ``expected``: the audit entries whose "before" has a version at or
    after it (every service records the version in its before/after snapshots)."""
    from audit.models import AuditEntry  # audit imports nothing from here; keep the app graph one-way

    current = model._base_manager.get(pk=pk)
    entries = AuditEntry.objects.filter(
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
        object_id=str(pk),
    ).select_related("actor")
    changed, last = [], None
    for entry in entries.order_by("pk"):
        before, after = entry.before or {}, entry.after or {}
        if expected is None or not isinstance(before.get("version"), int) or before["version"] < expected:
            continue
        last = entry
        for key in after:
            if key not in _NOT_LISTED and before.get(key) != after.get(key) and key not in changed:
                changed.append(key)
    changes = [_describe(current, key, extra_values) for key in changed]
    return {
        "instance": current,
        "version": current.version,
        "changes": [change for change in changes if change is not None],
        "changed_by": str(last.actor) if last is not None and last.actor_id else None,
        "changed_at": last.at if last is not None else None,
    }


def _describe(current, key, extra_values):
    if key in extra_values:
        label, value_of = extra_values[key]
        return {"field": key, "label": str(label), "value": value_of(current)}
    try:
        field = current._meta.get_field(key)
    except FieldDoesNotExist:
        field = next((f for f in current._meta.concrete_fields if f.attname == key), None)
        if field is None:
            return None
    label = str(field.verbose_name)
    return {"field": field.name, "label": label[:1].upper() + label[1:], "value": display_value(current, field)}


def display_value(instance, field):
    """A field's value as a person reads it: choice labels, names of related records, dd/mm/yyyy, 7.678,61."""
    if field.is_relation:
        value = getattr(instance, field.name, None)
    elif field.choices:
        value = getattr(instance, f"get_{field.name}_display")()
    else:
        value = getattr(instance, field.attname)
    if value in (None, ""):
        return _("(để trống)")
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, (decimal.Decimal, float)):
        return format_number(value, None, strip_zeros=True)
    return f"“{value}”"


# --- pages ------------------------------------------------------------------------------------------------------


class VersionedFormMixin:
    """Edit forms (bound to a saved instance) get a hidden ``version`` field; create forms are unchanged.

    After ``is_valid()``, ``form.expected_version`` is the version the user read (``version`` is taken out of
    ``cleaned_data``, so views keep passing ``cleaned_data`` to the services as before).
    """

    expected_version = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, min_value=1, initial=instance.version
            )

    def clean(self):
        cleaned = super().clean()
        if "version" in self.fields:
            version = cleaned.pop("version", None)
            if version is None and "version" not in self.errors:
                self.add_error(
                    None,
                    _(
                        "Biểu mẫu thiếu thông tin phiên bản dữ liệu (trang mở từ bản cũ của cổng). "
                        "Hãy mở lại trang sửa rồi nhập lại."
                    ),
                )
            self.expected_version = version
        return cleaned

    def add_version_conflict(self, exc):
        """Show ``exc`` on the form, keep the user's input and move the hidden version to the current one."""
        self.add_error(None, exc.message)
        for change in exc.changes:
            name = change["field"]
            if (
                name in self.fields
                and name != "version"
                and not isinstance(self.fields[name].widget, forms.HiddenInput)
            ):
                self.add_error(
                    name, _("Người khác vừa đổi mục này; giá trị hiện tại: %(value)s.") % {"value": change["value"]}
                )
        data = self.data.copy()
        data[self.add_prefix("version")] = str(exc.version)
        self.data = data


# --- API --------------------------------------------------------------------------------------------------------


class VersionedSerializerMixin(serializers.Serializer):
    """``version``: returned in every response; required on PUT/PATCH (the version the client read); ignored on
    create. A stale version gives 409 (``ocop_portal.errors.api_exception_handler``)."""

    version = serializers.IntegerField(
        min_value=1,
        required=False,
        label=gettext_lazy("phiên bản"),
        help_text=gettext_lazy(
            "Phiên bản dữ liệu bạn đã đọc. Bắt buộc khi cập nhật (PUT/PATCH); "
            "nếu người khác đã lưu sau đó, máy chủ trả 409 kèm các trường đã thay đổi."
        ),
        error_messages={
            "invalid": gettext_lazy("Cần nhập một số nguyên hợp lệ."),
            "min_value": gettext_lazy("Giá trị phải lớn hơn hoặc bằng {min_value}."),
        },
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is None:
            attrs.pop("version", None)
        elif attrs.get("version") is None:
            raise serializers.ValidationError(
                {
                    "version": _(
                        "Hãy gửi kèm “version” là phiên bản dữ liệu bạn đã đọc (GET), để không ghi đè thay đổi "
                        "của người khác."
                    )
                }
            )
        return attrs


def pop_expected_version(validated_data):
    """Take ``version`` out of a serializer's validated data (what the services do not accept as a field)."""
    return validated_data.pop("version", None)
