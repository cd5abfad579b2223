#!/bin/sh
# apt-archive.sh: prints the URI of the Debian archive this machine's apt uses, read from its
# own sources (deb822 files in /etc/apt/sources.list.d/*.sources, then one-line entries in
# /etc/apt/sources.list and sources.list.d/*.list): the first "deb" entry for the machine's
# release (VERSION_CODENAME in /etc/os-release), not its -security or -updates suites. The
# scripts that need another suite's packages or sources (ci/deps.sh, cases/build-r1.sh) use
# it with a private apt list, so they work on whatever mirror or proxy the machine is set up
# with. Exits 1, saying so, when no entry is found. APT_ARCHIVE overrides it.
set -eu
if [ -n "${APT_ARCHIVE:-}" ]; then
    echo "$APT_ARCHIVE"
    exit 0
fi
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$codename" ] || { echo "apt-archive.sh: no VERSION_CODENAME in /etc/os-release" >&2; exit 1; }
uri=$(
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        # one paragraph a stanza: Types, URIs and Suites of each, then the first that fits
        awk -v rel="$codename" '
            function flush() {
                if (!found && types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " rel " ") &&
                    uris != "") {
                    split(uris, u, " "); print u[1]; found = 1
                }
                types = uris = suites = ""
            }
            /^[ \t]*$/ { flush(); next }
            /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
            /^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $0 }
            /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
            END { flush() }' "$f"
    done | head -n 1
)
if [ -z "$uri" ]; then
    uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
        sed -e 's/#.*//' -e 's/\[[^]]*\]//' |
        awk -v rel="$codename" '$1 == "deb" && $3 == rel { print $2; exit }')
fi
[ -n "$uri" ] || { echo "apt-archive.sh: no deb entry for $codename in the apt sources" >&2; exit 1; }
echo "${uri%/}"
