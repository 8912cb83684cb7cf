"""Realistic generated data for trying the portal at scale and for the benchmark (``manage.py generate_data``).

``generate(scale=..., seed=...)`` builds, in one transaction, administrative units (old and new structure), users,
authorities, subjects, products and their channels, ten years of rounds with councils, registrations and score
sheets, recognition and revocation decisions, plans with targets, budget lines and activities. The same seed and
the same reference date (``today``) give the same data. See ``history``, ``registry``, ``programme`` for the rules.
"""

import random
import time

from django.db import connection, transaction
from django.utils import timezone

from decisions.services import product_status_refresh_all
from evaluations.models import ScoreLine, ScoreSheet

from .history import History
from .programme import Programme
from .registry import Registry
from .structure import GENERATED_PASSWORD, SCALES, Structure
from .wipe import check, watched_counts, wipe
from .writer import Writer

__all__ = ["GENERATED_PASSWORD", "SCALES", "generate"]


def _ensure_criteria():
    from devdata.demo.evaluations import ensure_criteria

    ensure_criteria()


def _analyze():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def generate(*, scale="province", seed=1, today=None, force=False, sheet_years=None, log=None):
    """Generate a dataset; returns ``GeneratedDataset``. Raises ``wipe.ProtectedDatabase`` (see ``wipe.check``)."""
    from dashboard.models import GeneratedDataset

    log = log or (lambda message: None)
    config = SCALES[scale]
    today = today or timezone.localdate()
    started = time.perf_counter()
    timings = {}

    def step(name, function):
        t0 = time.perf_counter()
        function()
        timings[name] = round(time.perf_counter() - t0, 1)
        log(f"  {name}: {timings[name]} s")

    with transaction.atomic():
        check(force)
        step("xoá dữ liệu cũ", wipe)
        step("nạp bộ tiêu chí", _ensure_criteria)
        rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
        writer = Writer(bulk_load=(ScoreLine, ScoreSheet))
        writer.begin()
        structure = Structure(writer, rng, config, today)
        registry = Registry(writer, rng, structure, today)
        history = History(writer, rng, structure, today, sheet_years=sheet_years)

        def areas_and_users():
            structure.build_units()
            structure.build_users()
            structure.build_authorities()

        def products_and_history():
            registry.build()
            for product in registry.products:
                history.live(product)
            history.finish()
            registry.finish()

        step("địa bàn, tài khoản, cơ quan ban hành", areas_and_users)
        step("chủ thể, sản phẩm, đợt đánh giá, phiếu chấm, quyết định", products_and_history)
        step("kế hoạch, chỉ tiêu, kinh phí, hoạt động", Programme(writer, rng, structure, history, today).build)
        step("ghi phần còn lại, đặt lại bộ đếm id", writer.finish)
        # Statistics first: the tables were filled a moment ago in this transaction, and without them PostgreSQL
        # plans the status subqueries for empty tables (minutes per batch instead of seconds).
        step("thống kê cho bộ lập kế hoạch truy vấn", _analyze)
        step("trạng thái OCOP lưu trên sản phẩm", lambda: product_status_refresh_all(on=today))
        counts = watched_counts()
        dataset = GeneratedDataset.objects.create(
            scale=scale,
            seed=seed,
            as_of=today,
            counts=counts,
            seconds=round(time.perf_counter() - started, 1),
        )
    if connection.vendor == "postgresql":
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics: the loaded tables were empty a minute ago
        log(f"  ANALYZE: {round(time.perf_counter() - t0, 1)} s")
    total = round(time.perf_counter() - started, 1)  # including the commit (deferred foreign-key checks)
    GeneratedDataset.objects.filter(pk=dataset.pk).update(seconds=total)
    dataset.seconds = total
    dataset.rows = dict(writer.counts)
    dataset.timings = timings
    dataset.write_seconds = {label: round(s, 1) for label, s in writer.seconds.items()}
    return dataset
