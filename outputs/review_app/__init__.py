"""The review app (``lkjip serve DATASET``) and the reviewer decisions it keeps.

``keys``    stable keys of rows, tables and warnings that survive re-extraction
``store``   the append-only decision log ``DATASET/corrections.jsonl``
``apply``   decisions applied to the dataset's tables (what exports, panels and ``open_dataset`` read)
``truth``   reviewed cells as truth for ``lkjip eval --reviewed``
``app``     the Flask app (imported only by ``lkjip serve``: nothing else needs Flask)
"""
