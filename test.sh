#!/usr/bin/env bash
# Runs every test: installs missing prerequisites, builds, then runs each test project in turn
# (the suite tests start the AppHost once, in a temporary state folder on free ports).
# Ends with one line "N passed, N failed, N skipped"; exits non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")"

scripts/prereqs.sh
dotnet build StarPlatform.sln -c Debug -nologo -v quiet -clp:ErrorsOnly

results=$(mktemp -d /tmp/starplatform-tests.XXXXXX)
status=0
for project in tests/*.Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" -c Debug --no-build --nologo \
    --results-directory "$results" --logger "trx;LogFileName=$name.trx" \
    --logger "console;verbosity=normal" || status=1
done

sum() { # attribute
  grep -ho "<Counters [^>]*" "$results"/*.trx 2>/dev/null | grep -o " $1=\"[0-9]*\"" | grep -o "[0-9]*" \
    | awk '{ s += $1 } END { print s + 0 }'
}
passed=$(sum passed)
failed=$(sum failed)
total=$(sum total)
skipped=$((total - passed - failed))
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  status=1
fi
exit $status
