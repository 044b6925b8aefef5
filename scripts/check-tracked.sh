#!/bin/bash
# check-tracked.sh: fails if a file tracked by git is binary (a built
# program, a test binary, a WebAssembly module, an archive...). Nothing
# built is committed; the corpus and expectations are text (JSON).
# git's own test decides: a file whose content it would diff as binary
# (a NUL byte in it) is listed as "-" by --numstat. The files checked
# are the ones in the index, so a binary that is staged fails too.
set -euo pipefail
cd "$(dirname "$0")/.."
empty_tree=$(git hash-object -t tree /dev/null)
binaries=$(git diff --cached --numstat "$empty_tree" | awk -F '\t' '$1 == "-" { print $3 }')
if [ -n "$binaries" ]; then
	echo "binary files are tracked (remove them; .gitignore keeps builds out):"
	printf '  %s\n' $binaries
	exit 1
fi
echo "no binary file among $(git ls-files | wc -l) tracked files"
