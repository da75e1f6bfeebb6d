"""Adapters shared by every service: boto3 clients and the event bus."""
