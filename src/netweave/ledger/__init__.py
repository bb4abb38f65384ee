"""The ledger: interactions between people, and the asks and offers they keep."""
