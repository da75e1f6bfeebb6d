"""procore_sync's own adapters (the integration's shared ones: `shared.procore.adapters`)."""
