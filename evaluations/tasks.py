"""Evaluations has no periodic job of its own: expiry of recognitions is the decisions app's daily job."""
