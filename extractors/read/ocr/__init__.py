"""OCR of scanned pages: render, level, find the rules, read words with Tesseract, read placed cells again."""
