"""Excel downloads and the offline workbook upload (preview, conflicts, apply)."""
