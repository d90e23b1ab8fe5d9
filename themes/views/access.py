"""Who may use the themes pages: managing the codebook, coding responses, or either to read."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404

from consultation.models import Consultation

MANAGE = "themes.manage_codebook"
CODE = "themes.code_response"


class CodebookReaderMixin(PermissionRequiredMixin):
    """Officers who manage the codebook or code responses may read the codebook and its counts."""

    permission_required = (MANAGE, CODE)

    def has_permission(self) -> bool:
        return any(self.request.user.has_perm(p) for p in self.get_permission_required())

    def consultation(self) -> Consultation:
        if not hasattr(self, "_consultation"):
            self._consultation = get_object_or_404(Consultation, slug=self.kwargs["slug"])
        return self._consultation


class CodebookManagerMixin(CodebookReaderMixin):
    permission_required = (MANAGE,)


class CoderMixin(CodebookReaderMixin):
    permission_required = (CODE,)
