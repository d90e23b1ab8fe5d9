"""Check every stored consultation document by its content: only PDF, DOCX and ODT files may be served.

    manage.py check_documents             # list the documents that will not be served
    manage.py check_documents --withdraw  # and delete them, with their files

Documents stored before uploads were checked may be anything. The public download refuses
any file that is not one of the three formats whatever this command does; running it
records the format of the good ones and finds the bad ones, so an officer can replace them.
"""

from django.core.management.base import BaseCommand, CommandError

from consultation.documents import document_format
from consultation.models import Document


class Command(BaseCommand):
    help = "Check stored consultation documents by content; list (or withdraw) any that is not PDF, DOCX or ODT."

    def add_arguments(self, parser):
        parser.add_argument("--withdraw", action="store_true", help="Delete the documents that fail, and their files.")

    def handle(self, *args, withdraw: bool, **options):
        bad = []
        for document in Document.objects.exclude(file="").select_related("consultation"):
            found = _format_of(document)
            if found is None:
                bad.append(document)
            elif document.file_format != found.code:
                Document.objects.filter(pk=document.pk).update(file_format=found.code)
        for document in bad:
            where = f"{document.consultation.slug}: document {document.pk} {document.title!r} ({document.file.name})"
            if withdraw:
                document.file.delete(save=False)
                document.delete()
                self.stdout.write(f"Withdrawn, missing or not a PDF, DOCX or ODT file: {where}")
            else:
                self.stdout.write(f"Not served, missing or not a PDF, DOCX or ODT file: {where}")
        if bad and not withdraw:
            raise CommandError(f"{len(bad)} document(s) will not be served. Replace them, or run with --withdraw.")
        self.stdout.write(f"Checked the stored documents: {len(bad)} failed.")


def _format_of(document: Document):
    try:
        with document.file.open("rb") as handle:
            return document_format(handle)
    except FileNotFoundError:
        return None
