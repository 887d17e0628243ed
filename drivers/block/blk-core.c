// SPDX-License-Identifier: GPL-2.0
/*
 * The block layer, such as it is: a list of disks, request submission and
 * completion, and synchronous read/write/flush that bounce the caller's
 * buffer through physically contiguous pages (the caller's may be on a
 * stack or in vmalloc space, which a device cannot be handed).
 */
#define pr_fmt(fmt) "blk: " fmt

#include <arbor/blkdev.h>
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/init.h>
#include <arbor/irqflags.h>
#include <arbor/list.h>
#include <arbor/mm.h>
#include <arbor/printk.h>
#include <arbor/slab.h>
#include <arbor/string.h>
#include <arbor/time.h>

#define BLK_BOUNCE_ORDER	1	/* 8 KiB: 16 sectors per request at most */
#define BLK_BOUNCE_SECTORS	((PAGE_SIZE << BLK_BOUNCE_ORDER) >> SECTOR_SHIFT)
#define BLK_TIMEOUT_NS		(10ULL * 1000 * 1000 * 1000)

static LIST_HEAD(all_bdevs);
static int nr_bdevs;

/**
 * add_disk - make @bdev known (blkdev_get_by_name, lsblk)
 * @bdev: the disk, its name, capacity and ops filled in
 *
 * Return: 0, or -EINVAL when it has no ops or a name that is taken.
 */
int add_disk(struct block_device *bdev)
{
	if (!bdev->ops || !bdev->ops->submit || !bdev->name[0] ||
	    blkdev_get_by_name(bdev->name))
		return -EINVAL;
	if (!bdev->max_sectors)
		bdev->max_sectors = BLK_BOUNCE_SECTORS;
	/* Linux's virtblk major; each disk has 16 minors (partitions, unused here). */
	bdev->bd_dev = MKDEV(VIRTBLK_MAJOR, (unsigned int)nr_bdevs * 16);
	list_add_tail(&bdev->list, &all_bdevs);
	nr_bdevs++;
	pr_info("%s: %llu sectors (%llu KiB)%s\n", bdev->name,
		(unsigned long long)bdev->capacity,
		(unsigned long long)bdev->capacity / 2, bdev->read_only ? ", read-only" : "");
	/* /dev/vda: a node in devtmpfs, as udev would make. */
	(void)devtmpfs_create_node(bdev->name, S_IFBLK | 0660, bdev->bd_dev);
	return 0;
}

/**
 * blkdev_get_by_dev - the disk with the device number @dev, or NULL
 * @dev: MKDEV(major, minor)
 */
struct block_device *blkdev_get_by_dev(u32 dev)
{
	struct block_device *bdev;

	list_for_each_entry(bdev, &all_bdevs, list)
		if (bdev->bd_dev == dev)
			return bdev;
	return NULL;
}

/**
 * blkdev_get_by_name - the disk called @name, or NULL
 * @name: "vda", ...
 */
struct block_device *blkdev_get_by_name(const char *name)
{
	struct block_device *bdev;

	list_for_each_entry(bdev, &all_bdevs, list)
		if (!strcmp(bdev->name, name))
			return bdev;
	return NULL;
}

/**
 * blkdev_get_by_index - the @index'th disk added, or NULL
 * @index: 0..blkdev_count()-1
 */
struct block_device *blkdev_get_by_index(int index)
{
	struct block_device *bdev;

	list_for_each_entry(bdev, &all_bdevs, list)
		if (!index--)
			return bdev;
	return NULL;
}

/** blkdev_count - the number of disks */
int blkdev_count(void)
{
	return nr_bdevs;
}

/**
 * blk_end_request - complete @rq (drivers call it from their interrupt)
 * @rq: the request
 * @error: 0 or -EIO
 */
void blk_end_request(struct request *rq, int error)
{
	rq->error = error;
	rq->done = true;
	if (rq->end_io)
		rq->end_io(rq);
}

/**
 * submit_request - hand @rq to its device's driver
 * @rq: the request: @bdev, @op, @sector, @nr_sectors, @buffer set
 *
 * Checks the request against the device: inside the capacity, not a
 * write to a read-only disk, not larger than the driver takes.
 *
 * Return: 0 (it will be completed), -EINVAL, -EROFS, -EOPNOTSUPP (flush
 * without a cache), or the driver's error.
 */
int submit_request(struct request *rq)
{
	struct block_device *bdev = rq->bdev;
	unsigned long flags;
	int ret;

	if (!bdev)
		return -EINVAL;
	if (rq->op == REQ_OP_FLUSH) {
		if (!bdev->can_flush)
			return -EOPNOTSUPP;
	} else {
		if (rq->op != REQ_OP_READ && rq->op != REQ_OP_WRITE)
			return -EINVAL;
		if (!rq->nr_sectors || rq->nr_sectors > bdev->max_sectors || !rq->buffer ||
		    rq->sector >= bdev->capacity ||
		    rq->nr_sectors > bdev->capacity - rq->sector)
			return -EINVAL;
		if (rq->op == REQ_OP_WRITE && bdev->read_only)
			return -EROFS;
	}
	rq->done = false;
	rq->error = 0;
	flags = local_irq_save();
	ret = bdev->ops->submit(rq);
	local_irq_restore(flags);
	return ret;
}

/*
 * Sleep until @rq completes. WFI with IRQs masked still wakes on a
 * pending interrupt; unmasking then lets it in, so a completion between
 * the check and the WFI is not missed.
 */
static int blk_wait(struct request *rq)
{
	unsigned long flags = local_irq_save();
	u64 start = ktime_get_ns();

	while (!rq->done) {
		if (ktime_get_ns() - start > BLK_TIMEOUT_NS) {
			local_irq_restore(flags);
			pr_err("%s: request timed out\n", rq->bdev->name);
			return -ETIMEDOUT;
		}
		wfi();
		local_irq_enable();
		local_irq_disable();
	}
	local_irq_restore(flags);
	return rq->error;
}

/*
 * One bounce buffer and request kept back for when memory is short (Linux
 * keeps mempools for bios): writeback is how memory gets freed, so it must
 * be able to run when nothing else can be allocated. One CPU and
 * synchronous I/O: a single reserve is enough.
 */
static struct page *reserve_page;
static struct request *reserve_rq;
static bool reserve_busy;

static int blk_reserve_init(void)
{
	reserve_page = alloc_pages(GFP_KERNEL, BLK_BOUNCE_ORDER);
	reserve_rq = kmalloc(sizeof(*reserve_rq), GFP_KERNEL);
	return reserve_page && reserve_rq ? 0 : -ENOMEM;
}
core_initcall(blk_reserve_init);

static int blk_rw(struct block_device *bdev, enum req_op op, u64 sector, void *buf,
		  unsigned int nr_sectors)
{
	struct request *rq;
	struct page *page;
	bool reserved = false;
	void *bounce;
	int ret = 0;

	if (!bdev || !buf || !nr_sectors || sector >= bdev->capacity ||
	    nr_sectors > bdev->capacity - sector)
		return -EINVAL;
	if (op == REQ_OP_WRITE && bdev->read_only)
		return -EROFS;
	page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, BLK_BOUNCE_ORDER);
	/* Not on the stack: a request that timed out may still complete. */
	rq = page ? kmalloc(sizeof(*rq), GFP_KERNEL | __GFP_NOWARN) : NULL;
	if (!rq) {
		if (page)
			__free_pages(page, BLK_BOUNCE_ORDER);
		if (reserve_busy || !reserve_page || !reserve_rq)
			return -ENOMEM;
		reserve_busy = reserved = true;
		page = reserve_page;
		rq = reserve_rq;
	}
	bounce = page_address(page);
	while (nr_sectors) {
		unsigned int n = nr_sectors;

		if (n > BLK_BOUNCE_SECTORS)
			n = BLK_BOUNCE_SECTORS;
		if (n > bdev->max_sectors)
			n = bdev->max_sectors;
		*rq = (struct request){
			.bdev = bdev, .op = op, .sector = sector, .buffer = bounce,
			.nr_sectors = n,
		};
		if (op == REQ_OP_WRITE)
			memcpy(bounce, buf, (size_t)n << SECTOR_SHIFT);
		ret = submit_request(rq);
		if (!ret)
			ret = blk_wait(rq);
		if (ret == -ETIMEDOUT) {
			/* The device may still use them: leak both (the reserve too). */
			if (reserved)
				reserve_page = NULL, reserve_rq = NULL, reserve_busy = false;
			return ret;
		}
		if (ret)
			break;
		if (op == REQ_OP_READ)
			memcpy(buf, bounce, (size_t)n << SECTOR_SHIFT);
		buf = (u8 *)buf + ((size_t)n << SECTOR_SHIFT);
		sector += n;
		nr_sectors -= n;
	}
	if (reserved) {
		reserve_busy = false;
		return ret;
	}
	kfree(rq);
	__free_pages(page, BLK_BOUNCE_ORDER);
	return ret;
}

/**
 * blkdev_read - read sectors, waiting for the device
 * @bdev: the disk
 * @sector: first sector
 * @buf: where to, @nr_sectors * 512 bytes (any kernel memory)
 * @nr_sectors: how many (at least 1)
 *
 * Return: 0, -EINVAL (out of range, no sectors), -ENOMEM, -EIO (the
 * device failed it), -ETIMEDOUT.
 */
int blkdev_read(struct block_device *bdev, u64 sector, void *buf, unsigned int nr_sectors)
{
	return blk_rw(bdev, REQ_OP_READ, sector, buf, nr_sectors);
}

/**
 * blkdev_write - write sectors, waiting for the device
 * @bdev: the disk
 * @sector: first sector
 * @buf: the data, @nr_sectors * 512 bytes
 * @nr_sectors: how many (at least 1)
 *
 * The data may sit in the device's write cache until blkdev_flush().
 *
 * Return: 0, -EINVAL, -EROFS (read-only disk), -ENOMEM, -EIO, -ETIMEDOUT.
 */
int blkdev_write(struct block_device *bdev, u64 sector, const void *buf,
		 unsigned int nr_sectors)
{
	return blk_rw(bdev, REQ_OP_WRITE, sector, (void *)buf, nr_sectors);
}

/**
 * blkdev_flush - make the written data durable (the device's cache flush)
 * @bdev: the disk
 *
 * Return: 0 (also when the disk has no write cache to flush), -EINVAL,
 * -ENOMEM, -EIO, -ETIMEDOUT.
 */
int blkdev_flush(struct block_device *bdev)
{
	struct request *rq;
	int ret;

	if (!bdev)
		return -EINVAL;
	if (!bdev->can_flush)
		return 0;
	rq = kzalloc(sizeof(*rq), GFP_KERNEL);
	if (!rq)
		return -ENOMEM;
	rq->bdev = bdev;
	rq->op = REQ_OP_FLUSH;
	ret = submit_request(rq);
	if (!ret)
		ret = blk_wait(rq);
	if (ret != -ETIMEDOUT)	/* else the device may still complete it */
		kfree(rq);
	return ret;
}
