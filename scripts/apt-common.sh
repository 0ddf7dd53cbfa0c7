# Sourced by scripts/install-*.sh: how to become root for apt-get, or say exactly what to run instead.
#   require_apt "<what>" "<the apt-get command a user would run>"   sets SUDO ("" when root, "sudo" when allowed)

require_apt() {
    local what="$1" command="$2"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            SUDO="sudo"
        else
            echo "$what is not installed and this needs root. Run as root:" >&2
            echo "    $command" >&2
            exit 1
        fi
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "No apt-get here: install $what with your package manager." >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
}
