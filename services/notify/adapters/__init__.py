"""Adapters for notify's ports: DynamoDB state, SES v2 email, SNS SMS, the workspace directory."""
