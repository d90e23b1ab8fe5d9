"""Free text for seed_responses: individual answers, labelled campaign letters and quotations.

Campaign letters come from a few templates with the edits real senders make (a changed
name or town, a typo, a sentence added, dropped or moved, different spacing and
punctuation), and each carries its campaign's label so ``bench/campaigns.py`` can measure
the grouping. Individual answers are composed from many small parts so that two of them
rarely read alike, and some quote a long passage of the consultation paper without being
the same letter: the grouping must keep those apart.
"""

import random

CAMPAIGNS = {
    # label: (share of responses, sentences; {centre} and {town} are filled in)
    "save-centres": (
        0.09,
        [
            "Save our children's centres!",
            "{centre} is a lifeline for families in our area.",
            "Closing 46 of 53 centres will hurt the most vulnerable children in Norfolk.",
            "Keep our centres open.",
        ],
    ),
    "rural-families": (
        0.04,
        [
            "I am writing as a parent living in {town} to object to the closure of {centre}.",
            "Families in rural Norfolk already travel long distances for health appointments and most of us rely on"
            " buses that run once an hour at best.",
            "Outreach visits cannot replace a place where parents can meet each other and ask for help without an"
            " appointment.",
            "The savings will be lost many times over in later costs to schools, social care and the NHS.",
            "I ask the council to withdraw the proposal and talk to families about what we need.",
        ],
    ),
    "outreach-support": (
        0.02,
        [
            "We support the council's plan to reach more families through outreach.",
            "Many of the buildings are used by a small number of families while those who need help most never come"
            " through the door.",
            "Spending the money on health visitors and home visits in {town} is a better use of a shrinking budget.",
        ],
    ),
    "staff-letter": (
        0.01,
        [
            "As a member of staff at {centre} I want to record my concern about the proposal.",
            "Early help works because families trust the people they see every week, and that trust takes years to"
            " build.",
            "If the centres close, the children who most need early support will be identified later or not at all.",
            "Please keep the existing centres in the most deprived areas open.",
        ],
    ),
}
ADDED = [
    "My son was born early and the staff helped us through the first year.",
    "I have written to my county councillor as well.",
    "We only found out about this consultation from a friend.",
    "Please think again.",
    "Our nearest centre is already full most mornings.",
]
TOWNS = ["Acle", "Dereham", "Diss", "Fakenham", "Holt", "Loddon", "Thetford", "Watton", "Wymondham", "Aylsham"]
SIGNOFFS = ["", "Thank you.", "#SaveNorfolkCentres", "Signed, a parent.", "Regards"]

# Individual answers: a sentence is one part of each list, so two answers share few phrases.
SUBJECTS = [
    "My youngest",
    "Our family",
    "My partner and I",
    "My eldest daughter",
    "The twins",
    "My grandson",
    "Our neighbour's baby",
    "My little boy",
    "We",
    "My sister's children",
    "My foster son",
    "Our toddler",
]
VERBS = [
    "went to the baby massage class",
    "got speech therapy referrals",
    "joined the Tuesday singing group",
    "met a health visitor",
    "learned to cook on a budget",
    "used the toy library",
    "had weighing sessions",
    "went to the dads' club",
    "came to the messy play mornings",
    "had help with a housing form",
    "saw the breastfeeding counsellor",
    "attended the first aid course",
]
PLACES = [
    "at the centre near the park",
    "in the old school building",
    "on the estate",
    "behind the library",
    "by the bus station",
    "next to the surgery",
    "in the village hall annex",
    "at the centre on the high street",
    "in the community rooms",
    "at our local base",
]
WHEN = [
    "every Monday",
    "last winter",
    "when she was tiny",
    "for two years",
    "most weeks",
    "after the move",
    "during lockdown",
    "twice a month",
    "before nursery",
    "in the summer holidays",
    "since 2016",
]
REASONS = [
    "which made a real difference to our confidence",
    "and the staff noticed things the GP missed",
    "because there was nowhere else to go in winter",
    "though the opening hours were sometimes awkward",
    "and we made friends we still see",
    "but the rooms were often too crowded",
    "so I worry about families who come after us",
    "which meant I could go back to work sooner",
    "and it cost us nothing",
    "when my mental health was at its worst",
]
VIEWS = [
    "I think the council has not counted the cost of travel.",
    "Outreach sounds fine if it really happens.",
    "Some centres are quiet and could share a building.",
    "Please publish the usage figures for each centre.",
    "Libraries are not set up for crying babies.",
    "The plan might work in Norwich but not out here.",
    "Staff deserve to be told what happens to their jobs.",
    "Merging the buildings could be sensible.",
    "Nobody asked parents before writing this plan.",
    "Health visiting should be protected whatever happens.",
    "Evening sessions would help working parents.",
    "I would travel further if the bus was free.",
]
SHORT = [
    "- Closing centres costs more later",
    "Keep it open.",
    "No comment.",
    "Agree with the plan.",
    "Please keep our centre.",
    "Not sure.",
    "No.",
]
FALLBACK_QUOTE = (
    "Instead of 53 children's centres, the council would keep 7 as district bases, one in each district,"
    " and close the other 46. Staff would work from the bases and reach families through outreach:"
    " home visits and sessions in libraries, schools and community buildings."
)


def quotation(body: str) -> str:
    """A long passage of the consultation paper: its longest paragraph, or a stock one."""
    paragraphs = [p.strip() for p in (body or "").split("\n\n")]
    longest = max(paragraphs, key=len, default="")
    return longest if len(longest.split()) >= 30 else FALLBACK_QUOTE


def individual(rng: random.Random) -> str:
    sentences = [
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(PLACES)} {rng.choice(WHEN)} {rng.choice(REASONS)}."
        for _ in range(rng.randint(2, 4))
    ]
    sentences += rng.sample(VIEWS, rng.randint(0, 2))
    rng.shuffle(sentences)
    return " ".join(sentences)


def _typo(rng: random.Random, sentence: str) -> str:
    words = sentence.split(" ")
    k = rng.randrange(len(words))
    word = words[k]
    if len(word) > 3:
        i = rng.randrange(1, len(word) - 2)
        words[k] = word[:i] + word[i + 1] + word[i] + word[i + 2 :] if rng.random() < 0.5 else word[:i] + word[i + 1 :]
    return " ".join(words)


def campaign_letter(rng: random.Random, label: str, centre: str) -> str:
    """One sender's copy of a campaign letter, with the edits people make."""
    sentences = [s.format(centre=centre, town=rng.choice(TOWNS)) for s in CAMPAIGNS[label][1]]
    first, rest = sentences[0], sentences[1:]  # the opening is kept, as people keep the headline
    if len(rest) > 3 and rng.random() < 0.2:
        rest.pop(rng.randrange(len(rest)))
    if rng.random() < 0.3:
        i, j = rng.sample(range(len(rest)), 2) if len(rest) > 1 else (0, 0)
        rest[i], rest[j] = rest[j], rest[i]
    if rng.random() < 0.3:
        rest.insert(rng.randint(0, len(rest)), rng.choice(ADDED))
    for _ in range(rng.choice([0, 0, 1, 2])):
        k = rng.randrange(len(rest))
        rest[k] = _typo(rng, rest[k])
    text = " ".join([first, *rest, rng.choice(SIGNOFFS)]).strip()
    if rng.random() < 0.2:
        text = text.replace(". ", ".  ").replace("!", "")
    if rng.random() < 0.1:
        text = text.lower()
    return text


def free_texts(rng: random.Random, centre: str, quote: str) -> tuple[str, str, str]:
    """(main answer, other answer, campaign label or "") for one response."""
    roll = rng.random()
    for label, (share, _sentences) in CAMPAIGNS.items():
        if roll < share:
            return campaign_letter(rng, label, centre), "", label
        roll -= share
    if roll < 0.03:
        return f'The paper says: "{quote}" {individual(rng)}', "", ""
    if roll < 0.13:
        return rng.choice(SHORT), "", ""
    other = individual(rng) if rng.random() < 0.3 else ""
    main = individual(rng)
    if rng.random() < 0.2:  # some answers come in paragraphs
        main = main.replace(". ", ".\n\n", 1)
    return main, other, ""
