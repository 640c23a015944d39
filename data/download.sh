#!/usr/bin/env bash
# Fetches MovieLens ml-latest-small into data/ml-latest-small/ (ignored by git) and verifies SHA-256.
#
#   bash data/download.sh                      # download from GroupLens
#   bash data/download.sh --from DIR           # copy from a local folder holding ratings.csv and movies.csv
#
# The files are never committed: this script is how a checkout gets them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target="$here/ml-latest-small"
url="https://files.grouplens.org/datasets/movielens/ml-latest-small.zip"
declare -A expected=(
  [ratings.csv]=aa289ca83157595d0df6aea1be6a4ded676ddc4385472e8313a8ed9805352646
  [movies.csv]=5a5f32dd9bb3797b8e728a1b98958789d2b13f294a69fdfbc5727f8a9611aa07
)

usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; }

from=""
while [ $# -gt 0 ]; do
  case "$1" in
    --from) [ $# -ge 2 ] || { echo "error: --from needs a folder" >&2; exit 2; }; from=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "error: unknown argument '$1' (expected --from DIR or nothing)" >&2; usage >&2; exit 2 ;;
  esac
done

sha256() { sha256sum "$1" | cut -d' ' -f1; }

origin() { # the source file behind a staged file $1, for messages: the staging folder is deleted on exit
  if [ -n "$from" ]; then echo "$from/$1"; else echo "ml-latest-small/$1 in $url"; fi
}

verify() { # $1 = staging folder; prints what is wrong, returns non-zero on a mismatch
  local dir=$1 ok=0 f actual
  for f in "${!expected[@]}"; do
    if [ ! -f "$dir/$f" ]; then echo "error: $(origin "$f") is missing" >&2; ok=1; continue; fi
    actual=$(sha256 "$dir/$f")
    if [ "$actual" != "${expected[$f]}" ]; then
      echo "error: $(origin "$f") has SHA-256 $actual, expected ${expected[$f]}; nothing was installed" >&2; ok=1
    fi
  done
  return $ok
}

staging=$(mktemp -d "$here/.download.XXXXXX")
trap 'rm -rf "$staging"' EXIT

if [ -n "$from" ]; then
  [ -d "$from" ] || { echo "error: --from $from: no such folder" >&2; exit 1; }
  mkdir -p "$staging/ml-latest-small"
  cp "$from"/*.csv "$staging/ml-latest-small/"
  [ -f "$from/README.txt" ] && cp "$from/README.txt" "$staging/ml-latest-small/"
else
  echo "Downloading $url"
  if command -v curl >/dev/null; then curl -fSL --retry 3 -o "$staging/ml.zip" "$url"
  else wget -O "$staging/ml.zip" "$url"; fi
  # unzip if present, else Python's zipfile module, else the JDK's jar tool.
  if command -v unzip >/dev/null; then (cd "$staging" && unzip -q ml.zip)
  elif command -v python3 >/dev/null; then (cd "$staging" && python3 -m zipfile -e ml.zip .)
  else (cd "$staging" && "$(JAVA_HOME=${JAVA_HOME:-} "$here/../bin/find-java")/bin/jar" xf ml.zip); fi
fi

verify "$staging/ml-latest-small"
rm -rf "$target"
mv "$staging/ml-latest-small" "$target"
echo "MovieLens ml-latest-small is in $target (checksums verified)."
