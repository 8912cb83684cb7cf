"""Demo data, one module per app (``devdata.demo.<app>.load()``), run in order by ``manage.py seed_demo``."""
