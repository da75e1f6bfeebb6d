"""erp_export's Lambda entrypoints, one module per trigger: `compliance` (the ERP queue:
ComplianceChanged and ContractChanged), `scheduled` (the export schedule)."""
