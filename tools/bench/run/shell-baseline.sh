#!/usr/bin/env bash
# The plain-shell baseline of `npm run bench:run` (a): the same git work nx-tickets does for no-op
# tickets, with the same parallelism and nothing else — no planning, no state, no checks.
#   usage: shell-baseline.sh <workspace root> <threads> <worktrees folder> KEY...
# Per ticket, <threads> at a time: `git worktree add -b bench/KEY` from main (serialised with flock,
# as concurrent `worktree add` races on git's lock files), the workspace's implement command
# (`node tools/write-one.mjs`, TICKET_KEY set), `git add -A`, `git commit` with a Ticket trailer.
# Then one by one, in order: rebase the branch onto main in its worktree and fast-forward main in the
# main checkout (`git merge --ff-only`), as the merge train does.
set -euo pipefail
root=$1 threads=$2 trees=$3
shift 3
cd "$root"
mkdir -p "$trees"
export BENCH_TREES=$trees
work() {
  local key=$1 tree="$BENCH_TREES/$1"
  flock "$BENCH_TREES/.lock" git worktree add -q -b "bench/$key" "$tree" main
  cd "$tree"
  TICKET_KEY=$key node tools/write-one.mjs
  git add -A
  git -c commit.gpgsign=false commit -q -m "$key: no-op" --trailer "Ticket: $key"
}
export -f work
printf '%s\n' "$@" | xargs -P "$threads" -I{} bash -c 'work "$1"' _ {}
for key in "$@"; do
  git -C "$trees/$key" rebase -q main
  git merge -q --ff-only "bench/$key"
done
