#!/bin/sh
# The one entry point of the image and of the replica test (tests/browser/test_topology_browser.py).
#   serve                    the dashboard on $FRONTLINE_PORT (8501), reading $FRONTLINE_STORE
#   refresh [OPTIONS]        one `frontline refresh` into the store, then exit with its status
#   refresh-every SECONDS    a refresh, then one every SECONDS; a failed run is logged, not fatal
# Anything else runs as a command (`docker run IMAGE frontline stats`).
set -eu

STORE="${FRONTLINE_STORE:-/store}"
export FRONTLINE_STORE="$STORE"

log() {
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) frontline-entrypoint: $*"
}

command="${1:-serve}"
[ "$#" -gt 0 ] && shift
case "$command" in
    serve)
        exec frontline serve --port "${FRONTLINE_PORT:-8501}" \
            --address "${FRONTLINE_ADDRESS:-0.0.0.0}" --store "$STORE"
        ;;
    refresh)
        exec frontline refresh --store "$STORE" "$@"
        ;;
    refresh-every)
        interval="${1:?refresh-every needs a number of seconds}"
        shift
        case "$interval" in
            '' | *[!0-9]*) log "refresh-every: '$interval' is not a whole number of seconds"; exit 1 ;;
        esac
        while :; do
            if frontline refresh --store "$STORE" "$@"; then
                log "refresh finished; next in ${interval} s"
            else
                log "refresh failed (status $?); next in ${interval} s"
            fi
            sleep "$interval"
        done
        ;;
    *)
        exec "$command" "$@"
        ;;
esac
