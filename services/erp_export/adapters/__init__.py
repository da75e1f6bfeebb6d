"""Adapters behind erp_export's ports: DynamoDB state, S3 files, the Intacct XML gateway."""
