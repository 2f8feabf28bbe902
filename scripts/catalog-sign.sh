#!/bin/sh
# Signs a provider-facts catalog for publishing (maintainers only).
#
#   SOCIALMINE_CATALOG_SIGNING_KEY_FILE=/secure/place/catalog-signing.key scripts/catalog-sign.sh [CATALOG]
#   SOCIALMINE_CATALOG_SIGNING_KEY="$(cat /secure/place/catalog-signing.key)" scripts/catalog-sign.sh [CATALOG]
#
# CATALOG defaults to crates/core/data/catalog.toml. Writes CATALOG.minisig next to it; publish
# both files at the update address. The catalog is validated as the app validates it, and the
# signature is checked against the public key built into the app (crates/store/catalog-signing.pub).
# The secret key never goes into the repository.
set -eu
catalog=${1:-crates/core/data/catalog.toml}
if [ -z "${SOCIALMINE_CATALOG_SIGNING_KEY:-}" ] && [ -z "${SOCIALMINE_CATALOG_SIGNING_KEY_FILE:-}" ]; then
  echo "catalog-sign: set SOCIALMINE_CATALOG_SIGNING_KEY (the key's text) or SOCIALMINE_CATALOG_SIGNING_KEY_FILE (its path)" >&2
  exit 2
fi
exec "${CARGO:-cargo}" run --quiet -p socialmine-store --example catalog_sign -- sign "$catalog"
