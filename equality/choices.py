"""The equality monitoring questions and their answers, as UK public bodies ask them.

The wording follows the ONS 2021 Census (England) and the Equality Act 2010. Every
question is optional and offers "Prefer not to say"; a question left blank is stored
as "" (not answered).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

PREFER_NOT = "prefer_not", _("Prefer not to say")


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    AGE_18_24 = "18_24", _("18 to 24")
    AGE_25_34 = "25_34", _("25 to 34")
    AGE_35_44 = "35_44", _("35 to 44")
    AGE_45_54 = "45_54", _("45 to 54")
    AGE_55_64 = "55_64", _("55 to 64")
    AGE_65_74 = "65_74", _("65 to 74")
    AGE_75_OVER = "75_over", _("75 or over")
    PREFER_NOT_TO_SAY = PREFER_NOT


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    PREFER_NOT_TO_SAY = PREFER_NOT


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT_TO_SAY = PREFER_NOT


class Ethnicity(models.TextChoices):
    """The 19 categories of the 2021 Census in England; the report groups them into the five groups."""

    ASIAN_BANGLADESHI = "asian_bangladeshi", _("Asian or Asian British: Bangladeshi")
    ASIAN_CHINESE = "asian_chinese", _("Asian or Asian British: Chinese")
    ASIAN_INDIAN = "asian_indian", _("Asian or Asian British: Indian")
    ASIAN_PAKISTANI = "asian_pakistani", _("Asian or Asian British: Pakistani")
    ASIAN_OTHER = "asian_other", _("Asian or Asian British: any other Asian background")
    BLACK_AFRICAN = "black_african", _("Black, Black British, Caribbean or African: African")
    BLACK_CARIBBEAN = "black_caribbean", _("Black, Black British, Caribbean or African: Caribbean")
    BLACK_OTHER = "black_other", _("Black, Black British, Caribbean or African: any other background")
    MIXED_WHITE_ASIAN = "mixed_white_asian", _("Mixed or multiple ethnic groups: White and Asian")
    MIXED_WHITE_BLACK_AFRICAN = (
        "mixed_white_black_african",
        _("Mixed or multiple ethnic groups: White and Black African"),
    )
    MIXED_WHITE_BLACK_CARIBBEAN = (
        "mixed_white_black_caribbean",
        _("Mixed or multiple ethnic groups: White and Black Caribbean"),
    )
    MIXED_OTHER = "mixed_other", _("Mixed or multiple ethnic groups: any other background")
    WHITE_BRITISH = "white_british", _("White: English, Welsh, Scottish, Northern Irish or British")
    WHITE_IRISH = "white_irish", _("White: Irish")
    WHITE_GYPSY = "white_gypsy", _("White: Gypsy or Irish Traveller")
    WHITE_ROMA = "white_roma", _("White: Roma")
    WHITE_OTHER = "white_other", _("White: any other White background")
    OTHER_ARAB = "other_arab", _("Other ethnic group: Arab")
    OTHER_ANY = "other_any", _("Other ethnic group: any other ethnic group")
    PREFER_NOT_TO_SAY = PREFER_NOT


ETHNIC_GROUPS = {
    "asian": _("Asian or Asian British"),
    "black": _("Black, Black British, Caribbean or African"),
    "mixed": _("Mixed or multiple ethnic groups"),
    "white": _("White"),
    "other": _("Other ethnic group"),
}


class Religion(models.TextChoices):
    NONE = "none", _("No religion")
    CHRISTIAN = "christian", _("Christian")
    BUDDHIST = "buddhist", _("Buddhist")
    HINDU = "hindu", _("Hindu")
    JEWISH = "jewish", _("Jewish")
    MUSLIM = "muslim", _("Muslim")
    SIKH = "sikh", _("Sikh")
    OTHER = "other", _("Any other religion")
    PREFER_NOT_TO_SAY = PREFER_NOT


class SexualOrientation(models.TextChoices):
    STRAIGHT = "straight", _("Straight or heterosexual")
    GAY_LESBIAN = "gay_lesbian", _("Gay or lesbian")
    BISEXUAL = "bisexual", _("Bisexual")
    OTHER = "other", _("Another sexual orientation")
    PREFER_NOT_TO_SAY = PREFER_NOT


class Caring(models.TextChoices):
    NO = "no", _("No")
    CHILD = "child", _("Yes, for a child or children")
    ADULT = "adult", _("Yes, for an adult who is ill, disabled or older")
    BOTH = "both", _("Yes, for both")
    PREFER_NOT_TO_SAY = PREFER_NOT


# field name: (question, hint, choices). One table for the form, the report and the download.
QUESTIONS = {
    "age_band": (_("What is your age?"), "", AgeBand),
    "sex": (_("What is your sex?"), "", Sex),
    "gender_same_as_sex": (
        _("Is the gender you identify with the same as your sex registered at birth?"),
        "",
        YesNo,
    ),
    "disability": (
        _("Do you consider yourself to be disabled?"),
        _(
            "The Equality Act 2010 says you are disabled if you have a physical or mental impairment that has a "
            "substantial and long-term negative effect on your ability to do normal daily activities."
        ),
        YesNo,
    ),
    "ethnicity": (_("What is your ethnic group?"), "", Ethnicity),
    "religion": (_("What is your religion?"), "", Religion),
    "sexual_orientation": (_("Which of the following best describes your sexual orientation?"), "", SexualOrientation),
    "caring": (
        _("Do you look after or give help or support to anyone?"),
        _("For example a child, or an adult with a long-term illness or disability, or problems related to old age."),
        Caring,
    ),
}
