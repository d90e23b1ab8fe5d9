"""Create many realistic responses to a consultation, quickly (COPY on PostgreSQL).

For demonstrations, load tests and the export benchmark: a spread of respondent
types, channels, moderation states, answers to every question, centres, free
text with line breaks and quotes, and a share of near-identical campaign letters (see
campaigns/seed_texts.py), each labelled with its campaign in ``campaigns.SeedLabel``.
"""

import datetime
import json
import random
import time
from concurrent.futures import Future, ThreadPoolExecutor

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from campaigns import seed_texts
from campaigns.models import SeedLabel
from centres.models import Centre
from consultation.models import AGREEMENT_CHOICES, Consultation, QuestionKind
from responses import seeding
from responses.linked_centres import stored_centres
from responses.models import (
    ORGANISATION_TYPES,
    Channel,
    Consent,
    RespondentType,
    Response,
    State,
)

BATCH = 20_000
CONSENTS = {Consent.PUBLISH_ANONYMOUS: 60, Consent.PUBLISH_NAMED: 15, Consent.DO_NOT_PUBLISH: 25}
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0, 1, I or O: read out over the phone
STRIDE = 0x9E3779B1  # odd, so i * STRIDE mod 2**40 never repeats within a run

FIRST_NAMES = ["Amy", "Ben", "Chloe", "Dan", "Ella", "Femi", "Grace", "Harry", "Isla", "Jack", "Kasia", "Liam"]
LAST_NAMES = ["Smith", "Jones", "Brown", "Taylor", "Wilson", "Nowak", "Clarke", "Patel", "Walker", "Hughes"]
POSTCODE_AREAS = ["NR1", "NR2", "NR3", "NR5", "NR7", "NR13", "NR18", "NR30", "NR31", "PE30", "PE31", "IP24"]
ORGANISATIONS = {
    RespondentType.COUNCIL: ["Norwich City Council", "Broadland District Council", "Great Yarmouth Borough Council"],
    RespondentType.PARISH_COUNCIL: ["Acle Parish Council", "Hethersett Parish Council", "Wymondham Town Council"],
    RespondentType.VOLUNTARY: ["Home-Start Norfolk", "Norfolk Community Action", "Mums Matter"],
    RespondentType.OTHER_ORGANISATION: ["St Clement's Primary School", "Norfolk Libraries Friends"],
    RespondentType.ELECTED_MEMBER: ["County councillor for Thorpe Hamlet", "County councillor for Acle"],
}


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class Generator:
    """Makes one plausible response at a time (as column values) from a seeded random source."""

    def __init__(self, consultation: Consultation, rng: random.Random, count: int):
        self.rng, self.count = rng, count
        self.questions = list(consultation.questions.order_by("order").values("slug", "kind", "options"))
        centres = consultation.centres.all() or Centre.objects.all()
        self.centres = list(centres.values_list("id", "slug", "name"))
        self.linked = {centre.pk: centre for centre in centres}  # for the names stored with a response
        self.start = consultation.opens_at
        end = min(consultation.closes_at, timezone.now())
        self.span = max((end - self.start).total_seconds(), 60)
        self.offset = rng.randrange(2**40)
        self.quote = seed_texts.quotation(consultation.body)

    def reference(self, n: int) -> str:
        value = (self.offset + n * STRIDE) % 2**40
        body = "".join(ALPHABET[(value >> (5 * k)) & 31] for k in range(8))
        return f"NCC-{body[:4]}-{body[4:]}"

    def answers(self, picked: list[tuple]) -> tuple[dict, str]:
        """The answers, and the campaign label of their free text ("" when not from a campaign)."""
        rng, answers = self.rng, {}
        centre = picked[0][2] if picked else "Our children's centre"
        *texts, label = seed_texts.free_texts(rng, centre, self.quote)
        for question in self.questions:
            kind = question["kind"]
            if kind == QuestionKind.AGREEMENT:
                answers[question["slug"]] = rng.choices(
                    [value for value, _ in AGREEMENT_CHOICES], weights=[4, 6, 5, 20, 60, 5]
                )[0]
            elif kind == QuestionKind.CENTRES:
                answers[question["slug"]] = [slug for _, slug, _ in picked]
            elif kind == QuestionKind.MULTIPLE and rng.random() < 0.8:
                answers[question["slug"]] = rng.sample(question["options"], rng.randint(1, len(question["options"])))
            elif kind == QuestionKind.SINGLE and rng.random() < 0.9:
                answers[question["slug"]] = rng.choice(question["options"])
            elif kind == QuestionKind.FREE_TEXT and texts and (text := texts.pop(0)):
                answers[question["slug"]] = text
        return answers, label

    def response(self, n: int) -> tuple[dict, list[int], str]:
        rng = self.rng
        kind = weighted(rng, {"parent_carer": 55, "resident": 20, "professional": 15} | dict.fromkeys(ORGANISATIONS, 2))
        picked = rng.sample(self.centres, min(len(self.centres), rng.choice([0, 1, 1, 1, 2, 2, 3])))
        answers, label = self.answers(picked)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        with_email = rng.random() < 0.7
        # Responses arrive over the consultation in the order they are stored, as real ones do
        # (so the table's physical order follows submitted_at, which exports read it by).
        submitted_at = self.start + datetime.timedelta(seconds=min(1, (n + rng.random()) / self.count) * self.span)
        row = {
            "reference": self.reference(n),
            "respondent_type": kind,
            "organisation_name": rng.choice(ORGANISATIONS[kind]) if kind in ORGANISATION_TYPES else "",
            "organisation_verified": kind in ORGANISATION_TYPES and rng.random() < 0.5,
            "name": f"{first} {last}" if rng.random() < 0.9 else "",
            "email": f"{first}.{last}{n}@example.org".lower() if with_email else "",
            "postcode": f"{rng.choice(POSTCODE_AREAS)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
            "consent": weighted(rng, CONSENTS),
            "answers": answers,
            "channel": weighted(rng, {Channel.ONLINE: 90, Channel.PAPER: 8, Channel.EMAIL: 2}),
            "submitted_at": submitted_at,
            "state": weighted(rng, {State.PENDING: 40, State.APPROVED: 50, State.REJECTED: 6, State.FLAGGED: 4}),
            # Seeded respondents are not sent receipts.
            "receipt_sent_at": submitted_at,
        } | stored_centres(self.linked[centre_id] for centre_id, _, _ in picked)
        return row, [centre_id for centre_id, _, _ in picked], label


COLUMNS = (
    "id",
    "consultation_id",
    "reference",
    "respondent_type",
    "organisation_name",
    "respondent_role",
    "authority_confirmed",
    "organisation_verified",
    "name",
    "email",
    "postcode",
    "consent",
    "answers",
    "attachment",
    "attachment_name",
    "attachment_content_type",
    "channel",
    "submitted_at",
    "state",
    "version",
    "receipt_sent_at",
    "centre_names",
    "centre_districts",
)


class Command(BaseCommand):
    help = "Create N realistic responses to a consultation (on PostgreSQL a million take a few minutes)."
    # A data load, not a server start: the system checks (a second and a half) add nothing here.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--consultation", required=True, metavar="SLUG", help="The consultation's slug.")
        parser.add_argument("--count", required=True, type=int, metavar="N", help="How many responses to create.")
        parser.add_argument("--seed", type=int, default=None, help="Random seed, for the same responses each time.")

    def handle(self, *args, consultation, count, seed, **options):
        if count <= 0:
            raise CommandError("--count must be a whole number above 0, for example --count 1000.")
        found = Consultation.objects.filter(slug=consultation).first()
        if found is None:
            known = ", ".join(Consultation.objects.order_by("slug").values_list("slug", flat=True)) or "none yet"
            raise CommandError(f'No consultation has the slug "{consultation}". Slugs you can use: {known}.')
        generator = Generator(found, random.Random(seed), count)
        started = time.monotonic()
        made = 0
        # One thread makes the next batch while this one writes the last: on PostgreSQL the
        # database ingests a batch (in its own process) while Python makes the next. Batches
        # are made in order from one random source, so a --seed gives the same responses.
        with ThreadPoolExecutor(max_workers=1) as maker:
            n = 0

            def make(size: int) -> Future:
                nonlocal n
                n += size
                return maker.submit(self._make, generator, found, n - size, size)

            coming = make(min(BATCH, count))
            while coming is not None:
                batch = coming.result()
                ahead = count - made - len(batch)  # still to make if all of this batch goes in
                coming = make(min(BATCH, ahead)) if ahead > 0 else None
                made += self._insert(found, batch)
                if coming is None and made < count:  # some references were taken: make up the shortfall
                    coming = make(min(BATCH, count - made))
                if options["verbosity"] > 1:
                    self.stdout.write(f"  {made:,} of {count:,}")
        if connection.vendor == "postgresql":
            # Fresh statistics, so the planner knows the table grew (autovacuum would, later).
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {Response._meta.db_table}, {Response.centres.through._meta.db_table}")
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Created {made:,} responses to {found.slug} in {seconds:.1f} seconds."))

    @staticmethod
    def _make(generator: Generator, consultation, n: int, size: int) -> list[tuple[dict, list[int], str, str]]:
        """Responses n to n + size - 1: (row, centre ids, campaign label, COPY line after the id)."""
        defaults = {"respondent_role": "", "authority_confirmed": False, "attachment": "", "version": 0}
        defaults |= {"attachment_name": "", "attachment_content_type": "", "consultation_id": consultation.pk}
        copy = connection.vendor == "postgresql"
        batch = []
        for k in range(n, n + size):
            row, centres, label = generator.response(k)
            line = ""
            if copy:
                values = defaults | row | {"answers": json.dumps(row["answers"])}
                line = "\t".join([seeding.copy_text(values[column]) for column in COLUMNS[1:]])
            batch.append((row, centres, label, line))
        return batch

    @transaction.atomic
    def _insert(self, consultation, batch: list[tuple[dict, list[int], str, str]]) -> int:
        """Insert a batch, leaving out any whose reference is already taken. Returns how many went in."""
        references = [item[0]["reference"] for item in batch]
        if connection.vendor == "postgresql":
            taken = seeding.references_taken(references)
            batch = [item for item in batch if item[0]["reference"] not in taken]
            seeding.copy_batch(batch, COLUMNS)
        else:
            taken = set(Response.objects.filter(reference__in=references).values_list("reference", flat=True))
            batch = [item for item in batch if item[0]["reference"] not in taken]
            self._bulk_create(consultation, batch)
        return len(batch)

    def _bulk_create(self, consultation, batch) -> None:
        created = Response.objects.bulk_create(
            [Response(consultation=consultation, **item[0]) for item in batch], batch_size=1000
        )
        through = Response.centres.through
        through.objects.bulk_create(
            [
                through(response_id=response.pk, centre_id=centre_id)
                for response, (_, centres, _, _) in zip(created, batch, strict=True)
                for centre_id in centres
            ],
            batch_size=5000,
        )
        SeedLabel.objects.bulk_create(
            [
                SeedLabel(response_id=response.pk, campaign=label)
                for response, (_, _, label, _) in zip(created, batch, strict=True)
                if label
            ],
            batch_size=5000,
        )
