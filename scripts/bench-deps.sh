#!/usr/bin/env bash
# The Debian packages `make bench` needs on top of `make bootstrap`:
#   pandoc  the usual alternative ethos is measured against (pandoc in.md -o out.pdf
#           --pdf-engine=weasyprint, once per file)
# Same rules as system-deps.sh: installs as root, otherwise prints the command and fails.
set -euo pipefail
packages=(pandoc)
missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "make bench needs: ${missing[*]}. Install them as root, then run make bench again:" >&2
  echo "  sudo sh -c '$command'" >&2
  exit 1
fi
echo "Installing Debian packages for the benchmark: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
