"""procore_sync's Lambda entrypoints, one module per trigger: `compliance` (the Procore queue:
compliance pushed out), `inbound` (the inbound queue: webhook deliveries the API accepted),
`reconcile` (the daily schedule). Thin: parse, call one use case from `logic/`, log."""
