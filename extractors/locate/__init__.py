"""The tables of interest in a Document, their kind and the roles of their columns."""
