"""procore_sync's settings: the Procore app's (`shared.procore.settings`) and the idempotency
table of its compliance pushes. Read from the environment only in `bootstrap.py`."""

from __future__ import annotations

from shared.procore.settings import ProcoreAppSettings


class ProcoreSettings(ProcoreAppSettings):
    idempotency_table_name: str = ""
