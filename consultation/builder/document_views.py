"""The builder's document pages: add, edit, remove a document (an upload or a link)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from consultation.models import Document

from . import services
from .document_forms import DocumentForm
from .history import changes_list, version_of
from .views import ManageMixin, refused

TEMPLATE = "consultation/builder/document_form.html"


class DocumentMixin(ManageMixin):
    def document(self) -> Document:
        return get_object_or_404(Document, pk=self.kwargs["document"], consultation=self.consultation)

    def save(self, request, document=None):
        form = DocumentForm(request.POST, request.FILES, instance=document)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.document_save(
                    consultation=self.consultation,
                    by=request.user,
                    document=document,
                    version=data["version"],
                    file=data["file"] or None,
                    title=data["title"],
                    url=data["url"],
                    alternative_format=data["alternative_format"],
                )
            except ValidationError as error:
                refused(form, error)
            else:
                messages.success(request, _("Document saved."))
                return redirect("builder:detail", pk=self.consultation.pk)
        return self.show(form, document)

    def show(self, form, document=None):
        history = changes_list(document.history.select_related("history_user")[:20]) if document else []
        context = {"form": form, "consultation": self.consultation, "document": document, "history": history}
        return render(self.request, TEMPLATE, context)


class DocumentCreateView(DocumentMixin, View):
    def get(self, request, pk):
        return self.show(DocumentForm())

    def post(self, request, pk):
        return self.save(request)


class DocumentEditView(DocumentMixin, View):
    def get(self, request, pk, document):
        document = self.document()
        form = DocumentForm(instance=document)
        form.initial["version"] = version_of(document)
        return self.show(form, document)

    def post(self, request, pk, document):
        return self.save(request, self.document())


class DocumentRemoveView(DocumentMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, document):
        services.document_remove(document=self.document(), by=request.user)
        messages.success(request, _("Document removed."))
        return redirect("builder:detail", pk=pk)
