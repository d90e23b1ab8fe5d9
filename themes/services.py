"""Writing the codebook and the coding of responses; the theme counts other pages reuse.

Every theme added to or removed from a response adds a ``CodingChange`` (who, when, added
or removed); none is ever edited. Themes nest two levels deep at most.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultation.models import Consultation
from responses.models import Response

from .counts import ThemeCounts, theme_counts
from .models import Codebook, Coding, CodingAction, CodingChange, Theme

__all__ = ["ThemeCounts", "theme_counts"]  # the counts, for the results pages

REMOVED_NOTE = "The theme was removed from the codebook"
BATCH = 1000


class ThemeError(Exception):
    """A change to the codebook or the coding that cannot be made. ``message`` is for the officer."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NeedsConfirmation(ThemeError):
    """Removing the theme would take it off ``coded`` responses: the officer must confirm that number."""

    def __init__(self, coded: int):
        super().__init__(_("This theme codes %(n)d response(s). Confirm to remove it from them.") % {"n": coded})
        self.coded = coded


def parent_problem(*, parent: Theme | None, theme: Theme | None, consultation_id: int) -> str:
    """Why ``parent`` cannot hold ``theme`` (a new theme when None), or "" if it can."""
    if parent is None:
        return ""
    if parent.consultation_id != consultation_id:
        return str(_("Choose a theme from this consultation's codebook"))
    if theme is not None and parent.pk == theme.pk:
        return str(_("A theme cannot be its own parent"))
    if parent.parent_id is not None:
        return str(_("%(name)s is already a sub-theme. Themes go two levels deep only.") % {"name": parent.name})
    if theme is not None and theme.pk and theme.children.exists():
        return str(_("This theme has sub-themes, so it cannot become one. Themes go two levels deep only."))
    return ""


def _locked_theme(theme_id: int) -> Theme:
    theme = Theme.objects.select_for_update().filter(pk=theme_id).first()
    if theme is None:
        raise ThemeError(_("The theme was removed from the codebook meanwhile."))
    return theme


@transaction.atomic
def theme_create(
    *,
    consultation: Consultation,
    name: str,
    actor: AbstractBaseUser,
    description: str = "",
    parent: Theme | None = None,
    search_terms: list[str] | None = None,
) -> Theme:
    """Add a theme to the consultation's codebook with the next unused code."""
    if problem := parent_problem(parent=parent, theme=None, consultation_id=consultation.pk):
        raise ThemeError(problem)
    Codebook.objects.get_or_create(consultation=consultation)
    codebook = Codebook.objects.select_for_update().get(consultation=consultation)
    codebook.themes_numbered += 1
    codebook.save(update_fields=["themes_numbered"])
    return Theme.objects.create(
        consultation=consultation,
        number=codebook.themes_numbered,
        name=name,
        description=description,
        parent=parent,
        search_terms=list(search_terms or []),
        created_by=actor,
    )


@transaction.atomic
def theme_update(*, theme_id: int, name: str, description: str, parent: Theme | None, search_terms: list[str]) -> Theme:
    """Change a theme's words, terms or parent. Its code stays; the history keeps the old name."""
    theme = _locked_theme(theme_id)
    if problem := parent_problem(parent=parent, theme=theme, consultation_id=theme.consultation_id):
        raise ThemeError(problem)
    theme.name, theme.description, theme.parent, theme.search_terms = name, description, parent, list(search_terms)
    theme.save(update_fields=["name", "description", "parent", "search_terms"])
    return theme


@transaction.atomic
def theme_remove(*, theme_id: int, actor: AbstractBaseUser, confirmed_count: int | None = None) -> int:
    """Remove a theme; return how many responses it was taken off.

    A theme with sub-themes is refused. A theme that codes responses is removed only when the
    officer confirmed that exact number (else ``NeedsConfirmation``); each response then gets
    a "removed" record, so its history shows what happened.
    """
    theme = _locked_theme(theme_id)
    if children := theme.children.count():
        raise ThemeError(
            _("%(name)s has %(n)d sub-theme(s). Remove them, or move them to another theme, first.")
            % {"name": theme.name, "n": children}
        )
    coded = list(theme.codings.values_list("response_id", flat=True))
    if coded and confirmed_count != len(coded):
        raise NeedsConfirmation(len(coded))
    _audit(theme, coded, CodingAction.REMOVED, actor, note=REMOVED_NOTE)
    theme.delete()
    return len(coded)


@dataclass
class CodingResult:
    added: list[Theme]
    removed: list[Theme]


@transaction.atomic
def response_code(
    *, response_id: int, actor: AbstractBaseUser, add: set[int] = frozenset(), remove: set[int] = frozenset()
) -> CodingResult:
    """Add themes to and remove themes from one response, recording each change.

    Only the changes the officer made are applied: a theme another officer added a moment
    ago stays unless this officer unticked it. Adding a theme it has, or removing one it
    has not, changes nothing and records nothing.
    """
    response = Response.objects.get(pk=response_id)
    themes = {
        t.pk: t
        for t in Theme.objects.select_for_update()
        .filter(consultation_id=response.consultation_id, pk__in=set(add) | set(remove))
        .order_by("pk")
    }
    if set(add) - themes.keys() or set(remove) - themes.keys():
        raise ThemeError(_("A theme was removed from the codebook meanwhile. Reload the page and try again."))
    current = set(response.codings.filter(theme_id__in=themes).values_list("theme_id", flat=True))
    to_add = [themes[pk] for pk in sorted(set(add) - current)]
    to_remove = [themes[pk] for pk in sorted(set(remove) & current)]
    now = timezone.now()
    Coding.objects.bulk_create(Coding(response=response, theme=t, coded_by=actor, coded_at=now) for t in to_add)
    response.codings.filter(theme__in=to_remove).delete()
    for theme in to_add:
        _audit(theme, [response.pk], CodingAction.ADDED, actor, now=now)
    for theme in to_remove:
        _audit(theme, [response.pk], CodingAction.REMOVED, actor, now=now)
    return CodingResult(added=to_add, removed=to_remove)


def without_theme(responses: QuerySet, theme: Theme) -> QuerySet:
    """The responses not coded with ``theme``."""
    return responses.exclude(Exists(Coding.objects.filter(response=OuterRef("pk"), theme=theme)))


def responses_with_theme(responses: QuerySet, theme: Theme) -> int:
    """How many of ``responses`` the theme codes already."""
    return responses.filter(Exists(Coding.objects.filter(response=OuterRef("pk"), theme=theme))).count()


@transaction.atomic
def responses_code_bulk(*, theme_id: int, responses: QuerySet, actor: AbstractBaseUser) -> int:
    """Code every response of ``responses`` with the theme; return how many were newly coded.

    Responses that already have it are left alone. Each newly coded response gets its own
    "added" record, as if coded on its page.
    """
    theme = _locked_theme(theme_id)
    chosen = responses.filter(consultation_id=theme.consultation_id).order_by()
    ids = list(without_theme(chosen, theme).values_list("pk", flat=True))
    now = timezone.now()
    Coding.objects.bulk_create(
        (Coding(response_id=pk, theme=theme, coded_by=actor, coded_at=now) for pk in ids), batch_size=BATCH
    )
    _audit(theme, ids, CodingAction.ADDED, actor, now=now)
    return len(ids)


@transaction.atomic
def responses_uncode_bulk(*, theme_id: int, responses: QuerySet, actor: AbstractBaseUser) -> int:
    """Take the theme off every response of ``responses`` that has it; return how many.

    Each gets its own "removed" record, as if unticked on its page."""
    theme = _locked_theme(theme_id)
    chosen = responses.filter(consultation_id=theme.consultation_id).order_by().values("pk")
    codings = theme.codings.filter(response__in=chosen)
    ids = list(codings.values_list("response_id", flat=True))
    codings.delete()
    _audit(theme, ids, CodingAction.REMOVED, actor)
    return len(ids)


def _audit(theme: Theme, response_ids, action: str, actor, *, now=None, note: str = "") -> None:
    now = now or timezone.now()
    CodingChange.objects.bulk_create(
        (
            CodingChange(
                response_id=pk,
                theme=theme,
                theme_code=theme.code,
                theme_name=theme.name,
                action=action,
                actor=actor,
                created_at=now,
                note=note,
            )
            for pk in response_ids
        ),
        batch_size=BATCH,
    )
