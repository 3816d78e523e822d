"""Grids from what the readers give: the tables and text lines of a page, header rows, tables joined across pages (imports ``read`` and ``model``)."""
