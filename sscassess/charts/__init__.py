"""Stage 7, charts.

Every chart of the PDF reports drawn from the analysis tables with
matplotlib (``figures``).
"""
