#!/bin/sh
# Code that runs with the MMU off (at the physical load address) must not
# depend on link-time absolute addresses: fail the build if any of these
# objects carries an absolute relocation.
status=0
for obj in "$@"; do
	bad=$(aarch64-linux-gnu-readelf -rW "$obj" | awk '
		/^Relocation section/ { sec = $3; next }
		sec !~ /debug/ && /R_AARCH64_(ABS64|ABS32|ABS16|PREL64)/ { print sec ": " $0 }')
	if [ -n "$bad" ]; then
		echo "error: $obj runs with the MMU off but has absolute relocations:" >&2
		echo "$bad" >&2
		status=1
	fi
done
exit $status
