"""Adapters behind the Procore integration's ports: DynamoDB items, the SQS change queue, the
workspace sink, the token cipher (procore_sync's own: `services/procore_sync/adapters`)."""
