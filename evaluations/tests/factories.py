"""Factories for evaluations (also used by the decisions app's tests).

``RuleSetFactory`` gets or creates by code, so ``RuleSetFactory(code="qd148")`` returns the rule set created by the
data migration (with its ``LevelReach`` rows). ``criteria_set_factory`` builds a tiny but valid criteria sheet.
"""

import datetime
import uuid
from decimal import Decimal

import factory

from accounts.models import Role
from accounts.tests.factories import UserFactory
from areas.models import UnitLevel
from areas.tests.factories import UnitFactory
from evaluations.models import (
    CouncilMember,
    CouncilPosition,
    CriteriaSet,
    Criterion,
    EvaluationLevel,
    LevelReach,
    Option,
    Part,
    Registration,
    RegistrationKind,
    RegistrationStatus,
    Round,
    RoundStatus,
    RuleSet,
    ScoreSheet,
    Section,
)
from products.models import Document, DocumentScope
from products.selectors import completeness
from products.tests.factories import ProductClassFactory, ProductFactory


class RuleSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RuleSet
        django_get_or_create = ("code",)

    code = "qd148"
    name = "QĐ 148/QĐ-TTg"
    decision_number = "148/QĐ-TTg"
    effective_from = datetime.date(2023, 2, 24)
    published = True


class LevelReachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LevelReach
        django_get_or_create = ("rule_set", "level")

    rule_set = factory.SubFactory(RuleSetFactory)
    level = EvaluationLevel.PROVINCE
    recognises_min_stars = 4
    recognises_max_stars = 4
    forwards_min_score = Decimal("90")


class CriteriaSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriteriaSet
        django_get_or_create = ("rule_set", "number")

    rule_set = factory.SubFactory(RuleSetFactory)
    number = 7
    product_class = factory.SubFactory(ProductClassFactory)
    name = "Chế biến từ rau, củ, quả, hạt"


def criteria_set_factory(rule_set=None, number=7, product_class=None, mandatory=None):
    """A valid sheet: parts A 40 / B 25 / C 35, one section and one criterion per part, options 0..max.

    ``mandatory``: {part code: (stars, points)} marks the option with those points as mandatory for those stars.
    Returns the criteria set; ``criteria_set.test_criteria`` = {part code: criterion}.
    """
    rule_set = rule_set or RuleSetFactory()
    product_class = product_class or ProductClassFactory()
    criteria_set = CriteriaSetFactory(rule_set=rule_set, number=number, product_class=product_class)
    mandatory = mandatory or {}
    criteria = {}
    for order, (code, maximum) in enumerate((("A", 40), ("B", 25), ("C", 35)), start=1):
        part = Part.objects.create(
            criteria_set=criteria_set, code=code, name=f"Phần {code}", max_points=maximum, order=order
        )
        section = Section.objects.create(part=part, name=f"{order}. Mục {code}", max_points=maximum, order=1)
        criterion = Criterion.objects.create(section=section, title=f"a) Tiêu chí {code}", max_points=maximum)
        mark = mandatory.get(code)
        Option.objects.bulk_create(
            Option(
                criterion=criterion,
                text=f"□ {points} điểm",
                points=points,
                order=points,
                mandatory_stars=mark[0] if mark and mark[1] == points else None,
            )
            for points in range(0, maximum + 1)
        )
        criteria[code] = criterion
    criteria_set.test_criteria = criteria
    return criteria_set


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    year = 2024
    sequence = factory.Sequence(lambda n: n + 1)
    rule_set = factory.SubFactory(RuleSetFactory)
    level = EvaluationLevel.PROVINCE
    unit = factory.SubFactory(UnitFactory, level=UnitLevel.PROVINCE)
    opens_on = datetime.date(2024, 3, 1)
    status = RoundStatus.OPEN


class CouncilMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilMember

    round = factory.SubFactory(RoundFactory)
    user = factory.SubFactory(UserFactory, role=Role.COUNCIL_MEMBER, unit=factory.SelfAttribute("..round.unit"))
    position = CouncilPosition.MEMBER
    scores = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration; pass ``status=RegistrationStatus.APPROVED, score=..., stars=...`` to skip the workflow."""

    class Meta:
        model = Registration

    round = factory.SubFactory(RoundFactory)
    product = factory.SubFactory(ProductFactory)
    kind = RegistrationKind.NEW
    status = RegistrationStatus.DRAFT


class ApprovedRegistrationFactory(RegistrationFactory):
    status = RegistrationStatus.APPROVED
    score = Decimal("75.50")
    stars = 4
    proposed_action = "recognise"


class ScoreSheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoreSheet

    registration = factory.SubFactory(RegistrationFactory)
    member = factory.SubFactory(UserFactory, role=Role.COUNCIL_MEMBER)
    criteria_set = factory.SubFactory(CriteriaSetFactory)


def complete_dossier(*products, leave_out=()):
    """Attach to each product the documents its product group requires (``products.selectors.completeness``) that
    it lacks, as rows of the document model (a subject-scoped type at the subject's level, as an upload stores it;
    no file is written). ``leave_out``: codes of document types to leave missing. Returns the documents created.

    Rule sets refuse the submission of an incomplete dossier (``RuleSet.requires_complete_dossier``): tests that
    submit registrations and are not about dossiers complete them with this first."""
    created = []
    for product in products:
        for doc_type in completeness(product).missing:
            if doc_type.code in leave_out:
                continue
            key = uuid.uuid4().hex + ".pdf"
            created.append(
                Document.objects.create(
                    subject_id=product.subject_id,
                    product=None if doc_type.scope == DocumentScope.SUBJECT else product,
                    document_type=doc_type,
                    title=f"{doc_type.name} – {product.name}",
                    file=f"documents/{product.subject_id}/{key}",
                    storage_key=key,
                    original_name=f"{doc_type.code}.pdf",
                    content_type="application/pdf",
                    size=1024,
                    sha256="0" * 64,
                )
            )
    return created
