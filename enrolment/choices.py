"""The enrolment app's vocabulary: the answers a teacher gives and the answers the portal gives back.

Typed values, one label each. The models store them, the pure rules in ``statute.py`` compare them, and
templates show their labels; nothing spells them again.
"""

from django.db import models


class QualifiedStatus(models.TextChoices):
    QTS = "QTS", "Qualified teacher status (QTS)"
    QTS_PARTIAL = "QTS_PA", "QTS through EU partial access (limited to some subjects or ages)"
    QTLS = "QTLS", "Qualified teacher learning and skills (QTLS)"
    EYTS = "EYTS", "Early years teacher status (EYTS)"
    NONE = "none", "None of these"


class Role(models.TextChoices):
    DESIGNATED = "designated", "I am my school's designated SENCO"
    ASPIRING = "aspiring", "I am an aspiring SENCO (not yet designated)"
    HEADTEACHER = "headteacher", "I am the headteacher or acting headteacher, and the SENCO"


class Induction(models.TextChoices):
    COMPLETED = "completed", "Yes, I have completed it"
    NOT_COMPLETED = "not_completed", "No: I am serving it, or have not started it"
    EXEMPT = "exempt", "I am exempt from induction"


class InductionExemption(models.TextChoices):
    """Schedule 1 to the Education (Induction Arrangements for School Teachers) (England) Regulations 2012
    (SI 2012/1115): the cases in which a qualified teacher may work without having completed induction."""

    QUALIFIED_BY_1999 = "by_1999", "I was a qualified teacher on 7 May 1999 (para. 1)"
    WALES = "wales", "I completed induction in Wales (para. 6)"
    WALES_FIRST_POST = "wales_first_post", "I qualified in England 1999–2003 and my first post was in Wales (para. 7)"
    SCOTLAND = "scotland", "I have full registration with the General Teaching Council for Scotland (para. 8)"
    ELSEWHERE = (
        "elsewhere",
        "I completed induction in Northern Ireland, the Isle of Man, Guernsey, Jersey or Gibraltar",
    )
    OTHER = "other", "Another exemption listed in Schedule 1"


class Setting(models.TextChoices):
    """What kind of school or setting. Only mainstream schools (maintained schools and academies that are
    not special schools) and maintained nursery schools must have a SENCO who meets reg. 49 (Children and
    Families Act 2014, s. 67(1) and s. 83)."""

    MAINTAINED = "maintained", "Maintained school (community, foundation or voluntary), not special"
    ACADEMY = "academy", "Academy or free school, not special"
    MAINTAINED_NURSERY = "maintained_nursery", "Maintained nursery school"
    # What a provider's spreadsheet often says: mainstream, without which kind (both kinds have the duty).
    MAINSTREAM = "mainstream", "Mainstream school (maintained or academy, not known which), not special"
    SPECIAL = "special", "Special school (maintained, academy or non-maintained)"
    INDEPENDENT = "independent", "Independent school"
    EARLY_YEARS_PVI = "early_years_pvi", "Private, voluntary or independent nursery or early years setting"
    ALTERNATIVE = "alternative", "Pupil referral unit or alternative provision academy"
    FURTHER_EDUCATION = "further_education", "College or 16 to 19 academy"
    OTHER = "other", "Another kind of setting"

    @classmethod
    def relevant(cls) -> frozenset[str]:
        """Settings where the SENCO duty (and so the statutory deadline) applies."""
        return frozenset({cls.MAINTAINED, cls.ACADEMY, cls.MAINSTREAM, cls.MAINTAINED_NURSERY})


class Scope(models.TextChoices):
    FULL = "full", "The full award"
    EARLY_YEARS = "early_years", "The award, recognised for the 0–5 (early years) sector only"


class DeadlineStatus(models.TextChoices):
    """Where a person stands against their statutory deadline on a given day."""

    ON_TRACK = "on_track", "On track"
    CLOSE = "close", "Due within a year"
    AT_RISK = "at_risk", "At risk"
    PASSED = "passed", "Deadline passed"
    MET = "met", "Held by the deadline"
    NOT_REQUIRED = "not_required", "No statutory deadline"
    UNKNOWN = "unknown", "We need to know more"
    # This course cannot give them the qualification: said the same on every page that shows them.
    NOT_ELIGIBLE = "not_eligible", "Not eligible for this course"
