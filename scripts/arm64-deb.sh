# SPDX-License-Identifier: GPL-2.0
#
# Sourced by scripts/fetch-dtbs.sh and scripts/rpi4-fetch.sh: Debian arm64
# packages downloaded with a private apt state in $cache (default
# $ARBOR_CACHE or /tmp/arbor-arm64-cache), so the host's apt configuration
# is untouched and reruns find the .debs already there. The caller defines
# die() and sets $cache.
#
#   arm64_deb PKG         print the path of the cached PKG_*_arm64.deb,
#                         downloading it first when missing
#   arm64_kernel_deb      the same for the real package behind the
#                         linux-image-arm64 metapackage

arm64_lists=$cache/lists
mkdir -p "$arm64_lists/partial" "$cache/apt-cache/archives/partial"
printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' \
	"${DEBIAN_MIRROR:-http://deb.debian.org/debian}" "${DEBIAN_SUITE:-bookworm}" \
	>"$cache/sources.list"
arm64_aptopts="-o APT::Architecture=arm64 -o APT::Architectures=arm64
	-o Dir::State::Lists=$arm64_lists -o Dir::Etc::SourceList=$cache/sources.list
	-o Dir::Etc::SourceParts=/nonexistent -o Dir::Cache=$cache/apt-cache
	-o APT::Sandbox::User=root"
arm64_updated=

arm64_update() {
	[ -n "$arm64_updated" ] && return 0
	# shellcheck disable=SC2086
	apt-get $arm64_aptopts --error-on=any update >"$cache/update.log" 2>&1 ||
		{ tail -n 5 "$cache/update.log" >&2; die "apt-get update (arm64) failed: cannot fetch Debian package lists"; }
	arm64_updated=1
}

arm64_deb() {
	pkg=$1
	deb=$(ls "$cache"/"$pkg"_*_arm64.deb 2>/dev/null | head -n 1 || true)
	if [ -z "$deb" ]; then
		arm64_update
		echo "downloading $pkg (arm64) into $cache" >&2
		# shellcheck disable=SC2086
		(cd "$cache" && apt-get $arm64_aptopts download "$pkg" >&2) ||
			die "apt-get download $pkg failed"
		deb=$(ls "$cache"/"$pkg"_*_arm64.deb 2>/dev/null | head -n 1 || true)
		[ -n "$deb" ] || die "download of $pkg left no .deb in $cache"
	fi
	echo "$deb"
}

arm64_kernel_deb() {
	deb=$(ls "$cache"/linux-image-*-arm64_*_arm64.deb 2>/dev/null | grep -v unsigned |
	      head -n 1 || true)
	if [ -z "$deb" ]; then
		arm64_update
		# linux-image-arm64 is a metapackage; its dependency is the real image.
		# shellcheck disable=SC2086
		pkg=$(apt-cache $arm64_aptopts depends linux-image-arm64 |
			sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-arm64\)$/\1/p' | head -n 1)
		[ -n "$pkg" ] || die "cannot resolve linux-image-arm64 to a versioned package"
		deb=$(arm64_deb "$pkg")
	fi
	echo "$deb"
}
