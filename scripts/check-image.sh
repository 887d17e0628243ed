#!/bin/sh
# Check the arm64 Image header fields that loaders rely on.
img=$1
elf=$2
magic=$(od -An -tx4 -j56 -N4 "$img" | tr -d ' ')
flags=$(od -An -tu8 -j24 -N8 "$img" | tr -d ' ')
size=$(od -An -tu8 -j16 -N8 "$img" | tr -d ' ')
file=$(stat -c %s "$img")
if [ "$magic" != "644d5241" ]; then echo "Image: bad magic $magic" >&2; exit 1; fi
if [ "$flags" != "10" ]; then echo "Image: flags $flags, want 10 (0xa)" >&2; exit 1; fi
if [ "$size" -lt "$file" ]; then echo "Image: image_size $size < file size $file" >&2; exit 1; fi
exit 0
