"""Saving a sequence beside concurrent writers (a redelivered event, an overlapping sweep): every
save is conditional on the version read, and these decide who gives way."""

from __future__ import annotations

from collections.abc import Callable

from services.notify.domain.model import SequenceState
from services.notify.ports import ConcurrentUpdateError, NotifyPorts


def try_save(n: NotifyPorts, state: SequenceState) -> bool:
    """Save unless someone else advanced or stopped it since it was read: their write wins."""
    try:
        n.store.save_sequence(state)
        return True
    except ConcurrentUpdateError:
        return False


def save_until_settled(
    n: NotifyPorts, state: SequenceState, change: Callable[[SequenceState], SequenceState]
) -> SequenceState:
    """Apply `change` to the stored state, re-reading and re-applying when someone else wrote."""
    for _ in range(3):
        try:
            return n.store.save_sequence(change(state))
        except ConcurrentUpdateError:
            fresh = n.store.get_sequence(state.tenant_id, state.contract_id, state.key)
            if fresh is None:
                return state
            state = fresh
    raise ConcurrentUpdateError(f"sequence {state.key} of {state.contract_id} keeps changing")
