#!/usr/bin/env bash
# Validates SARIF logs with Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool: a
# self-contained .NET build per platform, so Node and npm are needed but not .NET). The tool
# is installed once under target/tools (not committed). It exits 0 even when it reports
# errors, so this script reads its report and fails when a result has level "error".
#
#   scripts/validate-sarif.sh --install              install (or check) the tool only
#   scripts/validate-sarif.sh out.sarif [more.sarif]  validate; prints error/warning counts
#
# Environment: BAOMI_TOOLS (install dir, default target/tools), SARIF_MULTITOOL_VERSION
# (default 5.7.0), SARIF_RULE_KINDS (default "Sarif"; "Sarif;Gh" adds GitHub's ingestion
# rules). tests/sarif.rs finds the tool at the same place.
set -euo pipefail
cd "$(dirname "$0")/.."

tools="${BAOMI_TOOLS:-target/tools}"
version="${SARIF_MULTITOOL_VERSION:-5.7.0}"
kinds="${SARIF_RULE_KINDS:-Sarif}"
# The .NET runtime inside the tool needs ICU unless told to use invariant globalization.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1

install() {
    if [ -x "$tools/node_modules/.bin/sarif-multitool" ]; then
        return 0
    fi
    if ! command -v npm >/dev/null 2>&1; then
        echo "validate-sarif: npm not found; cannot install @microsoft/sarif-multitool" >&2
        return 1
    fi
    mkdir -p "$tools"
    npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
        "@microsoft/sarif-multitool@$version" >&2
}

# The platform binary (bin.js runs it through a shell, which would split our arguments).
binary() {
    (cd "$tools" && node -p "require('@microsoft/sarif-multitool')")
}

install
[ "${1:-}" = "--install" ] && exit 0
if [ $# -eq 0 ]; then
    echo "usage: scripts/validate-sarif.sh [--install] FILE.sarif..." >&2
    exit 2
fi

tool="$(binary)"
chmod u+x "$tool" 2>/dev/null || true
status=0
for file in "$@"; do
    report="$(mktemp --suffix=.sarif)"
    "$tool" validate "$file" --output "$report" --log ForceOverwrite \
        --level "Error;Warning;Note" --rule-kind "$kinds" >/dev/null
    # Errors and warnings grouped by rule (count, first place), then the totals.
    node - "$report" "$file" <<'EOF' || status=1
const [report, file] = process.argv.slice(2);
const results = (JSON.parse(require('fs').readFileSync(report, 'utf8')).runs || [])
    .flatMap(run => run.results || []);
const count = { error: 0, warning: 0, note: 0 };
const groups = new Map();
for (const r of results) {
    const level = r.level || 'warning';
    count[level] = (count[level] || 0) + 1;
    if (level === 'note') continue;
    const key = `${level} ${r.ruleId}`;
    const first = ((r.message && r.message.arguments) || []).join(' | ');
    const g = groups.get(key) || { n: 0, first };
    g.n += 1;
    groups.set(key, g);
}
for (const [key, g] of groups) console.log(`  ${key} x${g.n} (first: ${g.first})`);
console.log(`${file}: ${count.error} errors, ${count.warning} warnings, ${count.note} notes`);
process.exit(count.error > 0 ? 1 : 0);
EOF
    rm -f "$report"
done
exit "$status"
