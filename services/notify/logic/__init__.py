"""Notify's use cases: they take their ports (a `Notifier`) and hold no AWS code."""
