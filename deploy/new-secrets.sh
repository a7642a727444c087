#!/usr/bin/env bash
# Makes an installation's Secrets once, as files for its overlay's secretGenerator:
#   deploy/new-secrets.sh deploy/overlays/<yours>/secrets
# Each service's database role and password (the role is the service's name), and Identity's RSA
# keys (every copy signs with the same keys). Existing files are kept: run it again safely.
# Keep the folder out of git (deploy/.gitignore) and in your secret store.
set -euo pipefail
dir=${1:?usage: new-secrets.sh <folder>}
mkdir -p "$dir"
chmod 700 "$dir"
umask 077
for service in awards complaints criteria identity ratings registry scoring; do
  file="$dir/$service-db.env"
  [ -f "$file" ] || printf 'username=%s\npassword=%s\n' "$service" "$(openssl rand -hex 24)" > "$file"
done
for key in signing encryption; do
  file="$dir/identity-$key.pem"
  [ -f "$file" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$file" 2>/dev/null
done
echo "Secrets in $dir"
