"""Detect: the stage that finds damage. Rules (:mod:`~fixtext.detect.rules`), LanguageTool
(:mod:`~fixtext.detect.languagetool`) and the model (:mod:`~fixtext.detect.model`) each
return findings, some with a fix proposed by the rule itself."""
