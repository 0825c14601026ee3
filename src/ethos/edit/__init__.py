"""``ethos edit``: the values file in the browser, as forms made from the schema, the
policy definitions and the catalog, beside a live preview; saved back as the same YAML
file, with only the changed keys changed (:mod:`ethos.edit.draft`)."""
