# Shared by the project's scripts: where the cached environments live and how to run a
# command inside each of them. Sourced, never executed.
#
# Isolated environments are kept outside the repository:
#   latest   Home Assistant as the test plugin pins it (the unit tests, lint and typing) on
#            Python >= 3.14.2. When the machine has no such Python, it runs inside a minimal
#            Debian sid root built with debootstrap; commands then run chrooted in a private
#            mount namespace with the repository bind-mounted at its own path, so paths are
#            identical inside and outside.
#   newest   The newest Home Assistant release, no test plugin (scripts/develop and the
#            end-to-end test), on Python >= 3.14.2: on the machine's Python like latest, or
#            as a second venv in the same sid root.
#   minimum  Home Assistant (oldest supported) on Python 3.13.
#   e2e      The end-to-end test's browser driver, on this machine's Python 3.13.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE_DIR=${SLEEP_COACH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sleep_coach}
SID_ROOT="$CACHE_DIR/sid-root"
# A folder for runtime data (the development config); bind-mounted into the sid root.
RUN_DIR="$CACHE_DIR/run"
LATEST_MIN_PYTHON=3.14.2
NEWEST_MIN_PYTHON=3.14.2
MINIMUM_PYTHON_SERIES=3.13

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Print the path of a Python interpreter whose version is at least $2 and in series $3
# (major.minor), searched among the names in $1 on PATH and in pyenv's versions.
find_python() {
    local names=$1 at_least=$2 series=$3 candidate
    local -a candidates=()
    for name in $names; do
        candidate=$(command -v "$name" 2>/dev/null) && candidates+=("$candidate")
    done
    local pyenv_root
    pyenv_root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
    for candidate in "$pyenv_root"/versions/"$series".*/bin/python"$series"; do
        [ -x "$candidate" ] && candidates+=("$candidate")
    done
    for candidate in "${candidates[@]}"; do
        if "$candidate" - "$at_least" "$series" <<'PY' 2>/dev/null; then
import sys
at_least = tuple(int(part) for part in sys.argv[1].split("."))
series = tuple(int(part) for part in sys.argv[2].split("."))
sys.exit(0 if sys.version_info[:2] == series and sys.version_info[:3] >= at_least else 1)
PY
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

# How environment $1 (latest or newest) runs: host, chroot, or none before scripts/setup.
env_mode() {
    if [ -f "$CACHE_DIR/$1.mode" ]; then cat "$CACHE_DIR/$1.mode"; else echo none; fi
}
latest_mode() { env_mode latest; }

# The venv of environment $1 inside the sid root.
sid_venv() {
    case $1 in
        latest) echo /opt/venv ;;
        *) echo "/opt/venv-$1" ;;
    esac
}

# Run a command in environment $1 (latest or newest), from the repository root.
in_env() {
    local name=$1
    shift
    case "$(env_mode "$name")" in
        host)
            (cd "$REPO_ROOT" && PATH="$CACHE_DIR/envs/$name/bin:$PATH" "$@")
            ;;
        chroot)
            in_sid_root "$(sid_venv "$name")" "$@"
            ;;
        *) die "the $name environment is missing: run scripts/setup" ;;
    esac
}

# Replace the current (sub)shell with a command in environment $1 (latest or newest), so
# the caller's PID is the command's own and signals reach it directly.
exec_env() {
    local name=$1
    shift
    case "$(env_mode "$name")" in
        host)
            cd "$REPO_ROOT" && PATH="$CACHE_DIR/envs/$name/bin:$PATH" exec "$@"
            ;;
        chroot)
            SID_EXEC=exec in_sid_root "$(sid_venv "$name")" "$@"
            ;;
        *) die "the $name environment is missing: run scripts/setup" ;;
    esac
}

in_latest() { in_env latest "$@"; }
exec_latest() { exec_env latest "$@"; }
in_newest() { in_env newest "$@"; }
exec_newest() { exec_env newest "$@"; }

# Run a command in the minimum environment, from the repository root.
in_minimum() {
    [ -x "$CACHE_DIR/envs/minimum/bin/python" ] || die "the minimum environment is missing: run scripts/setup"
    (cd "$REPO_ROOT" && PATH="$CACHE_DIR/envs/minimum/bin:$PATH" "$@")
}

# Run a command in the end-to-end environment (the browser driver), from the repository root.
in_e2e() {
    [ -x "$CACHE_DIR/envs/e2e/bin/python" ] || die "the end-to-end environment is missing: run scripts/setup"
    (cd "$REPO_ROOT" && PATH="$CACHE_DIR/envs/e2e/bin:$PATH" "$@")
}

# Run a command chrooted into the sid root, with venv $1 first on PATH. The mounts live in
# a private mount namespace, so they vanish with the command, however it ends.
in_sid_root() {
    local venv=$1
    shift
    mkdir -p "$SID_ROOT$REPO_ROOT" "$RUN_DIR" "$SID_ROOT$RUN_DIR"
    cp -L /etc/resolv.conf "$SID_ROOT/etc/resolv.conf"
    if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
        cp -L /etc/ssl/certs/ca-certificates.crt "$SID_ROOT/etc/ssl/certs/ca-certificates.crt"
    fi
    local -a passthrough=()
    local name
    for name in CI TERM COLUMNS PYTEST_ADDOPTS FORCE_COLOR NO_COLOR; do
        [ -n "${!name:-}" ] && passthrough+=("$name=${!name}")
    done
    while IFS='=' read -r name _; do
        [[ $name == SLEEP_COACH_* ]] && passthrough+=("$name=${!name}")
    done < <(env)
    ${SID_EXEC:-} unshare --mount --propagation private -- /bin/bash -c '
        set -e
        root=$1 repo=$2 run=$3
        shift 3
        mount --bind "$repo" "$root$repo"
        mount --bind "$run" "$root$run"
        mount -t proc proc "$root/proc"
        mount --rbind /dev "$root/dev"
        exec chroot "$root" /usr/bin/env -i "$@"
    ' sid-root "$SID_ROOT" "$REPO_ROOT" "$RUN_DIR" \
        HOME=/root LANG=C.UTF-8 PATH="$venv/bin:/usr/local/bin:/usr/bin:/bin" \
        SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
        PIP_CERT=/etc/ssl/certs/ca-certificates.crt PIP_DISABLE_PIP_VERSION_CHECK=1 \
        "${passthrough[@]}" \
        /bin/sh -c 'cd "$0" && exec "$@"' "$REPO_ROOT" "$@"
}
