"""procore_sync's use cases, each taking its ports: `outbound` (compliance -> Procore) with
`push_log` (what was sent, what failed), `delivered`, `inbound` and `chosen_sync` (Procore
changes -> the workspace), `reconcile` (the poll behind webhooks). Connecting, importing and the webhook
acceptance are the integration's, shared with the API: `shared.procore`."""
