"""kinerja: performance-data collection and reporting for a Dinas Perpustakaan dan Kearsipan.

Layers (each imports only the layers below it):

1. rules (pure): ``contract``, ``periods``, ``numbers``, ``formulas``, ``aggregation``,
   ``projection``, ``settings``;
2. data in/out: ``paths``, ``ingest``, ``templates``, ``sample``, ``recap``, ``tracker``,
   ``review``, ``store``;
3. presentation: ``charts``, ``tables``, ``report``;
4. orchestration: ``runner``, ``cli``.
"""

__version__ = "0.1.0"
