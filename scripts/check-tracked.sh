#!/bin/bash
# check-tracked.sh: fails if a file tracked by git is binary (a built
# program, a test binary, a WebAssembly module, an archive...), or names
# a path of the machine it was written on or a document beside the
# repository. Nothing built is committed; the corpus and expectations are
# text (JSON); comments cite what a reader of the repository can open.
#
# git's own test decides what is binary: a file whose content it would
# diff as binary (a NUL byte in it) is listed as "-" by --numstat. The
# files checked are the ones in the index, so a binary that is staged
# fails too. Images that the documentation shows (PNG, JPEG, GIF, WebP,
# checked by their signature, not only their name) are the one kind of
# binary file allowed.
set -euo pipefail
cd "$(dirname "$0")/.."
empty_tree=$(git hash-object -t tree /dev/null)
bad=()
while IFS= read -r f; do
	[ -n "$f" ] || continue
	# (head stops reading early: git's SIGPIPE is expected)
	sig=$({ git cat-file blob ":$f" || true; } | head -c 12 | od -An -tx1 | tr -d ' \n')
	case "$f:$sig" in
	*.png:89504e470d0a1a0a* | *.jpg:ffd8ff* | *.jpeg:ffd8ff* | *.gif:47494638* | *.webp:52494646????????57454250)
		echo "image (allowed): $f"
		;;
	*)
		bad+=("$f")
		;;
	esac
done < <(git diff --cached --numstat "$empty_tree" | awk -F '\t' '$1 == "-" { print $3 }')
if [ ${#bad[@]} -gt 0 ]; then
	echo "binary files are tracked (remove them; .gitignore keeps builds out):"
	printf '  %s\n' "${bad[@]}"
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
# Package registries and mirrors: the harness takes its mirror from the
# host's apt configuration (qemu-harness/mirror.sh), so none is named.
dot='\.'
if hosts=$(git grep -n -I -E "[a-z0-9-]+${dot}debian${dot}org|archive${dot}ubuntu${dot}com|proxy${dot}golang${dot}org|registry${dot}npmjs${dot}org|pypi${dot}org|files${dot}pythonhosted"); then
	echo "tracked files name a package registry or mirror host:"
	printf '%s\n' "$hosts" | head -n 20
	exit 1
fi
echo "no binary file (but documentation images), no outside path and no mirror host among $(git ls-files | wc -l) tracked files"
