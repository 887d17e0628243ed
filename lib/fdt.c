// SPDX-License-Identifier: GPL-2.0
/*
 * Flattened device tree reader.
 *
 * Layout of a blob (all numbers big-endian):
 *
 *   header | memory reservation block | structure block | strings block
 *
 * The structure block is a stream of 32-bit tokens: BEGIN_NODE (followed by
 * the NUL-terminated node name, padded to 4 bytes), PROP (followed by the
 * value length, the offset of the name in the strings block and the padded
 * value), END_NODE, NOP and a final END.
 *
 * fdt_init() checks all of that once. Every accessor below still goes
 * through fdt_next_tag(), which bounds-checks each token against the
 * structure block, so nothing here can read outside the blob even when a
 * caller passes an offset that is not a node.
 */
#include <arbor/compiler.h>
#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/printk.h>
#include <arbor/string.h>

#define FDT_V16_HEADER_SIZE	36	/* up to and including size_dt_strings */
#define FDT_V17_HEADER_SIZE	40	/* adds size_dt_struct */
#define FDT_RSV_ENTRY_SIZE	16	/* two u64: address, size */
#define FDT_INT_MAX		0x7fffffffu

/* Header field offsets. */
#define FDT_HDR_MAGIC		0
#define FDT_HDR_TOTALSIZE	4
#define FDT_HDR_OFF_STRUCT	8
#define FDT_HDR_OFF_STRINGS	12
#define FDT_HDR_OFF_RSVMAP	16
#define FDT_HDR_VERSION		20
#define FDT_HDR_LAST_COMP	24
#define FDT_HDR_BOOT_CPUID	28
#define FDT_HDR_SIZE_STRINGS	32
#define FDT_HDR_SIZE_STRUCT	36

/* Bound on interrupt-parent hops, so a phandle cycle cannot hang us. */
#define FDT_MAX_IRQ_HOPS	256

static inline const u8 *fdt_struct_base(const struct fdt *fdt)
{
	return fdt->blob + fdt->off_dt_struct;
}

static inline const char *fdt_strings_base(const struct fdt *fdt)
{
	return (const char *)fdt->blob + fdt->off_dt_strings;
}

/* Forget the blob so that every accessor fails cleanly after a bad init. */
static void fdt_invalidate(struct fdt *fdt)
{
	fdt->blob = NULL;
	fdt->totalsize = 0;
	fdt->size_dt_struct = 0;
	fdt->size_dt_strings = 0;
	fdt->num_mem_rsv = 0;
	fdt->num_nodes = 0;
	fdt->max_depth = 0;
}

static __printf(3, 4) int fdt_fail(struct fdt *fdt, int err,
				   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fdt->errmsg, sizeof(fdt->errmsg), fmt, ap);
	va_end(ap);
	fdt_invalidate(fdt);
	return err;
}

/*
 * Decode the token at @offset. On success return the token and store the
 * offset of the following token in *@next; on failure return -EBADMSG and
 * point *@why at a short description.
 */
static int fdt_decode_tag(const struct fdt *fdt, int offset, int *next,
			  const char **why)
{
	u32 limit = fdt->size_dt_struct;
	const u8 *s;
	u64 end;
	u32 tag;

	*why = "bad offset";
	if (!fdt->blob || offset < 0 || (offset & 3))
		return -EBADMSG;
	end = (u64)offset + 4;
	if (end > limit) {
		*why = "structure block ends without END token";
		return -EBADMSG;
	}
	s = fdt_struct_base(fdt) + offset;
	tag = fdt32_ld(s);
	switch (tag) {
	case FDT_BEGIN_NODE: {
		const u8 *nul = memchr(s + 4, 0, limit - end);

		if (!nul) {
			*why = "node name runs off the structure block";
			return -EBADMSG;
		}
		end += (u64)(nul - (s + 4)) + 1;
		break;
	}
	case FDT_PROP:
		if (end + 8 > limit) {
			*why = "property header runs off the structure block";
			return -EBADMSG;
		}
		end += 8 + (u64)fdt32_ld(s + 4);
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		break;
	default:
		*why = "unknown token";
		return -EBADMSG;
	}
	end = ALIGN(end, 4);
	if (end > limit) {
		*why = tag == FDT_PROP ? "property value runs off the structure block"
				       : "node name padding runs off the structure block";
		return -EBADMSG;
	}
	*next = (int)end;
	return (int)tag;
}

/**
 * fdt_next_tag - decode one structure block token
 * @fdt: validated tree
 * @offset: offset of the token in the structure block
 * @next: where to store the offset of the following token
 *
 * Return: the token (FDT_BEGIN_NODE, ...), or -EBADMSG when @offset does
 * not hold a complete token inside the structure block.
 */
int fdt_next_tag(const struct fdt *fdt, int offset, int *next)
{
	const char *why;

	return fdt_decode_tag(fdt, offset, next, &why);
}

/* Walk the structure block once: balanced nodes, sane names and properties. */
static int fdt_check_struct(struct fdt *fdt)
{
	const char *strings = fdt_strings_base(fdt);
	bool after_child = false, root_done = false;
	int off = 0, next, depth = 0, tag;
	const char *why;

	for (;;) {
		tag = fdt_decode_tag(fdt, off, &next, &why);
		if (tag < 0)
			return fdt_fail(fdt, -EBADMSG, "%s at struct offset %#x",
					why, off);
		switch (tag) {
		case FDT_BEGIN_NODE: {
			const char *name = (const char *)fdt_struct_base(fdt) + off + 4;
			size_t len = strlen(name);	/* NUL checked by decode */

			if (root_done)
				return fdt_fail(fdt, -EBADMSG,
						"second root node at struct offset %#x", off);
			if (depth == 0 && len)
				return fdt_fail(fdt, -EBADMSG, "root node has a name");
			/* A '/' in a name would make paths ambiguous. */
			if (depth > 0 && (!len || memchr(name, '/', len)))
				return fdt_fail(fdt, -EBADMSG,
						"bad node name at struct offset %#x", off);
			if (++depth > FDT_MAX_DEPTH)
				return fdt_fail(fdt, -EBADMSG,
						"nodes nested deeper than %d", FDT_MAX_DEPTH);
			fdt->num_nodes++;
			if (depth > fdt->max_depth)
				fdt->max_depth = depth;
			after_child = false;
			break;
		}
		case FDT_END_NODE:
			if (depth == 0)
				return fdt_fail(fdt, -EBADMSG,
						"unbalanced END_NODE at struct offset %#x", off);
			if (--depth == 0)
				root_done = true;
			/* The parent we are back in has now seen a subnode. */
			after_child = true;
			break;
		case FDT_PROP: {
			u32 nameoff = fdt32_ld(fdt_struct_base(fdt) + off + 8);

			if (depth == 0)
				return fdt_fail(fdt, -EBADMSG,
						"property outside any node at struct offset %#x", off);
			/* The format puts all properties before the subnodes. */
			if (after_child)
				return fdt_fail(fdt, -EBADMSG,
						"property after subnode at struct offset %#x", off);
			if (nameoff >= fdt->size_dt_strings)
				return fdt_fail(fdt, -EBADMSG,
						"property name offset %#x outside strings block", nameoff);
			if (!memchr(strings + nameoff, 0, fdt->size_dt_strings - nameoff))
				return fdt_fail(fdt, -EBADMSG,
						"property name at %#x not NUL-terminated", nameoff);
			break;
		}
		case FDT_NOP:
			break;
		case FDT_END:
			if (!root_done)
				return fdt_fail(fdt, -EBADMSG, depth ?
						"END token inside a node (missing END_NODE)" :
						"no root node");
			/* From here on, bounds end at the END token. */
			fdt->size_dt_struct = (u32)next;
			return 0;
		}
		off = next;
	}
}

static bool fdt_ranges_overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/**
 * fdt_init - validate a device tree blob and fill in @fdt
 * @fdt: descriptor to fill in
 * @blob: the blob, 4-byte aligned
 * @avail: bytes readable at @blob; totalsize must fit in them
 *
 * Checks the header (magic, version 16..17 compatible, sizes), that every
 * block lies inside totalsize, is aligned and overlaps neither the header
 * nor another block, that the memory reservation block is terminated, and
 * the whole structure block (see fdt_check_struct()).
 *
 * Return: 0, or a negative errno with @fdt->errmsg saying why:
 * -EINVAL (no blob, misaligned, bad magic), -EOPNOTSUPP (version),
 * -ERANGE (truncated, block outside totalsize), -EBADMSG (malformed).
 */
int fdt_init(struct fdt *fdt, const void *blob, size_t avail)
{
	const u8 *b = blob;
	u32 magic, hdrsize;
	u64 rsv_len, struct_len = 0, off;

	memset(fdt, 0, sizeof(*fdt));
	if (!blob)
		return fdt_fail(fdt, -EINVAL, "no device tree (NULL pointer)");
	if ((uintptr_t)blob & 3)
		return fdt_fail(fdt, -EINVAL, "device tree not 4-byte aligned");
	if (avail < 4)
		return fdt_fail(fdt, -ERANGE, "truncated: %lu bytes available",
				(unsigned long)avail);
	magic = fdt32_ld(b + FDT_HDR_MAGIC);
	if (magic != FDT_MAGIC)
		return fdt_fail(fdt, -EINVAL, "bad magic 0x%08x", magic);
	if (avail < FDT_V16_HEADER_SIZE)
		return fdt_fail(fdt, -ERANGE,
				"truncated: %lu bytes available, header needs %u",
				(unsigned long)avail, FDT_V16_HEADER_SIZE);

	fdt->totalsize = fdt32_ld(b + FDT_HDR_TOTALSIZE);
	fdt->off_dt_struct = fdt32_ld(b + FDT_HDR_OFF_STRUCT);
	fdt->off_dt_strings = fdt32_ld(b + FDT_HDR_OFF_STRINGS);
	fdt->off_mem_rsvmap = fdt32_ld(b + FDT_HDR_OFF_RSVMAP);
	fdt->version = fdt32_ld(b + FDT_HDR_VERSION);
	fdt->last_comp_version = fdt32_ld(b + FDT_HDR_LAST_COMP);
	fdt->boot_cpuid_phys = fdt32_ld(b + FDT_HDR_BOOT_CPUID);
	fdt->size_dt_strings = fdt32_ld(b + FDT_HDR_SIZE_STRINGS);

	if (fdt->version < FDT_FIRST_VERSION)
		return fdt_fail(fdt, -EOPNOTSUPP, "version %u too old (need >= %u)",
				fdt->version, FDT_FIRST_VERSION);
	if (fdt->last_comp_version > FDT_LAST_VERSION)
		return fdt_fail(fdt, -EOPNOTSUPP,
				"incompatible: last_comp_version %u > %u",
				fdt->last_comp_version, FDT_LAST_VERSION);
	hdrsize = fdt->version >= 17 ? FDT_V17_HEADER_SIZE : FDT_V16_HEADER_SIZE;
	if (avail < hdrsize)
		return fdt_fail(fdt, -ERANGE,
				"truncated: %lu bytes available, header needs %u",
				(unsigned long)avail, hdrsize);
	if (fdt->totalsize > avail)
		return fdt_fail(fdt, -ERANGE, "truncated: totalsize %u > %lu available",
				fdt->totalsize, (unsigned long)avail);
	if (fdt->totalsize < hdrsize)
		return fdt_fail(fdt, -EBADMSG, "totalsize %u smaller than the header",
				fdt->totalsize);
	/* Offsets are handed out as int. */
	if (fdt->totalsize > FDT_INT_MAX)
		return fdt_fail(fdt, -ERANGE, "totalsize %#x too large", fdt->totalsize);

	/* Memory reservation block: 8-byte aligned (u64 pairs), 0,0 ends it. */
	if (fdt->off_mem_rsvmap & 7)
		return fdt_fail(fdt, -EBADMSG, "memreserve block offset %#x not 8-byte aligned",
				fdt->off_mem_rsvmap);
	if (fdt->off_mem_rsvmap < hdrsize)
		return fdt_fail(fdt, -EBADMSG, "memreserve block at %#x overlaps the header",
				fdt->off_mem_rsvmap);
	for (off = fdt->off_mem_rsvmap;; off += FDT_RSV_ENTRY_SIZE) {
		if (off + FDT_RSV_ENTRY_SIZE > fdt->totalsize)
			return fdt_fail(fdt, -ERANGE,
					"memreserve block not terminated within totalsize %u",
					fdt->totalsize);
		if (!fdt64_ld(b + off) && !fdt64_ld(b + off + 8))
			break;
		fdt->num_mem_rsv++;
	}
	rsv_len = off + FDT_RSV_ENTRY_SIZE - fdt->off_mem_rsvmap;

	/* Structure block. */
	if (fdt->off_dt_struct & 3)
		return fdt_fail(fdt, -EBADMSG, "struct block offset %#x not 4-byte aligned",
				fdt->off_dt_struct);
	if (fdt->off_dt_struct < hdrsize)
		return fdt_fail(fdt, -EBADMSG, "struct block at %#x overlaps the header",
				fdt->off_dt_struct);
	if (fdt->off_dt_struct > fdt->totalsize)
		return fdt_fail(fdt, -ERANGE, "struct block at %#x beyond totalsize %u",
				fdt->off_dt_struct, fdt->totalsize);
	if (fdt->version >= 17) {
		fdt->size_dt_struct = fdt32_ld(b + FDT_HDR_SIZE_STRUCT);
		if (fdt->size_dt_struct & 3)
			return fdt_fail(fdt, -EBADMSG,
					"struct block size %#x not a multiple of 4",
					fdt->size_dt_struct);
		if ((u64)fdt->off_dt_struct + fdt->size_dt_struct > fdt->totalsize)
			return fdt_fail(fdt, -ERANGE,
					"struct block %#x+%#x exceeds totalsize %u",
					fdt->off_dt_struct, fdt->size_dt_struct,
					fdt->totalsize);
	} else {
		/* v16 has no size field: the END token bounds it. */
		fdt->size_dt_struct = (fdt->totalsize - fdt->off_dt_struct) & ~3u;
	}

	/* Strings block: no alignment requirement. */
	if (fdt->off_dt_strings < hdrsize && fdt->size_dt_strings)
		return fdt_fail(fdt, -EBADMSG, "strings block at %#x overlaps the header",
				fdt->off_dt_strings);
	if ((u64)fdt->off_dt_strings + fdt->size_dt_strings > fdt->totalsize)
		return fdt_fail(fdt, -ERANGE, "strings block %#x+%#x exceeds totalsize %u",
				fdt->off_dt_strings, fdt->size_dt_strings,
				fdt->totalsize);

	/* The scan needs ->blob; fdt_fail() clears it again on error. */
	fdt->blob = b;
	if (fdt->version >= 17)
		struct_len = fdt->size_dt_struct;
	if (fdt_check_struct(fdt))
		return -EBADMSG;
	if (fdt->version < 17)
		struct_len = fdt->size_dt_struct;

	if (fdt_ranges_overlap(fdt->off_mem_rsvmap, rsv_len,
			       fdt->off_dt_struct, struct_len))
		return fdt_fail(fdt, -EBADMSG, "memreserve and struct blocks overlap");
	if (fdt_ranges_overlap(fdt->off_mem_rsvmap, rsv_len,
			       fdt->off_dt_strings, fdt->size_dt_strings))
		return fdt_fail(fdt, -EBADMSG, "memreserve and strings blocks overlap");
	if (fdt_ranges_overlap(fdt->off_dt_struct, struct_len,
			       fdt->off_dt_strings, fdt->size_dt_strings))
		return fdt_fail(fdt, -EBADMSG, "struct and strings blocks overlap");

	memcpy(fdt->errmsg, "ok", 3);
	return 0;
}

/**
 * fdt_strerror - a generic description of an errno returned by this file
 * @err: 0 or a negative errno
 *
 * fdt_init() failures have a more precise message in &struct fdt.errmsg.
 */
const char *fdt_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case -EINVAL:
		return "invalid argument or not a device tree";
	case -ENOENT:
		return "not found";
	case -ERANGE:
		return "truncated or out of range";
	case -EBADMSG:
		return "malformed device tree data";
	case -EOPNOTSUPP:
		return "unsupported device tree feature or version";
	case -ENXIO:
		return "address not translatable to a CPU address";
	case -EOVERFLOW:
		return "value too large";
	case -ELOOP:
		return "reference loop";
	case -ENOSPC:
		return "buffer too small";
	default:
		return "unknown error";
	}
}

/**
 * fdt_num_mem_rsv - number of /memreserve/ entries
 * @fdt: validated tree
 */
int fdt_num_mem_rsv(const struct fdt *fdt)
{
	return fdt->blob ? fdt->num_mem_rsv : -EINVAL;
}

/**
 * fdt_get_mem_rsv - read one /memreserve/ entry
 * @fdt: validated tree
 * @idx: entry number, 0 .. fdt_num_mem_rsv() - 1
 * @address: where to store the start
 * @size: where to store the size in bytes
 *
 * Return: 0, -ENOENT for an index out of range, -EINVAL for a bad @fdt.
 */
int fdt_get_mem_rsv(const struct fdt *fdt, int idx, u64 *address, u64 *size)
{
	const u8 *p;

	if (!fdt->blob)
		return -EINVAL;
	if (idx < 0 || idx >= fdt->num_mem_rsv)
		return -ENOENT;
	p = fdt->blob + fdt->off_mem_rsvmap + (u32)idx * FDT_RSV_ENTRY_SIZE;
	*address = fdt64_ld(p);
	*size = fdt64_ld(p + 8);
	return 0;
}

/*
 * Check that @node is a BEGIN_NODE token and return the offset just past
 * it (after the name). A negative @node is an earlier error: pass it on.
 */
static int fdt_check_node(const struct fdt *fdt, int node)
{
	int next;

	if (node < 0)
		return node;
	if (fdt_next_tag(fdt, node, &next) != FDT_BEGIN_NODE)
		return -EINVAL;
	return next;
}

/**
 * fdt_root - offset of the root node (normally 0)
 * @fdt: validated tree
 */
int fdt_root(const struct fdt *fdt)
{
	int off = 0, next, tag;

	for (;;) {
		tag = fdt_next_tag(fdt, off, &next);
		if (tag != FDT_NOP)
			break;
		off = next;
	}
	if (tag == FDT_BEGIN_NODE)
		return off;
	return tag < 0 ? tag : -EBADMSG;
}

/**
 * fdt_first_child - first subnode of @node
 * @fdt: validated tree
 * @node: node offset
 *
 * Return: the child's offset, -ENOENT when @node has no subnodes.
 */
int fdt_first_child(const struct fdt *fdt, int node)
{
	int off = fdt_check_node(fdt, node), next, tag;

	if (off < 0)
		return off;
	for (;; off = next) {
		tag = fdt_next_tag(fdt, off, &next);
		switch (tag) {
		case FDT_PROP:
		case FDT_NOP:
			continue;
		case FDT_BEGIN_NODE:
			return off;
		case FDT_END_NODE:
			return -ENOENT;
		default:
			return tag < 0 ? tag : -EBADMSG;
		}
	}
}

/**
 * fdt_next_sibling - the node after @node under the same parent
 * @fdt: validated tree
 * @node: node offset
 *
 * Return: the sibling's offset, -ENOENT after the last one.
 */
int fdt_next_sibling(const struct fdt *fdt, int node)
{
	int off = fdt_check_node(fdt, node), next, tag, depth = 1;

	if (off < 0)
		return off;
	/* Skip the rest of @node's subtree. */
	while (depth > 0) {
		tag = fdt_next_tag(fdt, off, &next);
		if (tag == FDT_BEGIN_NODE)
			depth++;
		else if (tag == FDT_END_NODE)
			depth--;
		else if (tag == FDT_END)
			return -EBADMSG;
		else if (tag < 0)
			return tag;
		off = next;
	}
	for (;; off = next) {
		tag = fdt_next_tag(fdt, off, &next);
		switch (tag) {
		case FDT_NOP:
			continue;
		case FDT_BEGIN_NODE:
			return off;
		case FDT_END_NODE:
		case FDT_END:
			return -ENOENT;
		default:
			return tag < 0 ? tag : -EBADMSG;
		}
	}
}

/**
 * fdt_next_node - the next node in depth-first (document) order
 * @fdt: validated tree
 * @node: current node offset
 * @depth: optional; incremented when going down, decremented per level up,
 *	so a walk of one subtree stops once it drops to 0 or below
 *
 * Return: the next node's offset, -ENOENT after the last node.
 */
int fdt_next_node(const struct fdt *fdt, int node, int *depth)
{
	int off = fdt_check_node(fdt, node), next, tag;

	if (off < 0)
		return off;
	for (;; off = next) {
		tag = fdt_next_tag(fdt, off, &next);
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (depth)
				(*depth)++;
			return off;
		case FDT_END_NODE:
			if (depth)
				(*depth)--;
			continue;
		case FDT_PROP:
		case FDT_NOP:
			continue;
		case FDT_END:
			return -ENOENT;
		default:
			return tag;
		}
	}
}

/*
 * Find @node by a walk from the start of the structure block, recording
 * the chain of ancestors in @stack (root first). Return the number of
 * ancestors, or -EINVAL when @node is not the start of a node.
 */
static int fdt_ancestors(const struct fdt *fdt, int node,
			 int stack[FDT_MAX_DEPTH])
{
	int off = 0, next, tag, depth = 0;

	if (node < 0)
		return node;
	while (off <= node) {
		tag = fdt_next_tag(fdt, off, &next);
		if (tag < 0)
			return tag;
		if (tag == FDT_BEGIN_NODE) {
			if (off == node)
				return depth;
			if (depth == FDT_MAX_DEPTH)
				return -EBADMSG;
			stack[depth++] = off;
		} else if (tag == FDT_END_NODE) {
			if (depth)
				depth--;
		} else if (tag == FDT_END) {
			break;
		}
		off = next;
	}
	return -EINVAL;
}

/**
 * fdt_parent - the parent of @node (a walk from the root: O(tree size))
 * @fdt: validated tree
 * @node: node offset
 *
 * Return: the parent's offset, -ENOENT for the root, -EINVAL when @node is
 * not a node offset.
 */
int fdt_parent(const struct fdt *fdt, int node)
{
	int stack[FDT_MAX_DEPTH];
	int depth = fdt_ancestors(fdt, node, stack);

	if (depth < 0)
		return depth;
	return depth ? stack[depth - 1] : -ENOENT;
}

/**
 * fdt_node_depth - nesting level of @node (root = 0)
 * @fdt: validated tree
 * @node: node offset
 */
int fdt_node_depth(const struct fdt *fdt, int node)
{
	int stack[FDT_MAX_DEPTH];

	return fdt_ancestors(fdt, node, stack);
}

/**
 * fdt_get_name - the name of @node ("serial@7e201000"; "" for the root)
 * @fdt: validated tree
 * @node: node offset
 * @lenp: optional; the name length, or a negative errno on failure
 *
 * Return: the NUL-terminated name inside the blob, or NULL.
 */
const char *fdt_get_name(const struct fdt *fdt, int node, int *lenp)
{
	int err = fdt_check_node(fdt, node);
	const char *name;

	if (err < 0) {
		if (lenp)
			*lenp = err;
		return NULL;
	}
	name = (const char *)fdt_struct_base(fdt) + node + 4;
	if (lenp)
		*lenp = (int)strlen(name);	/* NUL is inside the block */
	return name;
}

/**
 * fdt_get_path - write the full path of @node into @buf
 * @fdt: validated tree
 * @node: node offset
 * @buf: output buffer
 * @buflen: its size
 *
 * Return: 0, -ENOSPC when the path does not fit, or another -errno.
 */
int fdt_get_path(const struct fdt *fdt, int node, char *buf, int buflen)
{
	int stack[FDT_MAX_DEPTH];
	int depth = fdt_ancestors(fdt, node, stack), pos = 0;

	if (depth < 0)
		return depth;
	if (buflen < 2)
		return -ENOSPC;
	buf[pos++] = '/';
	/* stack[0] is the root, whose name is empty. */
	for (int i = 1; i <= depth; i++) {
		int len;
		const char *name = fdt_get_name(fdt, i < depth ? stack[i] : node, &len);

		if (!name)
			return len;
		if (pos + len + (i < depth) >= buflen)
			return -ENOSPC;
		memcpy(buf + pos, name, len);
		pos += len;
		if (i < depth)
			buf[pos++] = '/';
	}
	buf[pos] = '\0';
	return 0;
}

/**
 * fdt_subnode_offset_namelen - find a child of @parent by name
 * @fdt: validated tree
 * @parent: node offset
 * @name: "serial@7e201000", or just "memory" when only one child has
 *	that base name (then the unit address may be left out)
 * @namelen: length of @name
 *
 * Return: the child's offset; -ENOENT when none matches or when a name
 * without unit address matches more than one child.
 */
int fdt_subnode_offset_namelen(const struct fdt *fdt, int parent,
			       const char *name, int namelen)
{
	int child, found = -ENOENT, matches = 0;
	bool has_unit;

	if (namelen < 0)
		return -EINVAL;
	has_unit = memchr(name, '@', namelen) != NULL;
	fdt_for_each_subnode(child, fdt, parent) {
		int len;
		const char *cname = fdt_get_name(fdt, child, &len);

		if (!cname)
			return len;
		if (len == namelen && !memcmp(cname, name, namelen))
			return child;
		if (!has_unit && len > namelen && cname[namelen] == '@' &&
		    !memcmp(cname, name, namelen)) {
			found = child;
			matches++;
		}
	}
	if (child != -ENOENT)
		return child;
	return matches == 1 ? found : -ENOENT;
}

/**
 * fdt_subnode_offset - find a child of @parent by name
 * @fdt: validated tree
 * @parent: node offset
 * @name: NUL-terminated name, see fdt_subnode_offset_namelen()
 */
int fdt_subnode_offset(const struct fdt *fdt, int parent, const char *name)
{
	return fdt_subnode_offset_namelen(fdt, parent, name, (int)strlen(name));
}

/**
 * fdt_get_alias_namelen - look up an alias in /aliases
 * @fdt: validated tree
 * @name: alias name ("serial0")
 * @namelen: its length
 *
 * Return: the path the alias stands for (a string inside the blob), or
 * NULL when there is no such alias or its value is not a string.
 */
const char *fdt_get_alias_namelen(const struct fdt *fdt, const char *name,
				  int namelen)
{
	int aliases = fdt_path_offset(fdt, "/aliases"), len;
	const char *path;

	if (aliases < 0)
		return NULL;
	path = fdt_getprop_namelen(fdt, aliases, name, namelen, &len);
	if (!path || len < 1 || !memchr(path, 0, len))
		return NULL;
	return path;
}

/**
 * fdt_get_alias - look up an alias in /aliases
 * @fdt: validated tree
 * @name: NUL-terminated alias name
 */
const char *fdt_get_alias(const struct fdt *fdt, const char *name)
{
	return fdt_get_alias_namelen(fdt, name, (int)strlen(name));
}

/**
 * fdt_path_offset_namelen - find a node by path
 * @fdt: validated tree
 * @path: "/soc/serial@7e201000", "/memory" (unit address omitted when
 *	unambiguous), or an alias with an optional sub-path: "serial0",
 *	"mmc0/card@0"
 * @len: number of characters of @path to use
 *
 * Return: the node's offset, -ENOENT when there is no such node.
 */
int fdt_path_offset_namelen(const struct fdt *fdt, const char *path, int len)
{
	const char *p = path, *end = path + len;
	int node;

	if (len <= 0)
		return -EINVAL;
	if (*p != '/') {
		const char *slash = memchr(p, '/', len);
		const char *alias = fdt_get_alias_namelen(fdt, p,
							  (int)((slash ? slash : end) - p));

		if (!alias)
			return -ENOENT;
		/* Only absolute alias values: no alias chains, no recursion. */
		if (alias[0] != '/')
			return -EBADMSG;
		node = fdt_path_offset(fdt, alias);
		p = slash ? slash : end;
	} else {
		node = fdt_root(fdt);
	}
	while (node >= 0 && p < end) {
		const char *q;

		while (p < end && *p == '/')
			p++;
		if (p == end)
			break;
		q = memchr(p, '/', end - p);
		if (!q)
			q = end;
		node = fdt_subnode_offset_namelen(fdt, node, p, (int)(q - p));
		p = q;
	}
	return node;
}

/**
 * fdt_path_offset - find a node by path or alias
 * @fdt: validated tree
 * @path: NUL-terminated path, see fdt_path_offset_namelen()
 */
int fdt_path_offset(const struct fdt *fdt, const char *path)
{
	return fdt_path_offset_namelen(fdt, path, (int)strlen(path));
}

/**
 * fdt_first_property - the first property of @node
 * @fdt: validated tree
 * @node: node offset
 *
 * Return: a property offset for fdt_getprop_by_offset(), -ENOENT if none.
 */
int fdt_first_property(const struct fdt *fdt, int node)
{
	int off = fdt_check_node(fdt, node), next, tag;

	if (off < 0)
		return off;
	for (;; off = next) {
		tag = fdt_next_tag(fdt, off, &next);
		if (tag == FDT_NOP)
			continue;
		if (tag == FDT_PROP)
			return off;
		return tag < 0 ? tag : -ENOENT;
	}
}

/**
 * fdt_next_property - the property after @prop in the same node
 * @fdt: validated tree
 * @prop: property offset
 *
 * Return: the next property's offset, -ENOENT after the last one.
 */
int fdt_next_property(const struct fdt *fdt, int prop)
{
	int off, next, tag;

	if (prop < 0)
		return prop;
	if (fdt_next_tag(fdt, prop, &off) != FDT_PROP)
		return -EINVAL;
	for (;; off = next) {
		tag = fdt_next_tag(fdt, off, &next);
		if (tag == FDT_NOP)
			continue;
		if (tag == FDT_PROP)
			return off;
		return tag < 0 ? tag : -ENOENT;
	}
}

/**
 * fdt_getprop_by_offset - name and value of the property at @prop
 * @fdt: validated tree
 * @prop: property offset
 * @namep: optional; where to store the property name
 * @lenp: optional; the value length, or a negative errno on failure
 *
 * Return: the value (only 4-byte aligned), or NULL on failure.
 */
const void *fdt_getprop_by_offset(const struct fdt *fdt, int prop,
				  const char **namep, int *lenp)
{
	int next, err = -EINVAL;
	const u8 *p;
	u32 nameoff;

	if (prop < 0)
		err = prop;
	else if (fdt_next_tag(fdt, prop, &next) == FDT_PROP)
		err = 0;
	if (err)
		goto fail;
	p = fdt_struct_base(fdt) + prop;
	nameoff = fdt32_ld(p + 8);
	/* Re-checked here: @prop may not be an offset fdt_init() visited. */
	if (nameoff >= fdt->size_dt_strings ||
	    !memchr(fdt_strings_base(fdt) + nameoff, 0,
		    fdt->size_dt_strings - nameoff)) {
		err = -EBADMSG;
		goto fail;
	}
	if (namep)
		*namep = fdt_strings_base(fdt) + nameoff;
	if (lenp)
		*lenp = (int)fdt32_ld(p + 4);	/* < totalsize, fits int */
	return p + 12;
fail:
	if (lenp)
		*lenp = err;
	return NULL;
}

/**
 * fdt_getprop_namelen - look up a property of @node by name
 * @fdt: validated tree
 * @node: node offset
 * @name: property name
 * @namelen: length of @name
 * @lenp: optional; the value length, or a negative errno (-ENOENT when
 *	the node has no such property)
 *
 * Return: the value, or NULL.
 */
const void *fdt_getprop_namelen(const struct fdt *fdt, int node,
				const char *name, int namelen, int *lenp)
{
	int prop, len = -ENOENT;

	fdt_for_each_property(prop, fdt, node) {
		const char *pname;
		const void *val = fdt_getprop_by_offset(fdt, prop, &pname, &len);

		if (!val)
			break;
		if (strlen(pname) == (size_t)namelen &&
		    !memcmp(pname, name, namelen)) {
			if (lenp)
				*lenp = len;
			return val;
		}
		len = -ENOENT;
	}
	if (prop != -ENOENT)
		len = prop < 0 ? prop : len;
	if (lenp)
		*lenp = len;
	return NULL;
}

/**
 * fdt_getprop - look up a property of @node by name
 * @fdt: validated tree
 * @node: node offset
 * @name: NUL-terminated property name
 * @lenp: see fdt_getprop_namelen()
 */
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name,
			int *lenp)
{
	return fdt_getprop_namelen(fdt, node, name, (int)strlen(name), lenp);
}

/**
 * fdt_getprop_str - a property that holds a string
 * @fdt: validated tree
 * @node: node offset
 * @name: property name
 *
 * Return: the (first) string, or NULL when absent or not NUL-terminated.
 */
const char *fdt_getprop_str(const struct fdt *fdt, int node, const char *name)
{
	int len;
	const char *s = fdt_getprop(fdt, node, name, &len);

	if (!s || len < 1 || !memchr(s, 0, len))
		return NULL;
	return s;
}

/**
 * fdt_getprop_u32 - a property that holds exactly one 32-bit cell
 * @fdt: validated tree
 * @node: node offset
 * @name: property name
 * @val: where to store the value
 *
 * Return: 0, -ENOENT when absent, -EBADMSG when its length is not 4.
 */
int fdt_getprop_u32(const struct fdt *fdt, int node, const char *name,
		    u32 *val)
{
	int len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return len;
	if (len != 4)
		return -EBADMSG;
	*val = fdt32_ld(p);
	return 0;
}

/**
 * fdt_getprop_u64 - a property that holds exactly two cells (one u64)
 * @fdt: validated tree
 * @node: node offset
 * @name: property name
 * @val: where to store the value
 *
 * Return: 0, -ENOENT when absent, -EBADMSG when its length is not 8.
 */
int fdt_getprop_u64(const struct fdt *fdt, int node, const char *name,
		    u64 *val)
{
	int len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return len;
	if (len != 8)
		return -EBADMSG;
	*val = fdt64_ld(p);
	return 0;
}

/**
 * fdt_getprop_bool - whether @node has the property @name at all
 * @fdt: validated tree
 * @node: node offset
 * @name: property name ("dma-coherent", "no-map", ...)
 */
bool fdt_getprop_bool(const struct fdt *fdt, int node, const char *name)
{
	return fdt_getprop(fdt, node, name, NULL) != NULL;
}

/**
 * fdt_stringlist_contains - whether a string list holds @str
 * @strlist: the list ("a\0b\0")
 * @listlen: its length in bytes
 * @str: the string to look for
 *
 * An unterminated last entry never matches.
 */
bool fdt_stringlist_contains(const char *strlist, int listlen, const char *str)
{
	size_t len = strlen(str);

	while (listlen > 0) {
		const char *nul = memchr(strlist, 0, listlen);
		size_t l;

		if (!nul)
			break;
		l = nul - strlist;
		if (l == len && !memcmp(strlist, str, len))
			return true;
		listlen -= (int)l + 1;
		strlist += l + 1;
	}
	return false;
}

/**
 * fdt_stringlist_count - number of strings in a string-list property
 * @fdt: validated tree
 * @node: node offset
 * @name: property name
 *
 * Return: the count, -ENOENT when absent, -EBADMSG when not terminated.
 */
int fdt_stringlist_count(const struct fdt *fdt, int node, const char *name)
{
	int len, count = 0;
	const char *s = fdt_getprop(fdt, node, name, &len);

	if (!s)
		return len;
	while (len > 0) {
		const char *nul = memchr(s, 0, len);

		if (!nul)
			return -EBADMSG;
		len -= (int)(nul - s) + 1;
		s = nul + 1;
		count++;
	}
	return count;
}

/**
 * fdt_stringlist_get - the @idx'th string of a string-list property
 * @fdt: validated tree
 * @node: node offset
 * @name: property name
 * @idx: index
 * @lenp: optional; the string length, or a negative errno
 *
 * Return: the string, or NULL.
 */
const char *fdt_stringlist_get(const struct fdt *fdt, int node,
			       const char *name, int idx, int *lenp)
{
	int len, err = -ENOENT;
	const char *s = fdt_getprop(fdt, node, name, &len);

	if (!s) {
		err = len;
		goto fail;
	}
	while (len > 0) {
		const char *nul = memchr(s, 0, len);

		if (!nul) {
			err = -EBADMSG;
			goto fail;
		}
		if (idx-- == 0) {
			if (lenp)
				*lenp = (int)(nul - s);
			return s;
		}
		len -= (int)(nul - s) + 1;
		s = nul + 1;
	}
fail:
	if (lenp)
		*lenp = err;
	return NULL;
}

/**
 * fdt_stringlist_search - index of @str in a string-list property
 * @fdt: validated tree
 * @node: node offset
 * @name: property name ("reg-names", "compatible", ...)
 * @str: string to find
 *
 * Return: the index, or -ENOENT.
 */
int fdt_stringlist_search(const struct fdt *fdt, int node, const char *name,
			  const char *str)
{
	size_t slen = strlen(str);
	int idx, len;

	for (idx = 0;; idx++) {
		const char *s = fdt_stringlist_get(fdt, node, name, idx, &len);

		if (!s)
			return len;
		if ((size_t)len == slen && !memcmp(s, str, slen))
			return idx;
	}
}

/**
 * fdt_node_check_compatible - whether @node's compatible list has @compat
 * @fdt: validated tree
 * @node: node offset
 * @compat: compatible string ("arm,pl011")
 *
 * Return: 0 when compatible, 1 when not (or no compatible property), a
 * negative errno for a bad node.
 */
int fdt_node_check_compatible(const struct fdt *fdt, int node,
			      const char *compat)
{
	int len;
	const char *list = fdt_getprop(fdt, node, "compatible", &len);

	if (!list)
		return len == -ENOENT ? 1 : len;
	return fdt_stringlist_contains(list, len, compat) ? 0 : 1;
}

/**
 * fdt_node_offset_by_compatible - next node compatible with @compat
 * @fdt: validated tree
 * @startoffset: search after this node; -1 searches from the root
 * @compat: compatible string
 *
 * Return: the node's offset, -ENOENT when there is no further match.
 */
int fdt_node_offset_by_compatible(const struct fdt *fdt, int startoffset,
				  const char *compat)
{
	int node;

	node = startoffset < 0 ? fdt_root(fdt) : fdt_next_node(fdt, startoffset, NULL);
	for (; node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		int ret = fdt_node_check_compatible(fdt, node, compat);

		if (ret <= 0)
			return ret ? ret : node;
	}
	return node;
}

/**
 * fdt_node_is_enabled - whether @node is usable: status absent, "okay"
 *	or "ok" (anything else, e.g. "disabled" or "fail", is not)
 * @fdt: validated tree
 * @node: node offset
 */
bool fdt_node_is_enabled(const struct fdt *fdt, int node)
{
	const char *s;
	size_t n;
	int len;

	/* An error offset is not a node, let alone an enabled one. */
	if (fdt_check_node(fdt, node) < 0)
		return false;
	s = fdt_getprop(fdt, node, "status", &len);
	if (!s)
		return len == -ENOENT;
	n = strnlen(s, len);
	if (n == (size_t)len)
		return false;	/* not a string */
	return (n == 4 && !memcmp(s, "okay", 4)) || (n == 2 && !memcmp(s, "ok", 2));
}

/**
 * fdt_get_phandle - the phandle of @node ("phandle" or "linux,phandle")
 * @fdt: validated tree
 * @node: node offset
 *
 * Return: the phandle, or 0 when it has none (0 and ~0 are not valid).
 */
u32 fdt_get_phandle(const struct fdt *fdt, int node)
{
	int len;
	const void *p = fdt_getprop(fdt, node, "phandle", &len);

	if (!p || len != 4)
		p = fdt_getprop(fdt, node, "linux,phandle", &len);
	if (p && len == 4) {
		u32 ph = fdt32_ld(p);

		if (ph && ph != ~0u)
			return ph;
	}
	return 0;
}

/**
 * fdt_node_by_phandle - find the node with a given phandle (O(tree size))
 * @fdt: validated tree
 * @phandle: the phandle
 *
 * Return: the node's offset, -ENOENT when none has it, -EINVAL for the
 * invalid phandles 0 and ~0.
 */
int fdt_node_by_phandle(const struct fdt *fdt, u32 phandle)
{
	int off = 0, next, tag, node = -ENOENT;

	if (!phandle || phandle == ~0u)
		return -EINVAL;
	/*
	 * One pass over the tokens looking at 4-byte properties only: this
	 * runs for every interrupt-parent hop, so avoid a lookup per node.
	 */
	for (;; off = next) {
		const char *name;
		const u8 *val;
		int len;

		tag = fdt_next_tag(fdt, off, &next);
		if (tag == FDT_BEGIN_NODE)
			node = off;
		if (tag == FDT_END)
			return -ENOENT;
		if (tag < 0)
			return tag;
		if (tag != FDT_PROP || node < 0)
			continue;
		val = fdt_getprop_by_offset(fdt, off, &name, &len);
		if (!val || len != 4 || fdt32_ld(val) != phandle)
			continue;
		/* Let fdt_get_phandle() settle "phandle" vs "linux,phandle". */
		if ((!strcmp(name, "phandle") || !strcmp(name, "linux,phandle")) &&
		    fdt_get_phandle(fdt, node) == phandle)
			return node;
	}
}

static int fdt_ncells(const struct fdt *fdt, int node, const char *name,
		      int dflt)
{
	int len;
	const void *p = fdt_getprop(fdt, node, name, &len);
	u32 v;

	if (!p)
		return len == -ENOENT ? dflt : len;
	if (len != 4)
		return -EBADMSG;
	v = fdt32_ld(p);
	return v > FDT_MAX_NCELLS ? -EBADMSG : (int)v;
}

/**
 * fdt_address_cells - #address-cells of @node (which its children's reg
 *	and ranges use); 2 when absent, as the DT specification says
 * @fdt: validated tree
 * @node: node offset
 *
 * Return: 0..FDT_MAX_NCELLS, or -EBADMSG for a malformed value.
 */
int fdt_address_cells(const struct fdt *fdt, int node)
{
	return fdt_ncells(fdt, node, "#address-cells", 2);
}

/**
 * fdt_size_cells - #size-cells of @node; 1 when absent
 * @fdt: validated tree
 * @node: node offset
 *
 * Return: 0..FDT_MAX_NCELLS, or -EBADMSG for a malformed value.
 */
int fdt_size_cells(const struct fdt *fdt, int node)
{
	return fdt_ncells(fdt, node, "#size-cells", 1);
}

/*
 * Bus addresses have up to FDT_MAX_NCELLS (4) cells, so translation works
 * on 128-bit numbers.
 */
struct fdt_addr {
	u64 hi, lo;
};

static void fdt_addr_load(struct fdt_addr *a, const u8 *p, int n)
{
	a->hi = 0;
	a->lo = 0;
	for (int i = 0; i < n; i++) {
		a->hi = a->hi << 32 | a->lo >> 32;
		a->lo = a->lo << 32 | fdt32_ld(p + 4 * i);
	}
}

static int fdt_addr_cmp(const struct fdt_addr *a, const struct fdt_addr *b)
{
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return 0;
}

/* *r = a - b; the caller made sure a >= b. */
static void fdt_addr_sub(struct fdt_addr *r, const struct fdt_addr *a,
			 const struct fdt_addr *b)
{
	u64 borrow = a->lo < b->lo;

	r->lo = a->lo - b->lo;
	r->hi = a->hi - b->hi - borrow;
}

/* *r = a + b; false on a carry out of 128 bits. */
static bool fdt_addr_add(struct fdt_addr *r, const struct fdt_addr *a,
			 const struct fdt_addr *b)
{
	u64 lo = a->lo + b->lo, carry = lo < a->lo;
	u64 hi = a->hi + b->hi;
	bool over = hi < a->hi;

	over |= hi + carry < hi;
	r->hi = hi + carry;
	r->lo = lo;
	return !over;
}

/* Whether @a can be written in @n cells. */
static bool fdt_addr_fits(const struct fdt_addr *a, int n)
{
	switch (n) {
	case 0:
		return !a->hi && !a->lo;
	case 1:
		return !a->hi && !(a->lo >> 32);
	case 2:
		return !a->hi;
	case 3:
		return !(a->hi >> 32);
	default:
		return true;
	}
}

/*
 * Map @a, an address on @bus's child side with @na cells, through one
 * "ranges" property into the address space of @bus's parent.
 */
static int fdt_map_ranges(const struct fdt *fdt, int bus, struct fdt_addr *a,
			  int na, int pna)
{
	int len, cns, stride;
	const u8 *ranges = fdt_getprop(fdt, bus, "ranges", &len);

	/* No "ranges": this bus is not memory-mapped in its parent. */
	if (!ranges)
		return len == -ENOENT ? -ENXIO : len;
	/* Empty "ranges": identity mapping. */
	if (len == 0)
		return fdt_addr_fits(a, pna) ? 0 : -ENXIO;

	cns = fdt_size_cells(fdt, bus);
	if (cns < 0)
		return cns;
	stride = (na + pna + cns) * 4;
	if (len % stride)
		return -EBADMSG;
	for (int off = 0; off < len; off += stride) {
		struct fdt_addr child, parent, size, delta;

		fdt_addr_load(&child, ranges + off, na);
		fdt_addr_load(&parent, ranges + off + na * 4, pna);
		fdt_addr_load(&size, ranges + off + (na + pna) * 4, cns);
		if (fdt_addr_cmp(a, &child) < 0)
			continue;
		fdt_addr_sub(&delta, a, &child);
		if (fdt_addr_cmp(&delta, &size) >= 0)
			continue;
		if (!fdt_addr_add(a, &parent, &delta) || !fdt_addr_fits(a, pna))
			return -EOVERFLOW;
		return 0;
	}
	return -ENXIO;
}

static int fdt_translate(const struct fdt *fdt, int bus, struct fdt_addr *a,
			 int na, u64 *cpu_addr)
{
	/* Each step climbs a level, and fdt_init() bounded the depth. */
	for (int level = 0; level <= FDT_MAX_DEPTH; level++) {
		int parent = fdt_parent(fdt, bus), pna, err;

		if (parent == -ENOENT) {
			/* @bus is the root: a CPU physical address. */
			if (a->hi)
				return -EOVERFLOW;
			*cpu_addr = a->lo;
			return 0;
		}
		if (parent < 0)
			return parent;
		pna = fdt_address_cells(fdt, parent);
		if (pna < 0)
			return pna;
		if (pna == 0)
			return -ENXIO;
		err = fdt_map_ranges(fdt, bus, a, na, pna);
		if (err)
			return err;
		na = pna;
		bus = parent;
	}
	return -ELOOP;
}

/**
 * fdt_translate_address - translate a bus address to a CPU address
 * @fdt: validated tree
 * @bus: the node whose children's address space @addr is in
 * @addr: the address, @na big-endian cells
 * @na: number of cells (@bus's #address-cells), 1..FDT_MAX_NCELLS
 * @cpu_addr: where to store the CPU physical address
 *
 * Walks "ranges" from @bus up to the root. An empty "ranges" maps 1:1; a
 * missing one means the bus is not memory-mapped.
 *
 * Return: 0, -ENXIO when not translatable, -EOVERFLOW when the result does
 * not fit 64 bits, -EBADMSG for malformed properties.
 */
int fdt_translate_address(const struct fdt *fdt, int bus, const void *addr,
			  int na, u64 *cpu_addr)
{
	struct fdt_addr a;

	if (na < 1 || na > FDT_MAX_NCELLS)
		return -EINVAL;
	fdt_addr_load(&a, addr, na);
	return fdt_translate(fdt, bus, &a, na, cpu_addr);
}

/* Look up @node's reg, with the cell counts of its parent bus. */
static const u8 *fdt_reg_prop(const struct fdt *fdt, int node, int *bus,
			      int *na, int *ns, int *count)
{
	int len;
	const u8 *reg;

	*bus = fdt_parent(fdt, node);
	if (*bus < 0) {
		*count = *bus == -ENOENT ? -EINVAL : *bus;	/* root */
		return NULL;
	}
	*na = fdt_address_cells(fdt, *bus);
	*ns = fdt_size_cells(fdt, *bus);
	if (*na < 0 || *ns < 0) {
		*count = *na < 0 ? *na : *ns;
		return NULL;
	}
	if (*na == 0) {
		*count = -EBADMSG;
		return NULL;
	}
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg) {
		*count = len;
		return NULL;
	}
	if (len % ((*na + *ns) * 4)) {
		*count = -EBADMSG;
		return NULL;
	}
	*count = len / ((*na + *ns) * 4);
	return reg;
}

/**
 * fdt_reg_count - number of (address, size) entries in @node's reg
 * @fdt: validated tree
 * @node: node offset
 *
 * Return: the count, -ENOENT without reg, -EBADMSG when malformed.
 */
int fdt_reg_count(const struct fdt *fdt, int node)
{
	int bus, na, ns, count;

	fdt_reg_prop(fdt, node, &bus, &na, &ns, &count);
	return count;
}

/**
 * fdt_get_reg - the @idx'th reg entry of @node as a CPU physical address
 * @fdt: validated tree
 * @node: node offset
 * @idx: entry index
 * @cpu_addr: where to store the translated address
 * @size: optional; where to store the size (0 when #size-cells is 0)
 *
 * The address is translated through the "ranges" of every bus above
 * @node (see fdt_translate_address()): on a Raspberry Pi 4 the reg
 * 0x7e201000 of /soc/serial@7e201000 comes out as 0xfe201000.
 *
 * Return: 0, -ENOENT when there is no reg or no entry @idx, -ENXIO when the
 * address is not translatable, -EOVERFLOW, -EBADMSG.
 */
int fdt_get_reg(const struct fdt *fdt, int node, int idx, u64 *cpu_addr,
		u64 *size)
{
	struct fdt_addr a, s;
	int bus, na, ns, count, err;
	const u8 *reg = fdt_reg_prop(fdt, node, &bus, &na, &ns, &count);

	if (!reg)
		return count;
	if (idx < 0 || idx >= count)
		return -ENOENT;
	reg += idx * (na + ns) * 4;
	fdt_addr_load(&a, reg, na);
	fdt_addr_load(&s, reg + na * 4, ns);
	if (s.hi)
		return -EOVERFLOW;
	err = fdt_translate(fdt, bus, &a, na, cpu_addr);
	if (err)
		return err;
	if (size)
		*size = s.lo;
	return 0;
}

/**
 * fdt_interrupt_cells - #interrupt-cells of an interrupt controller
 * @fdt: validated tree
 * @controller: node offset
 *
 * Return: 1..FDT_MAX_IRQ_CELLS, -ENOENT when absent, -EBADMSG.
 */
int fdt_interrupt_cells(const struct fdt *fdt, int controller)
{
	u32 n = 0;
	int err = fdt_getprop_u32(fdt, controller, "#interrupt-cells", &n);

	if (err)
		return err;
	return n < 1 || n > FDT_MAX_IRQ_CELLS ? -EBADMSG : (int)n;
}

/**
 * fdt_interrupt_parent - the interrupt parent of @node
 * @fdt: validated tree
 * @node: node offset
 *
 * Follows @node's own interrupt-parent, or else its tree parent's, and so
 * on, until it reaches a node with #interrupt-cells (so the root's
 * interrupt-parent is inherited by every node below it).
 *
 * Return: the controller's (or nexus's) offset, -ENOENT when there is none,
 * -EBADMSG for a dangling phandle, -ELOOP for a phandle cycle.
 */
int fdt_interrupt_parent(const struct fdt *fdt, int node)
{
	int cur = node;

	/* A chain longer than the tree has nodes must be going round a cycle. */
	for (int hops = 0; hops <= fdt->num_nodes && hops < FDT_MAX_IRQ_HOPS; hops++) {
		int len;
		const void *p = fdt_getprop(fdt, cur, "interrupt-parent", &len);

		if (p) {
			if (len != 4)
				return -EBADMSG;
			cur = fdt_node_by_phandle(fdt, fdt32_ld(p));
			if (cur < 0)
				return -EBADMSG;
		} else if (len != -ENOENT) {
			return len;
		} else {
			cur = fdt_parent(fdt, cur);
			if (cur < 0)
				return cur;
		}
		if (fdt_getprop(fdt, cur, "#interrupt-cells", NULL))
			return cur;
	}
	return -ELOOP;
}

static int fdt_copy_cells(const u8 *src, int n, u32 *cells, int maxcells)
{
	if (n > maxcells || !cells)
		return -EOVERFLOW;
	for (int i = 0; i < n; i++)
		cells[i] = fdt32_ld(src + 4 * i);
	return n;
}

/* One entry of interrupts-extended: <&controller cell...>. */
static int fdt_get_interrupt_ext(const struct fdt *fdt, const u8 *p, int len,
				 int idx, u32 *cells, int maxcells, int *parent)
{
	for (int pos = 0, i = 0; pos < len; i++) {
		int ctrl, n;

		if (len - pos < 4)
			return -EBADMSG;
		ctrl = fdt_node_by_phandle(fdt, fdt32_ld(p + pos));
		if (ctrl < 0)
			return -EBADMSG;
		n = fdt_interrupt_cells(fdt, ctrl);
		if (n < 0)
			return n == -ENOENT ? -EBADMSG : n;
		if ((len - pos - 4) / 4 < n)
			return -EBADMSG;
		if (i == idx) {
			if (parent)
				*parent = ctrl;
			return fdt_copy_cells(p + pos + 4, n, cells, maxcells);
		}
		pos += 4 + 4 * n;
	}
	return -ENOENT;
}

/**
 * fdt_get_interrupt - the @idx'th interrupt specifier of @node
 * @fdt: validated tree
 * @node: node offset
 * @idx: index
 * @cells: where to store the specifier cells (for a GIC: type, number,
 *	flags)
 * @maxcells: room in @cells
 * @parent: optional; where to store the controller's offset
 *
 * Uses interrupts-extended when present, else interrupts with the cell
 * count of fdt_interrupt_parent(). A nexus (interrupt-map) parent is not
 * translated.
 *
 * Return: the number of cells, -ENOENT when there is no interrupt @idx,
 * -EOVERFLOW when @maxcells is too small, -EOPNOTSUPP for a nexus parent,
 * -EBADMSG for malformed properties.
 */
int fdt_get_interrupt(const struct fdt *fdt, int node, int idx, u32 *cells,
		      int maxcells, int *parent)
{
	int len, ctrl, n;
	const u8 *p;

	if (idx < 0)
		return -ENOENT;
	p = fdt_getprop(fdt, node, "interrupts-extended", &len);
	if (p)
		return fdt_get_interrupt_ext(fdt, p, len, idx, cells, maxcells,
					     parent);
	if (len != -ENOENT)
		return len;

	p = fdt_getprop(fdt, node, "interrupts", &len);
	if (!p)
		return len;
	ctrl = fdt_interrupt_parent(fdt, node);
	if (ctrl < 0)
		return ctrl;
	if (!fdt_getprop_bool(fdt, ctrl, "interrupt-controller") &&
	    fdt_getprop_bool(fdt, ctrl, "interrupt-map"))
		return -EOPNOTSUPP;
	n = fdt_interrupt_cells(fdt, ctrl);
	if (n < 0)
		return n;
	if (len % (4 * n))
		return -EBADMSG;
	if (idx >= len / (4 * n))
		return -ENOENT;
	if (parent)
		*parent = ctrl;
	return fdt_copy_cells(p + idx * 4 * n, n, cells, maxcells);
}

/**
 * fdt_chosen - offset of /chosen
 * @fdt: validated tree
 */
int fdt_chosen(const struct fdt *fdt)
{
	return fdt_path_offset(fdt, "/chosen");
}

/**
 * fdt_chosen_bootargs - the kernel command line in /chosen/bootargs
 * @fdt: validated tree
 *
 * Return: the string, or NULL when there is none.
 */
const char *fdt_chosen_bootargs(const struct fdt *fdt)
{
	return fdt_getprop_str(fdt, fdt_chosen(fdt), "bootargs");
}

/**
 * fdt_chosen_stdout - the console node named by /chosen/stdout-path
 * @fdt: validated tree
 * @options: optional; set to the text after ':' ("115200n8"), or NULL
 *
 * The path may be an alias ("serial1:115200n8"). linux,stdout-path is
 * used when stdout-path is absent.
 *
 * Return: the node's offset, -ENOENT when there is no stdout-path or it
 * names no node, -EBADMSG when it is not a string.
 */
int fdt_chosen_stdout(const struct fdt *fdt, const char **options)
{
	int chosen = fdt_chosen(fdt), len;
	const char *s, *colon;
	size_t n;

	if (options)
		*options = NULL;
	if (chosen < 0)
		return chosen;
	s = fdt_getprop(fdt, chosen, "stdout-path", &len);
	if (!s)
		s = fdt_getprop(fdt, chosen, "linux,stdout-path", &len);
	if (!s)
		return len;
	n = strnlen(s, len);
	if (n == 0 || n == (size_t)len)
		return -EBADMSG;
	/* Node names never contain ':', so the first one starts the options. */
	colon = memchr(s, ':', n);
	if (colon) {
		if (options)
			*options = colon + 1;
		n = colon - s;
	}
	return fdt_path_offset_namelen(fdt, s, (int)n);
}

/* A one- or two-cell number property, as linux,initrd-start may be either. */
static int fdt_getprop_number(const struct fdt *fdt, int node,
			      const char *name, u64 *val)
{
	int len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return len;
	if (len == 4)
		*val = fdt32_ld(p);
	else if (len == 8)
		*val = fdt64_ld(p);
	else
		return -EBADMSG;
	return 0;
}

/**
 * fdt_chosen_initrd - the initrd range from /chosen
 * @fdt: validated tree
 * @start: where to store linux,initrd-start
 * @end: where to store linux,initrd-end (exclusive)
 *
 * Either property may be one or two cells.
 *
 * Return: 0, -ENOENT when there is no initrd, -EBADMSG when only one bound
 * is given or a length is wrong, -ERANGE when end < start.
 */
int fdt_chosen_initrd(const struct fdt *fdt, u64 *start, u64 *end)
{
	int chosen = fdt_chosen(fdt), err;
	u64 s = 0, e = 0;

	if (chosen < 0)
		return chosen;
	err = fdt_getprop_number(fdt, chosen, "linux,initrd-start", &s);
	if (err)
		return err;
	err = fdt_getprop_number(fdt, chosen, "linux,initrd-end", &e);
	if (err)
		return err == -ENOENT ? -EBADMSG : err;
	if (e < s)
		return -ERANGE;
	*start = s;
	*end = e;
	return 0;
}
