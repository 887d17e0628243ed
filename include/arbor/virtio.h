/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_VIRTIO_H
#define ARBOR_VIRTIO_H

/*
 * virtio over MMIO (Virtio 1.2 spec, section 4.2), both the legacy
 * register layout (Version 1, what QEMU 7.2 shows by default) and the
 * modern one (Version 2), with one kind of queue: the split virtqueue.
 *
 * The transport (drivers/virtio/virtio_mmio.c) finds the devices in the
 * device tree at arch_initcall; device drivers (virtio_blk, ...) register
 * with register_virtio_driver() later and are bound to every device of
 * their DeviceID. Arbor runs on one CPU: masking IRQs is the lock.
 */
#include <arbor/list.h>
#include <arbor/types.h>

/*
 * The register window, 0x200 bytes (offsets from the node's "reg"):
 *
 *   0x000 MagicValue        R   0x74726976 ("virt", little-endian)
 *   0x004 Version           R   1 = legacy, 2 = modern
 *   0x008 DeviceID          R   0 = no device behind this slot, 1 net, 2 block, 4 rng
 *   0x00c VendorID          R   0x554d4551 ("QEMU") under QEMU
 *   0x010 DeviceFeatures    R   32 feature bits, the bank DeviceFeaturesSel picks
 *   0x014 DeviceFeaturesSel W   0 = bits 31:0, 1 = bits 63:32
 *   0x020 DriverFeatures    W   the accepted bits of the bank DriverFeaturesSel picks
 *   0x024 DriverFeaturesSel W
 *   0x028 GuestPageSize     W   legacy only: unit of QueuePFN, in bytes
 *   0x030 QueueSel          W   the queue the Queue* registers below talk about
 *   0x034 QueueNumMax       R   largest ring size the device takes (0: no such queue)
 *   0x038 QueueNum          W   ring size the driver chose (a power of two)
 *   0x03c QueueAlign        W   legacy only: alignment of the used ring
 *   0x040 QueuePFN          RW  legacy only: ring page number (0 = queue off)
 *   0x044 QueueReady        RW  modern only: 1 = queue live
 *   0x050 QueueNotify       W   queue index: "new buffers in the available ring"
 *   0x060 InterruptStatus   R   bit 0 used ring updated, bit 1 configuration changed
 *   0x064 InterruptACK      W   write the bits of InterruptStatus handled
 *   0x070 Status            RW  device status (VIRTIO_CONFIG_S_*); write 0 to reset
 *   0x080 QueueDescLow/High W   modern: descriptor table address (64-bit in two halves)
 *   0x090 QueueDriverLow/High W modern: available ring address
 *   0x0a0 QueueDeviceLow/High W modern: used ring address
 *   0x0fc ConfigGeneration  R   modern: changes when the config space changes
 *   0x100 Config            RW  device-specific configuration space
 */
#define VIRTIO_MMIO_MAGIC_VALUE		0x000
#define VIRTIO_MMIO_VERSION		0x004
#define VIRTIO_MMIO_DEVICE_ID		0x008
#define VIRTIO_MMIO_VENDOR_ID		0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL	0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL	0x024
#define VIRTIO_MMIO_GUEST_PAGE_SIZE	0x028
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_ALIGN		0x03c
#define VIRTIO_MMIO_QUEUE_PFN		0x040
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_AVAIL_LOW	0x090
#define VIRTIO_MMIO_QUEUE_AVAIL_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_USED_LOW	0x0a0
#define VIRTIO_MMIO_QUEUE_USED_HIGH	0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100
#define VIRTIO_MMIO_SIZE		0x200

#define VIRTIO_MMIO_MAGIC		0x74726976	/* "virt" */

/* InterruptStatus / InterruptACK bits. */
#define VIRTIO_MMIO_INT_VRING		0x1	/* a used ring moved */
#define VIRTIO_MMIO_INT_CONFIG		0x2	/* the config space changed */

/*
 * Device status (the Status register), set bit by bit during the handshake:
 *   bit 0 ACKNOWLEDGE  the driver saw the device
 *   bit 1 DRIVER       the driver knows how to drive it
 *   bit 2 DRIVER_OK    the driver is ready; queues are live
 *   bit 3 FEATURES_OK  modern: the feature set is final (read back to check)
 *   bit 6 NEEDS_RESET  the device gave up
 *   bit 7 FAILED       the driver gave up
 */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE	0x01
#define VIRTIO_CONFIG_S_DRIVER		0x02
#define VIRTIO_CONFIG_S_DRIVER_OK	0x04
#define VIRTIO_CONFIG_S_FEATURES_OK	0x08
#define VIRTIO_CONFIG_S_NEEDS_RESET	0x40
#define VIRTIO_CONFIG_S_FAILED		0x80

/* Transport feature bits (bits 28..). */
#define VIRTIO_F_VERSION_1		32	/* modern device; must be accepted */

/* DeviceIDs. */
#define VIRTIO_ID_NET			1
#define VIRTIO_ID_BLOCK			2
#define VIRTIO_ID_RNG			4

/*
 * The split virtqueue, in guest memory, little-endian (AArch64 runs LE):
 *
 *   descriptor table  16 bytes x num, 16-aligned
 *     u64 addr   physical address of the buffer
 *     u32 len    its length
 *     u16 flags  bit 0 NEXT (chained on to @next), bit 1 WRITE (device writes it)
 *     u16 next   index of the next descriptor when NEXT
 *   available ring    2-aligned, driver -> device
 *     u16 flags  bit 0 NO_INTERRUPT; u16 idx (free-running); u16 ring[num]
 *     (u16 used_event, with EVENT_IDX only)
 *   used ring         4-aligned (legacy: QueueAlign-aligned), device -> driver
 *     u16 flags; u16 idx (free-running); { u32 id (chain head); u32 len (bytes written) }[num]
 */
#define VRING_DESC_F_NEXT		1
#define VRING_DESC_F_WRITE		2

struct vring_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;
};

struct vring_avail {
	u16 flags;
	u16 idx;
	u16 ring[];
};

struct vring_used_elem {
	u32 id;
	u32 len;
};

struct vring_used {
	u16 flags;
	u16 idx;
	struct vring_used_elem ring[];
};

#define VIRTIO_MMIO_LEGACY_ALIGN	4096	/* QueueAlign and GuestPageSize we use */
#define VIRTQUEUE_MAX_NUM		128	/* ring size cap */

struct virtio_device;
struct virtqueue;

typedef void (*vq_callback_t)(struct virtqueue *vq);

/**
 * struct virtqueue - one split virtqueue
 * @vdev: its device
 * @index: queue number (QueueSel)
 * @num: ring size
 * @callback: run from the interrupt when the used ring moved, IRQs masked
 * @name: for messages
 * @desc: descriptor table (linear-map address)
 * @avail: available ring
 * @used: used ring
 * @pages: the ring's pages, 2^@order of them, physically contiguous
 * @order: allocation order
 * @free_head: first free descriptor (the free ones are chained by @next)
 * @num_free: free descriptors
 * @last_used_idx: the used ring entries up to here have been taken
 * @data: per chain head, the caller's token (NULL: head not in use)
 * @chain_len: per chain head, descriptors in the chain
 * @nr_added: chains ever added (statistics, tests)
 * @nr_completed: chains ever taken back
 */
struct virtqueue {
	struct virtio_device *vdev;
	unsigned int index;
	unsigned int num;
	vq_callback_t callback;
	const char *name;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	struct page *pages;
	unsigned int order;
	unsigned int free_head;
	unsigned int num_free;
	u16 last_used_idx;
	void *data[VIRTQUEUE_MAX_NUM];
	u16 chain_len[VIRTQUEUE_MAX_NUM];
	u64 nr_added;
	u64 nr_completed;
};

/**
 * struct virtio_buf - one piece of a request handed to virtqueue_add_bufs()
 * @addr: physical (DMA) address; QEMU virt is dma-coherent, no cache upkeep
 * @len: bytes
 */
struct virtio_buf {
	phys_addr_t addr;
	u32 len;
};

struct virtio_driver;

/**
 * struct virtio_device - one virtio-mmio slot with a device behind it
 * @index: order of discovery (highest slot first, i.e. QEMU's first -device)
 * @base: the ioremapped register window
 * @phys: its physical address (what lsblk shows)
 * @version: 1 legacy, 2 modern
 * @id: DeviceID (VIRTIO_ID_*)
 * @vendor: VendorID
 * @intid: GIC INTID of its interrupt, or -1
 * @features: the negotiated feature bits
 * @vq: its queues (only queue 0 is used so far)
 * @driver: the bound driver, or NULL
 * @priv: the driver's data
 * @list: on the list of virtio devices
 * @nr_irqs: interrupts taken
 */
struct virtio_device {
	int index;
	void *base;
	phys_addr_t phys;
	u32 version;
	u32 id;
	u32 vendor;
	int intid;
	u64 features;
	struct virtqueue *vq[1];
	const struct virtio_driver *driver;
	void *priv;
	struct list_head list;
	u64 nr_irqs;
};

/**
 * struct virtio_driver - a device driver on the virtio bus
 * @name: for messages
 * @device_id: the DeviceID it drives
 * @features: the feature bits (below 32) it can use; VERSION_1 is added
 *	by the transport for modern devices
 * @probe: bind to @vdev, whose features are negotiated and status is
 *	ACKNOWLEDGE|DRIVER(|FEATURES_OK); set up queues, then call
 *	virtio_device_ready(). Return 0 or -errno (the device is then failed)
 */
struct virtio_driver {
	const char *name;
	u32 device_id;
	u64 features;
	int (*probe)(struct virtio_device *vdev);
	struct list_head list;
};

static inline bool virtio_has_feature(const struct virtio_device *vdev, unsigned int bit)
{
	return bit < 64 && (vdev->features >> bit) & 1;
}

int register_virtio_driver(struct virtio_driver *drv);
struct virtqueue *virtio_find_vq(struct virtio_device *vdev, unsigned int index,
				 vq_callback_t callback, const char *name);
void virtio_device_ready(struct virtio_device *vdev);
void virtio_reset_device(struct virtio_device *vdev);
u8 virtio_get_status(struct virtio_device *vdev);
u8 virtio_cread8(struct virtio_device *vdev, unsigned int offset);
u32 virtio_cread32(struct virtio_device *vdev, unsigned int offset);
u64 virtio_cread64(struct virtio_device *vdev, unsigned int offset);
int virtio_device_count(void);
struct virtio_device *virtio_get_device(int index);

int virtqueue_add_bufs(struct virtqueue *vq, const struct virtio_buf *bufs,
		       unsigned int out, unsigned int in, void *data);
void virtqueue_kick(struct virtqueue *vq);
void *virtqueue_get_buf(struct virtqueue *vq, unsigned int *len);
unsigned int virtqueue_get_vring_size(const struct virtqueue *vq);

#endif
