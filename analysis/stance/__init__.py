"""Stance (placeholder)."""
