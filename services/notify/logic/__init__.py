"""Notify's use cases: they take their ports (`NotifyPorts`) and hold no AWS code."""
