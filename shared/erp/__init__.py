"""The ERP side of the workspace, shared by the API and erp_export: the ERPs and their titles, a
tenant's ERP settings and their validation, each ERP's code rules and the codes set, the export
records the Exports page lists, matching an ERP's vendor list, the Sage-shaped coverage CSV, the
table adapters for all of these, and the console the staff pages use (which asks erp_export, by
event, to export now or retry a delivery)."""

from shared.erp.codes import (
    CODE_KINDS,
    REQUIRED,
    RULES,
    CodeKind,
    CodeRule,
    ErpCodes,
    code_problem,
    kinds_for,
    normalize,
)
from shared.erp.console import ConsolePorts, Entity, ErpConsole
from shared.erp.coverages import CoverageLine, format_sage_coverages
from shared.erp.links import S3FileLinks
from shared.erp.ports import ErpCodeStore, ErpConfigStore, ExportLog, FileLinks
from shared.erp.records import (
    ERP_NAMES,
    ERP_TITLES,
    SETTLED,
    Delivery,
    ErpName,
    ExportRecord,
    ExportStatus,
    LeftOut,
    Schedule,
    TenantErpConfig,
    is_export_id,
    new_export_id,
)
from shared.erp.settings_input import ErpSettingsInput
from shared.erp.table import DynamoErpCodeStore, DynamoErpConfigStore, DynamoExportLog
from shared.erp.vendor_match import Match, match_vendors, parse_vendor_list

__all__ = [
    "CODE_KINDS",
    "ERP_NAMES",
    "ERP_TITLES",
    "REQUIRED",
    "RULES",
    "SETTLED",
    "CodeKind",
    "CodeRule",
    "ConsolePorts",
    "CoverageLine",
    "Delivery",
    "DynamoErpCodeStore",
    "DynamoErpConfigStore",
    "DynamoExportLog",
    "Entity",
    "ErpCodeStore",
    "ErpCodes",
    "ErpConfigStore",
    "ErpConsole",
    "ErpName",
    "ErpSettingsInput",
    "ExportLog",
    "ExportRecord",
    "ExportStatus",
    "FileLinks",
    "LeftOut",
    "Match",
    "S3FileLinks",
    "Schedule",
    "TenantErpConfig",
    "code_problem",
    "format_sage_coverages",
    "is_export_id",
    "kinds_for",
    "match_vendors",
    "new_export_id",
    "normalize",
    "parse_vendor_list",
]
