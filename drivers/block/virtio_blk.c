// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-blk (Virtio 1.2 spec, section 5.2): one request queue, one
 * request per descriptor chain:
 *
 *   [ struct virtio_blk_outhdr ]  device reads   type, reserved, sector
 *   [ data, nr_sectors * 512   ]  device reads (OUT) or writes (IN); none for FLUSH
 *   [ u8 status                ]  device writes  0 OK, 1 IOERR, 2 UNSUPP
 *
 * Disks are named vda, vdb, ... in virtio device order (QEMU's -device
 * order). The shell gets lsblk, blkdump, blkwrite and blkflush.
 */
#define pr_fmt(fmt) "virtio_blk: " fmt

#include <arbor/blkdev.h>
#include <arbor/errno.h>
#include <arbor/init.h>
#include <arbor/ktest.h>
#include <arbor/mm.h>
#include <arbor/parse.h>
#include <arbor/printk.h>
#include <arbor/shell.h>
#include <arbor/slab.h>
#include <arbor/string.h>
#include <arbor/virtio.h>

/*
 * Feature bits (the ones used here):
 *   bit 5 RO     the disk is read-only
 *   bit 9 FLUSH  the device has a write cache; VIRTIO_BLK_T_FLUSH empties it
 */
#define VIRTIO_BLK_F_RO		5
#define VIRTIO_BLK_F_FLUSH	9

/*
 * Config space (little-endian):
 *   0x00 u64 capacity   size in 512-byte sectors, whatever the block size
 */
#define VIRTIO_BLK_CFG_CAPACITY	0x00

/* Request types (outhdr.type). */
#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_FLUSH	4

/* Status byte values. */
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2

#define VIRTIO_BLK_MAX_DISKS	26

struct virtio_blk_outhdr {
	u32 type;
	u32 ioprio;
	u64 sector;
};

/* What the device reads and writes besides the data: one per request. */
struct virtblk_req {
	struct virtio_blk_outhdr out_hdr;
	u8 status;
	struct request *rq;
};

/**
 * struct virtio_blk - one virtio-blk disk
 * @vdev: its virtio device
 * @vq: its request queue
 * @disk: the block device
 * @nr_requests: requests completed
 */
struct virtio_blk {
	struct virtio_device *vdev;
	struct virtqueue *vq;
	struct block_device disk;
	u64 nr_requests;
};

static int nr_virtio_blks;

/* Queue callback, from the interrupt: complete every finished request. */
static void virtblk_done(struct virtqueue *vq)
{
	struct virtio_blk *vblk = vq->vdev->priv;
	struct virtblk_req *vbr;
	unsigned int len;

	while ((vbr = virtqueue_get_buf(vq, &len))) {
		struct request *rq = vbr->rq;
		int error = vbr->status == VIRTIO_BLK_S_OK ? 0 : -EIO;

		if (error)
			pr_err("%s: request for sector %llu failed, status %u\n",
			       vblk->disk.name, (unsigned long long)rq->sector, vbr->status);
		rq->drv_data = NULL;
		kfree(vbr);
		vblk->nr_requests++;
		blk_end_request(rq, error);
	}
}

static int virtblk_submit(struct request *rq)
{
	struct virtio_blk *vblk = rq->bdev->private;
	struct virtio_buf bufs[3];
	struct virtblk_req *vbr;
	unsigned int out = 1, in = 1, n = 0;
	int ret;

	vbr = kzalloc(sizeof(*vbr), GFP_ATOMIC);
	if (!vbr)
		return -ENOMEM;
	vbr->rq = rq;
	vbr->status = 0xff;
	switch (rq->op) {
	case REQ_OP_READ:
		vbr->out_hdr.type = VIRTIO_BLK_T_IN;
		break;
	case REQ_OP_WRITE:
		vbr->out_hdr.type = VIRTIO_BLK_T_OUT;
		break;
	case REQ_OP_FLUSH:
		vbr->out_hdr.type = VIRTIO_BLK_T_FLUSH;
		break;
	}
	vbr->out_hdr.sector = rq->op == REQ_OP_FLUSH ? 0 : rq->sector;

	bufs[n].addr = virt_to_phys(&vbr->out_hdr);
	bufs[n++].len = sizeof(vbr->out_hdr);
	if (rq->op != REQ_OP_FLUSH) {
		bufs[n].addr = virt_to_phys(rq->buffer);
		bufs[n++].len = rq->nr_sectors << SECTOR_SHIFT;
		if (rq->op == REQ_OP_WRITE)
			out++;
		else
			in++;
	}
	bufs[n].addr = virt_to_phys(&vbr->status);
	bufs[n++].len = 1;

	rq->drv_data = vbr;
	ret = virtqueue_add_bufs(vblk->vq, bufs, out, in, vbr);
	if (ret) {
		rq->drv_data = NULL;
		kfree(vbr);
		return ret;
	}
	virtqueue_kick(vblk->vq);
	return 0;
}

static const struct block_device_operations virtblk_ops = {
	.submit = virtblk_submit,
};

static int virtblk_probe(struct virtio_device *vdev)
{
	struct virtio_blk *vblk;
	int ret;

	if (nr_virtio_blks >= VIRTIO_BLK_MAX_DISKS)
		return -ENOSPC;
	if (vdev->intid < 0)
		return -ENXIO;	/* completion is interrupt-driven */
	vblk = kzalloc(sizeof(*vblk), GFP_KERNEL);
	if (!vblk)
		return -ENOMEM;
	vblk->vdev = vdev;
	vdev->priv = vblk;
	vblk->vq = virtio_find_vq(vdev, 0, virtblk_done, "requests");
	if (!vblk->vq) {
		ret = -ENOMEM;
		goto fail;
	}
	vblk->disk.name[0] = 'v';
	vblk->disk.name[1] = 'd';
	vblk->disk.name[2] = (char)('a' + nr_virtio_blks);
	vblk->disk.capacity = virtio_cread64(vdev, VIRTIO_BLK_CFG_CAPACITY);
	vblk->disk.read_only = virtio_has_feature(vdev, VIRTIO_BLK_F_RO);
	vblk->disk.can_flush = virtio_has_feature(vdev, VIRTIO_BLK_F_FLUSH);
	vblk->disk.ops = &virtblk_ops;
	vblk->disk.private = vblk;
	vblk->disk.location = vdev->phys;
	virtio_device_ready(vdev);
	ret = add_disk(&vblk->disk);
	if (ret)
		goto fail;
	nr_virtio_blks++;
	return 0;
fail:
	/* The queue stays with the device, which is marked FAILED. */
	vdev->priv = NULL;
	kfree(vblk);
	return ret;
}

static struct virtio_driver virtio_blk_driver = {
	.name = "virtio_blk",
	.device_id = VIRTIO_ID_BLOCK,
	.features = 1ULL << VIRTIO_BLK_F_RO | 1ULL << VIRTIO_BLK_F_FLUSH,
	.probe = virtblk_probe,
};

static int virtio_blk_init(void)
{
	return register_virtio_driver(&virtio_blk_driver);
}
device_initcall(virtio_blk_init);

/* ---- shell ---- */

#define BLKDUMP_MAX_SECTORS	8

static int cmd_lsblk(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return -EINVAL;
	if (!blkdev_count()) {
		printk("no block devices\n");
		return 0;
	}
	printk("NAME  SECTORS        SIZE  RO  VIRTIO\n");
	for (int i = 0; i < blkdev_count(); i++) {
		struct block_device *bdev = blkdev_get_by_index(i);

		printk("%-4s  %-10llu  %8lluK  %d   %#llx\n", bdev->name,
		       (unsigned long long)bdev->capacity,
		       (unsigned long long)bdev->capacity / 2, bdev->read_only,
		       (unsigned long long)bdev->location);
	}
	return 0;
}
SHELL_CMD(lsblk, "lsblk", "", "list block devices: name, sectors, size, ro, virtio slot", cmd_lsblk);

static struct block_device *blk_arg(const char *name)
{
	struct block_device *bdev = blkdev_get_by_name(name);

	if (!bdev)
		printk("%s: no such block device\n", name);
	return bdev;
}

static int cmd_blkdump(int argc, char **argv)
{
	struct block_device *bdev;
	u64 sector, count = 1;
	u8 *buf;
	int ret;

	if (argc < 3 || argc > 4 || parse_num(argv[2], &sector))
		return -EINVAL;
	if (argc == 4 && (parse_num(argv[3], &count) || !count || count > BLKDUMP_MAX_SECTORS))
		return -EINVAL;
	bdev = blk_arg(argv[1]);
	if (!bdev)
		return 1;
	if (sector >= bdev->capacity || count > bdev->capacity - sector) {
		printk("blkdump: sectors %llu..%llu beyond the end of %s (%llu sectors)\n",
		       (unsigned long long)sector, (unsigned long long)(sector + count - 1),
		       bdev->name, (unsigned long long)bdev->capacity);
		return 1;
	}
	buf = kmalloc(count << SECTOR_SHIFT, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = blkdev_read(bdev, sector, buf, (unsigned int)count);
	if (!ret) {
		u64 off = sector << SECTOR_SHIFT;

		for (u64 i = 0; i < count << SECTOR_SHIFT; i += 16) {
			char line[16 * 3 + 1];
			int pos = 0;

			for (int j = 0; j < 16; j++)
				pos += scnprintf(line + pos, sizeof(line) - pos, " %02x",
						 buf[i + j]);
			printk("%016llx:%s\n", (unsigned long long)(off + i), line);
		}
	}
	kfree(buf);
	return ret;
}
SHELL_CMD(blkdump, "blkdump", "<dev> <sector> [count]",
	  "hex dump of sectors of a block device (byte offsets; at most 8 sectors)", cmd_blkdump);

static int cmd_blkwrite(int argc, char **argv)
{
	struct block_device *bdev;
	u64 sector, byte;
	u8 *buf;
	int ret;

	if (argc != 4 || parse_num(argv[2], &sector) || parse_num(argv[3], &byte) || byte > 0xff)
		return -EINVAL;
	bdev = blk_arg(argv[1]);
	if (!bdev)
		return 1;
	if (sector >= bdev->capacity) {
		printk("blkwrite: sector %llu beyond the end of %s (%llu sectors)\n",
		       (unsigned long long)sector, bdev->name,
		       (unsigned long long)bdev->capacity);
		return 1;
	}
	buf = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memset(buf, (int)byte, SECTOR_SIZE);
	ret = blkdev_write(bdev, sector, buf, 1);
	kfree(buf);
	return ret;
}
SHELL_CMD(blkwrite, "blkwrite", "<dev> <sector> <byte>",
	  "fill one sector of a block device with a byte", cmd_blkwrite);

static int cmd_blkflush(int argc, char **argv)
{
	struct block_device *bdev;

	if (argc != 2)
		return -EINVAL;
	bdev = blk_arg(argv[1]);
	if (!bdev)
		return 1;
	return blkdev_flush(bdev);
}
SHELL_CMD(blkflush, "blkflush", "<dev>", "flush a block device's write cache", cmd_blkflush);

/* ---- ktest ---- */

static struct block_device *ktest_disk(struct ktest *t)
{
	struct block_device *bdev = blkdev_get_by_name("vda");

	if (!bdev)
		ktest_skip(t, "no virtio-blk disk attached");
	return bdev;
}

static void test_virtio_blk_read(struct ktest *t)
{
	struct block_device *bdev = ktest_disk(t);
	struct virtio_blk *vblk;
	u64 before;
	u8 *a, *b;

	if (!bdev)
		return;
	vblk = bdev->private;
	a = kmalloc(4 * SECTOR_SIZE, GFP_KERNEL);
	b = kmalloc(4 * SECTOR_SIZE, GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, a && b);
	before = vblk->nr_requests;
	KTEST_EXPECT_EQ(t, blkdev_read(bdev, 0, a, 4), 0);
	KTEST_EXPECT_EQ(t, vblk->nr_requests, before + 1);
	/* The same data, one sector at a time. */
	for (unsigned int i = 0; i < 4; i++)
		KTEST_EXPECT_EQ(t, blkdev_read(bdev, i, b + i * SECTOR_SIZE, 1), 0);
	KTEST_EXPECT_EQ(t, memcmp(a, b, 4 * SECTOR_SIZE), 0);
	/* Every descriptor came back. */
	KTEST_EXPECT_EQ(t, vblk->vq->num_free, vblk->vq->num);
	KTEST_EXPECT_EQ(t, vblk->vq->nr_added, vblk->vq->nr_completed);
	KTEST_EXPECT_TRUE(t, vblk->vdev->nr_irqs > 0);
	kfree(a);
	kfree(b);
}

static void test_virtio_blk_bounds(struct ktest *t)
{
	struct block_device *bdev = ktest_disk(t);
	u8 buf[SECTOR_SIZE];

	if (!bdev)
		return;
	KTEST_EXPECT_EQ(t, blkdev_read(bdev, 0, buf, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, blkdev_read(bdev, bdev->capacity, buf, 1), -EINVAL);
	KTEST_EXPECT_EQ(t, blkdev_read(bdev, bdev->capacity - 1, buf, 2), -EINVAL);
	KTEST_EXPECT_EQ(t, blkdev_read(bdev, bdev->capacity - 1, buf, 1), 0);
	KTEST_EXPECT_EQ(t, blkdev_read(NULL, 0, buf, 1), -EINVAL);
}

/* Write the last sector and read it back, then put the old contents back. */
static void test_virtio_blk_write(struct ktest *t)
{
	struct block_device *bdev = ktest_disk(t);
	u64 last;
	u8 *old, *buf;

	if (!bdev)
		return;
	if (bdev->read_only) {
		u8 tmp[SECTOR_SIZE] = { 0 };

		KTEST_EXPECT_EQ(t, blkdev_write(bdev, 0, tmp, 1), -EROFS);
		return;
	}
	last = bdev->capacity - 1;
	old = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	buf = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, old && buf);
	KTEST_EXPECT_EQ(t, blkdev_read(bdev, last, old, 1), 0);
	for (unsigned int i = 0; i < SECTOR_SIZE; i++)
		buf[i] = (u8)(i * 7 + 3);
	KTEST_EXPECT_EQ(t, blkdev_write(bdev, last, buf, 1), 0);
	memset(buf, 0, SECTOR_SIZE);
	KTEST_EXPECT_EQ(t, blkdev_read(bdev, last, buf, 1), 0);
	for (unsigned int i = 0; i < SECTOR_SIZE; i++)
		if (buf[i] != (u8)(i * 7 + 3)) {
			KTEST_EXPECT_EQ(t, buf[i], (u8)(i * 7 + 3));
			break;
		}
	KTEST_EXPECT_EQ(t, blkdev_write(bdev, last, old, 1), 0);
	KTEST_EXPECT_EQ(t, blkdev_flush(bdev), 0);
	kfree(old);
	kfree(buf);
}

/* A request larger than one bounce buffer is split, and still right. */
static void test_virtio_blk_large(struct ktest *t)
{
	struct block_device *bdev = ktest_disk(t);
	unsigned int n = 40;
	u8 *a, *b;

	if (!bdev)
		return;
	if (bdev->capacity < n) {
		ktest_skip(t, "disk too small");
		return;
	}
	a = kmalloc(n * SECTOR_SIZE, GFP_KERNEL);
	b = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, a && b);
	KTEST_EXPECT_EQ(t, blkdev_read(bdev, 0, a, n), 0);
	KTEST_EXPECT_EQ(t, blkdev_read(bdev, n - 1, b, 1), 0);
	KTEST_EXPECT_EQ(t, memcmp(a + (n - 1) * SECTOR_SIZE, b, SECTOR_SIZE), 0);
	kfree(a);
	kfree(b);
}

static const struct ktest_case virtio_blk_cases[] = {
	KTEST_CASE(test_virtio_blk_read),
	KTEST_CASE(test_virtio_blk_bounds),
	KTEST_CASE(test_virtio_blk_write),
	KTEST_CASE(test_virtio_blk_large),
	{}
};
KTEST_SUITE(virtio_blk, virtio_blk_cases);
