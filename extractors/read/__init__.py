"""Reading a page source: texts, characters, rules and images of PDF pages, DOCX files, and OCR of scans (imports only ``model``)."""
