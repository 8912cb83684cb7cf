import datetime
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, hour=9):
    """An aware datetime on ``day`` at ``hour`` o'clock, Vietnam time."""
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=VN)
