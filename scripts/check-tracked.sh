#!/bin/bash
# check-tracked.sh: fails if a file tracked by git is binary (a built
# program, a test binary, a WebAssembly module, an archive...), or names
# a path of the machine it was written on or a document beside the
# repository. Nothing built is committed; the corpus and expectations are
# text (JSON); comments cite what a reader of the repository can open.
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
# Machine paths and documents outside the repository (the pattern is
# split so that this file does not match itself).
work=/wor; root=/roo; shared=../share
if paths=$(git grep -n -I -E "${work}k/|${root}t/|${shared}d/"); then
	echo "tracked files name paths outside the repository:"
	printf '%s\n' "$paths" | head -n 20
	exit 1
fi
echo "no binary file and no outside path among $(git ls-files | wc -l) tracked files"
