#!/bin/sh
# Builds the driver against k8s.io/kubernetes's own
# pkg/controller/cronjob with one file added to that package,
# hook/cronsim_hook.go.txt (it only lets the driver set the controller's
# clock and call its sync), and runs it. The go command does not let a
# build change a package of the module cache, so the build runs in a
# copy of this module with a vendor directory (go mod vendor),
# where the hook is added. Arguments go to the driver, e.g.
#   ./run.sh -out ../../driven
#   ./run.sh -only newyork-2021-fall -out ../../driven
# The first run fetches the module graph through the Go module proxy and
# takes minutes.
set -eu
cd "$(dirname "$0")"
here=$(pwd)
# A fixed directory, and -trimpath, so that the build cache serves the
# next run (the build cache keys a package on its directory otherwise).
tmp=${XDG_CACHE_HOME:-$HOME/.cache}/cronsim-kubernetes-driver
rm -rf "$tmp/vendor"
mkdir -p "$tmp"
cp go.mod go.sum ./*.go "$tmp/"
(cd "$tmp" && go mod vendor)
cp hook/cronsim_hook.go.txt "$tmp/vendor/k8s.io/kubernetes/pkg/controller/cronjob/zz_cronsim_hook.go"
(cd "$tmp" && go build -mod=vendor -trimpath -o driver .)
# relative -out paths are relative to this directory
cd "$here"
"$tmp/driver" "$@"
