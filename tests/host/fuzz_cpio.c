// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the cpio parser (lib/cpio.c): any input is walked
 * to its end. ASan catches a read outside the input; the checks below
 * catch a member that points outside it, a walk that does not advance,
 * and an error without an offset inside the input. Built with
 * clang -fsanitize=fuzzer,address,undefined; run by make check for a
 * bounded time and by make fuzz for longer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arbor/cpio.h>
#include <arbor/errno.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *end = data + size;
	struct cpio_entry e;
	struct cpio_iter it;
	size_t last = 0;
	int n = 0, rc;

	cpio_iter_init(&it, data, size);
	while ((rc = cpio_next(&it, &e)) > 0) {
		const uint8_t *name = (const uint8_t *)e.name;
		const uint8_t *d = e.data;

		if (name < data || e.namesize < 1 || e.namesize > (size_t)(end - name) ||
		    strlen(e.name) + 1 != e.namesize)
			abort();
		if (d < data || e.size > (size_t)(end - d))
			abort();
		if (n++ && e.offset <= last)
			abort();	/* the walk must move forward */
		last = e.offset;
		/* Every member costs at least a header and a name. */
		if ((size_t)n > size / (CPIO_HDR_LEN + 1))
			abort();
	}
	if (rc < 0 && (rc != -EINVAL || it.err_off > size || !it.err_msg))
		abort();
	if (rc < 0 && cpio_next(&it, &e) != rc)
		abort();	/* errors are sticky */
	return 0;
}
