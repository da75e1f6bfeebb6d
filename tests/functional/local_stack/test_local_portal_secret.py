"""The local stack's portal-token key survives restarts, so links in sent emails keep working."""

from __future__ import annotations

from pathlib import Path

from coi_cli.local.stack import LocalPaths, persisted_secret


def test_the_portal_secret_is_made_once_private_and_reused(tmp_path: Path):
    paths = LocalPaths(tmp_path / "state")

    # WHEN the stack starts twice on the same state directory
    first = persisted_secret(paths.portal_secret)
    second = persisted_secret(paths.portal_secret)

    # THEN the same 256-bit key is used, readable only by its owner, apart from the sign-in key
    assert first == second
    assert len(bytes.fromhex(first)) == 32
    assert paths.portal_secret.stat().st_mode & 0o777 == 0o600
    assert persisted_secret(paths.secret) != first
