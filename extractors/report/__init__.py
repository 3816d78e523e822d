"""Report-level facts of a Document: instansi, region and year."""
