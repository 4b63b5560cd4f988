"""Detectors beyond the rules: LanguageTool's matches and the model's improbable words."""
