#!/usr/bin/env bash
# Installs the Debian packages ethos needs to render PDFs that are fast and tofu-free.
#   libharfbuzz-subset0  WeasyPrint's fast font subsetting (without it: ~15x slower PDFs)
#   fonts-noto-core      Noto Serif/Sans, Noto Naskh Arabic (Urdu) and Latin fallbacks
#   fonts-noto-cjk       Noto Serif/Sans CJK SC (Simplified Chinese)
#   fontconfig           fc-list, which ethos asks whether the fonts cover every character
#   poppler-utils        pdftotext/pdftoppm, used by the test-suite to read PDFs back
#   libcairo2            cairo, with which CairoSVG draws an SVG logo as the PNG a DOCX shows
# With --test (`make test`), also what tests/test_html_standards.py runs the HTML through:
#   chromium             headless browser for axe-core (tests/browser/axe.mjs, playwright-core)
#   default-jre-headless Java for the W3C Nu HTML Checker (vnu.jar)
#   nodejs, npm          Node for axe.mjs, npm for `npm ci --prefix tests/browser`
#   libreoffice-writer-nogui  LibreOffice, which updates the DOCX contents field as Word would
#                             (tests/test_docx_libreoffice.py)
# Already installed: does nothing. Missing and root: installs. Otherwise: prints the
# exact command and fails, so nothing half-works silently.
# With other arguments, checks those packages instead (`make bench` passes pandoc).
set -euo pipefail

packages=(libharfbuzz-subset0 fontconfig fonts-noto-core fonts-noto-cjk poppler-utils libcairo2)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(chromium default-jre-headless nodejs npm libreoffice-writer-nogui)
elif [[ $# -gt 0 ]]; then
  packages=("$@")
fi

# A Java or Node installed some other way (another JDK, NodeSource's nodejs, which bundles
# npm and conflicts with Debian's npm package) serves as well: don't install over it.
declare -A command_of=([default-jre-headless]=java [nodejs]=node [npm]=npm)

missing=()
for package in "${packages[@]}"; do
  if [[ -n "${command_of[$package]:-}" ]] && command -v "${command_of[$package]}" >/dev/null; then
    continue
  fi
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "ethos needs these Debian packages: ${missing[*]}" >&2
  echo "Install them as root, then run make again:" >&2
  echo "  sudo sh -c '$command'" >&2
  exit 1
fi

echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fc-cache -f >/dev/null 2>&1 || true
