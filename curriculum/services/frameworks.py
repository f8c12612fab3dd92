"""Frameworks as versioned data: DfE's NPQ for SENCOs framework loaded into a provider's own copy, a new
version copied from an old one, and statements edited in a version no programme delivers yet."""

import datetime as dt
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from cohorts.services import activity_record

from ..models import ContentArea, Framework, Statement
from ..selectors import framework_in_use

DFE_NPQSENCO = Path(__file__).resolve().parent.parent / "data" / "npqsenco-2023.json"


@transaction.atomic
def framework_load(*, provider, by, path: Path = DFE_NPQSENCO) -> Framework:
    """Load a published framework (areas, "learn that" and "learn how to" statements) as the provider's own."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if Framework.objects.filter(provider=provider, title=data["title"], version=data["version"]).exists():
        raise ValidationError(f"{data['title']} (version {data['version']}) is already loaded: open it below.")
    framework = Framework.objects.create(
        provider=provider,
        title=data["title"],
        version=data["version"],
        source=data["source"],
        published_on=dt.date.fromisoformat(data["published_on"]),
    )
    for number, area_data in enumerate(data["areas"], start=1):
        area = ContentArea.objects.create(framework=framework, number=number, title=area_data["title"])
        Statement.objects.bulk_create(
            Statement(area=area, kind=kind, number=n, text=text)
            for key, kind in (("that", Statement.Kind.LEARN_THAT), ("how", Statement.Kind.LEARN_HOW))
            for n, text in enumerate(area_data[key], start=1)
        )
    activity_record(
        provider_id=provider.pk,
        by=by,
        action="curriculum.framework-loaded",
        summary=f"Loaded {framework}",
        obj=framework,
        label=str(framework),
    )
    return framework


@transaction.atomic
def framework_new_version(*, framework: Framework, by) -> Framework:
    """Copy a version into the next one, to edit without changing what cohorts were taught."""
    latest = Framework.objects.filter(provider=framework.provider, title=framework.title).order_by("-version").first()
    copy = Framework.objects.create(
        provider=framework.provider,
        title=framework.title,
        version=latest.version + 1,
        source=framework.source,
        published_on=framework.published_on,
        based_on=framework,
    )
    for area in framework.areas.prefetch_related("statements"):
        new_area = ContentArea.objects.create(framework=copy, number=area.number, title=area.title)
        Statement.objects.bulk_create(
            Statement(area=new_area, kind=s.kind, number=s.number, text=s.text) for s in area.statements.all()
        )
    activity_record(
        provider_id=framework.provider_id,
        by=by,
        action="curriculum.framework-version",
        summary=f"Made {copy} from version {framework.version}",
        obj=copy,
        label=str(copy),
    )
    return copy


@transaction.atomic
def statement_save(*, framework: Framework, area: ContentArea, kind: str, text: str, by, statement=None) -> Statement:
    """Change a statement's words, or add one at the end of its area and kind."""
    Framework.objects.select_for_update().get(pk=framework.pk)
    if framework_in_use(framework):
        raise ValidationError(
            f"Version {framework.version} is delivered by a programme, so it stays as it was taught: "
            "make a new version to change it."
        )
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": "Fill this in to continue."})
    old = statement.text if statement else ""
    if statement is None:
        last = area.statements.filter(kind=kind).order_by("-number").first()
        statement = Statement(area=area, kind=kind, number=(last.number + 1) if last else 1)
    statement.text = text
    statement.save()
    activity_record(
        provider_id=framework.provider_id,
        by=by,
        action="curriculum.statement",
        summary=f"{'Changed' if old else 'Added'} statement {statement.code} of {framework}",
        obj=framework,
        label=str(framework),
        changes={"text": [old, text]},
    )
    return statement


@transaction.atomic
def area_add(*, framework: Framework, title: str, by) -> ContentArea:
    """A content area of the provider's own, at the end of a version no programme delivers yet."""
    Framework.objects.select_for_update().get(pk=framework.pk)
    if framework_in_use(framework):
        raise ValidationError(
            f"Version {framework.version} is delivered by a programme, so it stays as it was taught: "
            "make a new version to change it."
        )
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": "Fill this in to continue."})
    last = framework.areas.order_by("-number").first()
    area = ContentArea.objects.create(framework=framework, number=(last.number + 1) if last else 1, title=title)
    activity_record(
        provider_id=framework.provider_id, by=by, action="curriculum.area", summary=f"Added the area {area}",
        obj=framework, label=str(framework),
    )  # fmt: skip
    return area
