"""Adapters behind procore_sync's ports: DynamoDB items, the SQS change queue, the workspace."""
