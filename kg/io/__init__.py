"""Readers and writers of the JSON Lines files kg passes between runs."""
