import pytest

from areas.models import AdministrativeUnit
from areas.services import rebuild_unit_paths
from areas.tasks import rebuild_unit_paths as rebuild_task
from audit.models import AuditEntry


def _corrupt(*units):
    for unit in units:
        AdministrativeUnit.objects.filter(pk=unit.pk).update(path="/999999/")


def test_rebuild_unit_paths_repairs_wrong_paths_and_logs_them(area_tree):
    good = {unit.pk: unit.path for unit in AdministrativeUnit.objects.all()}
    _corrupt(area_tree["d1"], area_tree["c2"])

    assert rebuild_unit_paths() == 2

    assert {unit.pk: unit.path for unit in AdministrativeUnit.objects.all()} == good
    entries = AuditEntry.objects.filter(content_type__model="administrativeunit").order_by("object_id")
    assert [(e.object_id, e.before, e.after) for e in entries] == sorted(
        (str(unit.pk), {"path": "/999999/"}, {"path": good[unit.pk]}) for unit in (area_tree["d1"], area_tree["c2"])
    )
    assert all(e.reason for e in entries)
    assert rebuild_unit_paths() == 0


def test_repaired_paths_reach_the_cached_scopes_at_once(area_tree):
    """The repair writes with ``update()`` (no signal): it must still replace the structure version that the cached
    scopes and unit names are keyed by, or a user would keep the scope of the wrong paths."""
    from areas.services import structure_version

    before = structure_version()
    _corrupt(area_tree["c2"])
    assert rebuild_unit_paths() == 1
    after = structure_version()
    assert after != before
    assert rebuild_unit_paths() == 0
    assert structure_version() == after  # nothing repaired, nothing forgotten


def test_rebuild_unit_paths_follows_a_changed_parent(area_tree):
    commune = area_tree["c1"]
    AdministrativeUnit.objects.filter(pk=commune.pk).update(parent=area_tree["d2"])  # bypasses save()
    assert rebuild_unit_paths() == 1
    commune.refresh_from_db()
    assert commune.path == f"{area_tree['d2'].path}{commune.pk}/"


@pytest.fixture
def eager():
    """Run tasks in-process, as the portal does when no broker is configured."""
    from ocop_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def test_task_runs_eagerly_without_a_broker(area_tree, eager):
    _corrupt(area_tree["c3"])
    result = rebuild_task.delay()
    assert result.get(timeout=5) == 1
    entry = AuditEntry.objects.get()
    assert entry.request_id == result.id  # a job's audit entries carry its task id
