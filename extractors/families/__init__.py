"""The families' rows from located tables: IKU, anggaran (budget codes checked against their numbering), IDM, and their registry."""
