"""Intake's adapters: S3 documents, the workspace's contracts, DynamoDB bookkeeping of reads and
OCR jobs, Textract, and the extract port over `extraction/`."""
