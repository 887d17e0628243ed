/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_BLKDEV_H
#define ARBOR_BLKDEV_H

/*
 * Block devices: a disk of 512-byte sectors, read and written through a
 * small request layer. A caller builds a struct request, submit_request()
 * hands it to the driver, and the driver's interrupt completes it (sets
 * @error, runs @end_io). blkdev_read/write/flush wait for that in WFI
 * with IRQs on.
 */
#include <arbor/list.h>
#include <arbor/types.h>

#define SECTOR_SHIFT		9
#define SECTOR_SIZE		(1u << SECTOR_SHIFT)

/* Request operations (Linux's REQ_OP_* names). */
enum req_op {
	REQ_OP_READ,
	REQ_OP_WRITE,
	REQ_OP_FLUSH,
};

struct block_device;
struct request;

/**
 * struct request - one I/O to a block device
 * @bdev: the device
 * @op: REQ_OP_*
 * @sector: first sector
 * @nr_sectors: sectors (0 for a flush)
 * @buffer: data; must be physically contiguous (linear-map memory)
 * @error: 0 or -EIO, set on completion
 * @done: set on completion, before @end_io runs
 * @end_io: completion callback, run from the interrupt, or NULL
 * @private: the submitter's
 * @drv_data: the driver's per-request state
 */
struct request {
	struct block_device *bdev;
	enum req_op op;
	u64 sector;
	unsigned int nr_sectors;
	void *buffer;
	int error;
	volatile bool done;
	void (*end_io)(struct request *rq);
	void *private;
	void *drv_data;
};

/**
 * struct block_device_operations - what a block driver provides
 * @submit: queue @rq (IRQs masked); 0, or -errno when it could not be
 *	queued (then it is not completed either)
 */
struct block_device_operations {
	int (*submit)(struct request *rq);
};

/**
 * struct block_device - a disk
 * @name: "vda", "vdb", ...
 * @capacity: size in 512-byte sectors
 * @read_only: writes fail with -EROFS
 * @can_flush: the device has a write cache to flush
 * @max_sectors: largest request the driver takes
 * @ops: the driver
 * @private: the driver's
 * @location: physical address of the device (for lsblk)
 * @bd_dev: its device number (virtio disks: major 254, minor 16 per disk, as Linux)
 * @list: on the list of block devices
 */
struct block_device {
	char name[8];
	u32 bd_dev;
	u64 capacity;
	bool read_only;
	bool can_flush;
	unsigned int max_sectors;
	const struct block_device_operations *ops;
	void *private;
	phys_addr_t location;
	struct list_head list;
};

int add_disk(struct block_device *bdev);
struct block_device *blkdev_get_by_name(const char *name);
/** blkdev_get_by_dev - the disk with device number @dev, or NULL */
struct block_device *blkdev_get_by_dev(u32 dev);
struct block_device *blkdev_get_by_index(int index);
int blkdev_count(void);
int submit_request(struct request *rq);
void blk_end_request(struct request *rq, int error);
int blkdev_read(struct block_device *bdev, u64 sector, void *buf, unsigned int nr_sectors);
int blkdev_write(struct block_device *bdev, u64 sector, const void *buf,
		 unsigned int nr_sectors);
int blkdev_flush(struct block_device *bdev);

#endif
