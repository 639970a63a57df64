"""Excel workbooks in and out with openpyxl. This package imports neither Flask nor SQLAlchemy;
views send the bytes."""
