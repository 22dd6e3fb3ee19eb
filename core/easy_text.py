"""やさしい日本語 versions of the texts residents read, written by coordinators in the admin.

Giving a model's texts an easy version takes two lines in the model (and one in its admin):

    class ContactPoint(EasyText, models.Model):       # 1. the mixin
        name = models.CharField(...)
        notes = models.TextField(...)
        easy = EasyFields("name", "notes")          # 2. after the fields it names

    # and in its admin: the column, the filter, the fieldset, the action
    class ContactPointAdmin(EasyTextAdmin, admin.ModelAdmin):

then `makemigrations`. EasyFields adds `name_easy` and `notes_easy` (blank: an easy version is
optional) and records the model in EASY_MODELS, the one registry (the tests walk it). Templates
show `obj.shown.notes`: the easy version on a やさしい日本語 page when there is one, else the
standard text; `obj.shown.missing_notes` says when to add the note that it has none.

Whether an easy version is up to date: when one is saved, the SHA-256 of the standard text it
was written against is stored with it (`easy_digests`). If the standard text changes later, it
no longer hashes to that value and the easy version shows as 古い in the admin until a
coordinator edits it or marks it checked. `easy_status` sums this up per record for the admin's
column and filter; save() keeps it current (a bulk write that skips save() must call
`refresh_easy_status()`).
"""

import hashlib
from typing import Any, ClassVar, cast

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.easy import is_easy

EASY_SUFFIX = "_easy"
# Every model with easy versions, filled by EasyFields (in model-definition order).
EASY_MODELS: list[type["EasyText"]] = []


class EasyStatus(models.TextChoices):
    MISSING = "missing", _("なし")
    PARTIAL = "partial", _("一部だけ")
    STALE = "stale", _("古い")
    CURRENT = "current", _("最新")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class EasyFields:
    """`easy = EasyFields("name", "body")` in a model body, after those fields: adds
    `name_easy` and `body_easy` and registers the model (the attribute itself is not kept)."""

    def __init__(self, *sources: str) -> None:
        self.sources = sources

    def contribute_to_class(self, cls: type["EasyText"], name: str) -> None:
        local = {field.name: field for field in cls._meta.local_fields}
        for source in self.sources:
            field = local[source]  # KeyError: EasyFields must come after the fields it names
            verbose_name = format_lazy(_("{}（やさしい日本語）"), field.verbose_name)
            easy: models.Field[Any, Any]
            if isinstance(field, models.CharField):
                length = (field.max_length or 100) * 2  # easy wording runs longer
                easy = models.CharField(verbose_name, max_length=length, blank=True)
            else:
                easy = models.TextField(verbose_name, blank=True)
            cls.add_to_class(f"{source}{EASY_SUFFIX}", easy)
        cls.EASY_FIELDS = self.sources
        if not cls._meta.abstract:
            EASY_MODELS.append(cls)


class EasyText(models.Model):
    """A model whose texts may have やさしい日本語 versions (see the module's docstring)."""

    EASY_FIELDS: ClassVar[tuple[str, ...]] = ()

    easy_digests = models.JSONField(default=dict, blank=True, editable=False)
    easy_status = models.CharField(
        _("やさしい日本語"),
        max_length=10,
        choices=EasyStatus.choices,
        default=EasyStatus.MISSING,
        editable=False,
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        texts = {*self.EASY_FIELDS, *(f"{f}{EASY_SUFFIX}" for f in self.EASY_FIELDS)}
        if update_fields is None or texts & set(update_fields):
            self.refresh_easy_status()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "easy_digests", "easy_status"}
        super().save(*args, **kwargs)

    # --- What the admin shows ----------------------------------------------------------------

    def standard_text(self, field: str) -> str:
        return str(getattr(self, field) or "")

    def easy_version(self, field: str) -> str:
        return str(getattr(self, f"{field}{EASY_SUFFIX}") or "")

    def easy_state(self, field: str) -> EasyStatus | None:
        """This text's easy version: missing, stale or current (None: no standard text)."""
        if not self.standard_text(field).strip():
            return None
        if not self.easy_version(field).strip():
            return EasyStatus.MISSING
        written_for = self.easy_digests.get(field, {}).get("standard")
        if written_for != _digest(self.standard_text(field)):
            return EasyStatus.STALE
        return EasyStatus.CURRENT

    def refresh_easy_status(self) -> None:
        """Record what each easy version was written against, and sum up `easy_status`.

        An easy version that changed since the last save was written against the standard
        text as it is now; one that did not keeps the standard text it was written against."""
        digests = {}
        for field in self.EASY_FIELDS:
            easy = self.easy_version(field)
            if not easy.strip():
                continue
            before = self.easy_digests.get(field, {})
            if before.get("easy") == _digest(easy):
                digests[field] = before
            else:
                standard = _digest(self.standard_text(field))
                digests[field] = {"easy": _digest(easy), "standard": standard}
        self.easy_digests = digests
        self.easy_status = self._summary()

    def mark_easy_checked(self) -> None:
        """A coordinator checked the easy versions against the standard texts: current."""
        self.easy_digests = {
            field: {
                "easy": _digest(self.easy_version(field)),
                "standard": _digest(self.standard_text(field)),
            }
            for field in self.EASY_FIELDS
            if self.easy_version(field).strip()
        }
        self.easy_status = self._summary()

    def _summary(self) -> EasyStatus:
        states = [s for s in map(self.easy_state, self.EASY_FIELDS) if s is not None]
        if EasyStatus.STALE in states:
            return EasyStatus.STALE
        if not states or all(s == EasyStatus.CURRENT for s in states):
            return EasyStatus.CURRENT if states else EasyStatus.MISSING
        if all(s == EasyStatus.MISSING for s in states):
            return EasyStatus.MISSING
        return EasyStatus.PARTIAL

    # --- What pages show -----------------------------------------------------------------

    @property
    def shown(self) -> "ShownText":
        return ShownText(self)


class ShownText:
    """`obj.shown.body`: the text a page shows in the active language; `obj.shown.missing_body`:
    True on a やさしい日本語 page when the text has no easy version (the page shows the standard
    one with a note). On other pages it reads the standard fields only (a list that defers the
    easy columns costs no query)."""

    def __init__(self, obj: EasyText) -> None:
        self._obj = obj
        self._easy = is_easy()

    def __getattr__(self, name: str) -> Any:
        fields = self._obj.EASY_FIELDS
        if name == "missing_any":
            return any(getattr(self, f"missing_{field}") for field in fields)
        if name.startswith("missing_") and name[len("missing_") :] in fields:
            field = name[len("missing_") :]
            return (
                self._easy
                and bool(self._obj.standard_text(field).strip())
                and not self._obj.easy_version(field).strip()
            )
        if name in fields:
            if self._easy and self._obj.easy_version(name).strip():
                return self._obj.easy_version(name)
            return getattr(self._obj, name)
        raise AttributeError(name)


def easy_columns(*fields: str) -> tuple[str, ...]:
    """The easy columns of `fields`, for only()/defer() next to the standard ones."""
    return tuple(f"{field}{EASY_SUFFIX}" for field in fields)


# --- The admin ---------------------------------------------------------------------------------


class EasyTextAdmin(admin.ModelAdmin):
    """Adds the easy versions to a model's admin: a fieldset with each easy field and the state
    of each text, a column and a filter 「やさしい日本語: なし / 一部だけ / 古い / 最新」, and an
    action marking the easy versions checked after a small change to the standard text."""

    def _easy_fields(self) -> list[str]:
        return [f"{field}{EASY_SUFFIX}" for field in self.model.EASY_FIELDS]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        easy = self._easy_fields()
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = [f for f in options.get("fields", ()) if f not in easy and f != "easy_states"]
            fieldsets.append((name, {**options, "fields": fields}))
        description = _(
            "やさしい日本語の文は、ふりがながなくても読めるように、短い文とやさしいことばで書きます。"
            "空欄の文は、やさしい日本語のページでも標準の文を表示します。"
        )
        fieldsets.append(
            (
                _("やさしい日本語"),
                {"fields": ["easy_states", *easy], "description": description},
            )
        )
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (*super().get_readonly_fields(request, obj), "easy_states")

    def get_list_display(self, request: HttpRequest) -> Any:
        return (*super().get_list_display(request), "easy_status_badge")

    def get_list_filter(self, request: HttpRequest) -> Any:
        return (*super().get_list_filter(request), "easy_status")

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        offered = self.actions is not None and IS_POPUP_VAR not in request.GET
        if offered and self.has_change_permission(request):
            action = EasyTextAdmin.mark_easy_checked
            description = action.short_description  # type: ignore[attr-defined]
            actions["mark_easy_checked"] = cast(Any, (action, "mark_easy_checked", description))
        return actions

    @admin.display(description=_("やさしい日本語"), ordering="easy_status")
    def easy_status_badge(self, obj: EasyText) -> str:
        return obj.get_easy_status_display()

    @admin.display(description=_("やさしい日本語の状態"))
    def easy_states(self, obj: EasyText | None) -> SafeString | str:
        if obj is None or obj.pk is None:
            return "—"
        rows = []
        for field in obj.EASY_FIELDS:
            state = obj.easy_state(field)
            label = cast(models.Field[Any, Any], obj._meta.get_field(field)).verbose_name
            if state is None:
                text = _("標準の文がありません")
            elif state == EasyStatus.STALE:
                text = _("古い（やさしい日本語を書いた後に、標準の文が変わりました）")
            else:
                text = state.label
            rows.append((label, text))
        return format_html_join("", "<div>{}：{}</div>", rows)

    @admin.action(description=_("やさしい日本語を確認済みにする（標準の文に合っている）"))
    def mark_easy_checked(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        count = 0
        for obj in queryset:
            obj.mark_easy_checked()
            obj.save(update_fields=["easy_digests", "easy_status"])
            self.log_change(request, obj, [{"changed": {"fields": ["easy_digests"]}}])
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d件のやさしい日本語を確認済みにしました。",
                "%(count)d件のやさしい日本語を確認済みにしました。",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
