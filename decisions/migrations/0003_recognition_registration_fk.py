"""Recognition.registration: a real foreign key to evaluations.Registration instead of two bare integers pointing
at each other (Recognition.registration_ref and Registration.decision_item_ref, removed by evaluations.0003).

The data step copies the integers that point at an existing row, fills a link known only from the registration's
side, and reports (prints) the references pointing at missing rows, which are left empty."""

import sys

import django.db.models.deletion
from django.db import migrations, models


def plan_registration_links(recognition_refs, registration_refs, registration_ids, recognition_ids):
    """Pure planning step (tested directly).

    ``recognition_refs``: {recognition id: registration_ref}; ``registration_refs``: {registration id:
    decision_item_ref}; ``registration_ids`` / ``recognition_ids``: the ids that exist.
    Returns ``(links, report)``: ``links`` {recognition id: registration id} to write; ``report`` with the orphans
    (``recognitions``: recognition ids whose registration_ref is missing, ``registrations``: registration ids whose
    decision_item_ref is missing) and ``conflicts`` (registration ids whose decision_item_ref names a recognition
    that points at another registration: the recognition's own reference wins)."""
    registration_ids, recognition_ids = set(registration_ids), set(recognition_ids)
    links, broken, orphan_registrations, conflicts = {}, [], [], []
    for recognition_id, registration_id in sorted(recognition_refs.items()):
        if registration_id in registration_ids:
            links[recognition_id] = registration_id
        else:
            broken.append(recognition_id)
    for registration_id, recognition_id in sorted(registration_refs.items()):
        if recognition_id not in recognition_ids:
            orphan_registrations.append(registration_id)
        elif links.get(recognition_id, registration_id) != registration_id:
            conflicts.append(registration_id)
        else:
            links[recognition_id] = registration_id  # known from the registration's side (or from both)
    orphan_recognitions = [recognition_id for recognition_id in broken if recognition_id not in links]
    report = {"recognitions": orphan_recognitions, "registrations": orphan_registrations, "conflicts": conflicts}
    return links, report


def format_report(report):
    lines = []
    if report["recognitions"]:
        lines.append(
            f"  {len(report['recognitions'])} recognition(s) with registration_ref pointing at a missing "
            f"registration (left empty): ids {report['recognitions']}"
        )
    if report["registrations"]:
        lines.append(
            f"  {len(report['registrations'])} registration(s) with decision_item_ref pointing at a missing "
            f"recognition (dropped): ids {report['registrations']}"
        )
    if report["conflicts"]:
        lines.append(
            f"  {len(report['conflicts'])} registration(s) whose decision_item_ref names a recognition linked to "
            f"another registration (the recognition's link kept): ids {report['conflicts']}"
        )
    return "\n".join(lines)


def link_registrations(apps, schema_editor, out=None):
    Recognition = apps.get_model("decisions", "Recognition")
    Registration = apps.get_model("evaluations", "Registration")
    recognition_refs = dict(
        Recognition.objects.filter(registration_ref__isnull=False).values_list("pk", "registration_ref")
    )
    registration_refs = dict(
        Registration.objects.filter(decision_item_ref__isnull=False).values_list("pk", "decision_item_ref")
    )
    wanted_registrations = set(recognition_refs.values()) | set(registration_refs)
    wanted_recognitions = set(registration_refs.values()) | set(recognition_refs)
    registration_ids = set(Registration.objects.filter(pk__in=wanted_registrations).values_list("pk", flat=True))
    recognition_ids = set(Recognition.objects.filter(pk__in=wanted_recognitions).values_list("pk", flat=True))
    links, report = plan_registration_links(recognition_refs, registration_refs, registration_ids, recognition_ids)
    for recognition_id, registration_id in links.items():
        # QuerySet.update: the model's save() guard against editing issued decisions is not in the historical model.
        Recognition.objects.filter(pk=recognition_id).update(registration_id=registration_id)
    text = format_report(report)
    if text:
        (out or sys.stdout).write(f"\ndecisions.0003: references to missing rows:\n{text}\n")
    return links, report


def unlink_registrations(apps, schema_editor):
    Recognition = apps.get_model("decisions", "Recognition")
    Registration = apps.get_model("evaluations", "Registration")
    for recognition_id, registration_id in Recognition.objects.filter(registration__isnull=False).values_list(
        "pk", "registration_id"
    ):
        Recognition.objects.filter(pk=recognition_id).update(registration_ref=registration_id)
        Registration.objects.filter(pk=registration_id).update(decision_item_ref=recognition_id)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0002_version_for_edit_conflicts"),
        ("evaluations", "0002_rule_sets"),
    ]

    operations = [
        migrations.AddField(
            model_name="recognition",
            name="registration",
            field=models.ForeignKey(
                blank=True,
                help_text="Hồ sơ đánh giá đã dẫn tới công nhận này, nếu có.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="recognitions",
                to="evaluations.registration",
                verbose_name="hồ sơ đánh giá",
            ),
        ),
        migrations.RunPython(link_registrations, unlink_registrations),
        migrations.RemoveField(model_name="recognition", name="registration_ref"),
    ]
