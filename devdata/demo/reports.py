"""Demo data of the reports app: the 2019–2022 OCOP history of old Đồng Tháp (``devdata.demo.seed2022``), so that the
2022 annual report of province 87 reproduces section I of the province's 2023 plan. Idempotent."""

from devdata.demo import seed2022


def load():
    return seed2022.build()
