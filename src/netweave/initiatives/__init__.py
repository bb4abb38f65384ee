"""The initiative radar: emerging initiatives, their stage, owner and themes."""
