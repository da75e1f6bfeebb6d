"""erp_export's Lambda entrypoints, one module per trigger: `compliance` (the ERP queue:
ComplianceChanged and ContractChanged), `requests` (the ERP request queue: export now, retry a
delivery), `scheduled` (the export schedule)."""
