"""Shared data types of the extractors: the Document and its blocks, raw rows, read errors (the lowest step: imports no other)."""
