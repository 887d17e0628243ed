// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio-mmio transport and the split virtqueue.
 *
 * virtio_mmio_init() walks the device tree for enabled "virtio,mmio"
 * nodes, maps each register window and keeps the slots that have a device
 * behind them (DeviceID != 0). QEMU's virt board fills its 32 slots from
 * the top down (the first -device gets the highest address), so the
 * devices are numbered highest address first: index 0 is the first
 * -device on QEMU's command line.
 *
 * Binding a driver runs the status handshake: reset, ACKNOWLEDGE, DRIVER,
 * feature negotiation (modern devices: FEATURES_OK, read back), the
 * driver's probe (which sets up its queues) and DRIVER_OK.
 */
#define pr_fmt(fmt) "virtio_mmio: " fmt

#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/init.h>
#include <arbor/irq.h>
#include <arbor/irqflags.h>
#include <arbor/list.h>
#include <arbor/mm.h>
#include <arbor/printk.h>
#include <arbor/setup.h>
#include <arbor/slab.h>
#include <arbor/string.h>
#include <arbor/virtio.h>
#include <asm/io.h>
#include <asm/mmu.h>

#define VIRTIO_MMIO_MAX_DEVICES	32

static struct virtio_device *virtio_devices[VIRTIO_MMIO_MAX_DEVICES];
static int nr_virtio_devices;
static LIST_HEAD(virtio_drivers);

static inline u32 vm_read(struct virtio_device *vdev, unsigned int off)
{
	return readl((u8 *)vdev->base + off);
}

static inline void vm_write(struct virtio_device *vdev, unsigned int off, u32 v)
{
	writel(v, (u8 *)vdev->base + off);
}

/**
 * virtio_get_status - the device's Status register
 * @vdev: the device
 */
u8 virtio_get_status(struct virtio_device *vdev)
{
	return (u8)vm_read(vdev, VIRTIO_MMIO_STATUS);
}

static void virtio_add_status(struct virtio_device *vdev, u8 bits)
{
	vm_write(vdev, VIRTIO_MMIO_STATUS, virtio_get_status(vdev) | bits);
}

/**
 * virtio_reset_device - write 0 to Status: the device forgets its queues
 * and features (legacy devices also drop QueuePFN)
 * @vdev: the device
 */
void virtio_reset_device(struct virtio_device *vdev)
{
	vm_write(vdev, VIRTIO_MMIO_STATUS, 0);
	/* Modern devices may take a while: reset is over when 0 reads back. */
	for (int i = 0; i < 1000000 && virtio_get_status(vdev); i++)
		;
}

/**
 * virtio_device_ready - set DRIVER_OK: the queues are live from now on
 * @vdev: the device, its queues set up
 */
void virtio_device_ready(struct virtio_device *vdev)
{
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER_OK);
}

/**
 * virtio_cread8 - one byte of the device-specific config space
 * @vdev: the device
 * @offset: byte offset into the config space
 */
u8 virtio_cread8(struct virtio_device *vdev, unsigned int offset)
{
	return *(volatile u8 *)((u8 *)vdev->base + VIRTIO_MMIO_CONFIG + offset);
}

/**
 * virtio_cread32 - a 32-bit field of the config space (4-aligned @offset)
 * @vdev: the device
 * @offset: byte offset into the config space
 */
u32 virtio_cread32(struct virtio_device *vdev, unsigned int offset)
{
	return readl((u8 *)vdev->base + VIRTIO_MMIO_CONFIG + offset);
}

/**
 * virtio_cread64 - a 64-bit field of the config space, as two 32-bit
 * reads (what both register layouts accept), retried while a modern
 * device's ConfigGeneration says it changed in between
 * @vdev: the device
 * @offset: byte offset into the config space (4-aligned)
 */
u64 virtio_cread64(struct virtio_device *vdev, unsigned int offset)
{
	u32 gen, lo, hi;

	do {
		gen = vdev->version >= 2 ? vm_read(vdev, VIRTIO_MMIO_CONFIG_GENERATION) : 0;
		lo = virtio_cread32(vdev, offset);
		hi = virtio_cread32(vdev, offset + 4);
	} while (vdev->version >= 2 && gen != vm_read(vdev, VIRTIO_MMIO_CONFIG_GENERATION));
	return (u64)hi << 32 | lo;
}

/**
 * virtio_device_count - number of virtio-mmio slots with a device
 */
int virtio_device_count(void)
{
	return nr_virtio_devices;
}

/**
 * virtio_get_device - the @index'th device (highest slot first), or NULL
 * @index: 0..virtio_device_count()-1
 */
struct virtio_device *virtio_get_device(int index)
{
	if (index < 0 || index >= nr_virtio_devices)
		return NULL;
	return virtio_devices[index];
}

/* Bytes a legacy ring of @num entries takes: used ring at the next 4 KiB. */
static size_t vring_size(unsigned int num)
{
	size_t sz = sizeof(struct vring_desc) * num + sizeof(u16) * (3 + num);

	sz = (sz + VIRTIO_MMIO_LEGACY_ALIGN - 1) & ~(size_t)(VIRTIO_MMIO_LEGACY_ALIGN - 1);
	return sz + sizeof(u16) * 3 + sizeof(struct vring_used_elem) * num;
}

/**
 * vring_interrupt - take what the device finished on @vq
 * @vq: the queue
 *
 * Runs @vq's callback, which takes the used entries with
 * virtqueue_get_buf().
 */
static void vring_interrupt(struct virtqueue *vq)
{
	if (vq->callback)
		vq->callback(vq);
}

static void vm_interrupt(unsigned int intid, void *dev)
{
	struct virtio_device *vdev = dev;
	u32 status;

	(void)intid;
	status = vm_read(vdev, VIRTIO_MMIO_INTERRUPT_STATUS);
	/* InterruptACK first: a completion after it raises a new edge. */
	vm_write(vdev, VIRTIO_MMIO_INTERRUPT_ACK, status);
	vdev->nr_irqs++;
	if (status & VIRTIO_MMIO_INT_VRING) {
		for (unsigned int i = 0; i < ARRAY_SIZE(vdev->vq); i++)
			if (vdev->vq[i])
				vring_interrupt(vdev->vq[i]);
	}
}

/**
 * virtio_find_vq - set up queue @index of @vdev as a split virtqueue
 * @vdev: the device, in the probe of its driver
 * @index: the queue number
 * @callback: run from the interrupt when the device used buffers
 * @name: for messages
 *
 * The rings live in zeroed, physically contiguous pages; the device is
 * told their physical addresses (QueuePFN for legacy devices,
 * QueueDesc/Driver/Device and QueueReady for modern ones).
 *
 * Return: the queue, or NULL (no such queue, in use already, no memory).
 */
struct virtqueue *virtio_find_vq(struct virtio_device *vdev, unsigned int index,
				 vq_callback_t callback, const char *name)
{
	struct virtqueue *vq;
	unsigned int num, order = 0;
	phys_addr_t pa;
	u8 *ring;

	if (index >= ARRAY_SIZE(vdev->vq) || vdev->vq[index])
		return NULL;
	vm_write(vdev, VIRTIO_MMIO_QUEUE_SEL, index);
	if (vm_read(vdev, vdev->version == 1 ? VIRTIO_MMIO_QUEUE_PFN :
		    VIRTIO_MMIO_QUEUE_READY))
		return NULL;
	num = vm_read(vdev, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (!num)
		return NULL;
	if (num > VIRTQUEUE_MAX_NUM)
		num = VIRTQUEUE_MAX_NUM;
	while (num & (num - 1))		/* a power of two, as the split ring wants */
		num &= num - 1;

	vq = kzalloc(sizeof(*vq), GFP_KERNEL);
	if (!vq)
		return NULL;
	while ((PAGE_SIZE << order) < vring_size(num))
		order++;
	vq->pages = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
	if (!vq->pages) {
		kfree(vq);
		return NULL;
	}
	ring = page_address(vq->pages);
	vq->order = order;
	vq->vdev = vdev;
	vq->index = index;
	vq->num = num;
	vq->callback = callback;
	vq->name = name;
	vq->desc = (struct vring_desc *)ring;
	vq->avail = (struct vring_avail *)(ring + sizeof(struct vring_desc) * num);
	vq->used = (struct vring_used *)(ring + (vring_size(num) - sizeof(u16) * 3 -
						 sizeof(struct vring_used_elem) * num));
	/* The free descriptors are chained through @next. */
	for (unsigned int i = 0; i < num - 1; i++)
		vq->desc[i].next = (u16)(i + 1);
	vq->free_head = 0;
	vq->num_free = num;

	pa = virt_to_phys(ring);
	vm_write(vdev, VIRTIO_MMIO_QUEUE_NUM, num);
	if (vdev->version == 1) {
		vm_write(vdev, VIRTIO_MMIO_QUEUE_ALIGN, VIRTIO_MMIO_LEGACY_ALIGN);
		vm_write(vdev, VIRTIO_MMIO_QUEUE_PFN, (u32)(pa / VIRTIO_MMIO_LEGACY_ALIGN));
	} else {
		u64 d = pa, a = virt_to_phys(vq->avail), u = virt_to_phys(vq->used);

		vm_write(vdev, VIRTIO_MMIO_QUEUE_DESC_LOW, (u32)d);
		vm_write(vdev, VIRTIO_MMIO_QUEUE_DESC_HIGH, (u32)(d >> 32));
		vm_write(vdev, VIRTIO_MMIO_QUEUE_AVAIL_LOW, (u32)a);
		vm_write(vdev, VIRTIO_MMIO_QUEUE_AVAIL_HIGH, (u32)(a >> 32));
		vm_write(vdev, VIRTIO_MMIO_QUEUE_USED_LOW, (u32)u);
		vm_write(vdev, VIRTIO_MMIO_QUEUE_USED_HIGH, (u32)(u >> 32));
		vm_write(vdev, VIRTIO_MMIO_QUEUE_READY, 1);
	}
	vdev->vq[index] = vq;
	return vq;
}

/**
 * virtqueue_get_vring_size - the ring size of @vq
 * @vq: the queue
 */
unsigned int virtqueue_get_vring_size(const struct virtqueue *vq)
{
	return vq->num;
}

/**
 * virtqueue_add_bufs - put one request on the available ring
 * @vq: the queue
 * @bufs: @out buffers the device reads, then @in buffers it writes
 * @out: device-readable buffers
 * @in: device-writable buffers
 * @data: token virtqueue_get_buf() gives back (not NULL)
 *
 * Call with IRQs masked (the interrupt takes descriptors back); then
 * virtqueue_kick().
 *
 * Return: 0, -EINVAL for no buffers or no @data, -ENOSPC when the ring has
 * too few free descriptors.
 */
int virtqueue_add_bufs(struct virtqueue *vq, const struct virtio_buf *bufs,
		       unsigned int out, unsigned int in, void *data)
{
	unsigned int total = out + in, head, i;
	u16 avail_idx;

	if (!total || !data)
		return -EINVAL;
	if (total > vq->num_free)
		return -ENOSPC;
	head = vq->free_head;
	i = head;
	for (unsigned int n = 0; n < total; n++) {
		struct vring_desc *d = &vq->desc[i];

		d->addr = bufs[n].addr;
		d->len = bufs[n].len;
		d->flags = (n >= out ? VRING_DESC_F_WRITE : 0) |
			   (n + 1 < total ? VRING_DESC_F_NEXT : 0);
		i = d->next;
	}
	vq->free_head = i;
	vq->num_free -= total;
	vq->data[head] = data;
	vq->chain_len[head] = (u16)total;

	avail_idx = vq->avail->idx;
	vq->avail->ring[avail_idx & (vq->num - 1)] = (u16)head;
	/* The descriptors and the ring entry before the index moves. */
	dmb(ishst);
	vq->avail->idx = (u16)(avail_idx + 1);
	vq->nr_added++;
	return 0;
}

/**
 * virtqueue_kick - tell the device there are new available buffers
 * @vq: the queue
 */
void virtqueue_kick(struct virtqueue *vq)
{
	/* writel's barrier orders the avail->idx store before the notify. */
	dsb(ishst);
	vm_write(vq->vdev, VIRTIO_MMIO_QUEUE_NOTIFY, vq->index);
}

/**
 * virtqueue_get_buf - take the next request the device finished
 * @vq: the queue
 * @len: where to store the bytes the device wrote, or NULL
 *
 * Call with IRQs masked (or from the queue's callback). The request's
 * descriptors go back on the free chain.
 *
 * Return: the @data given to virtqueue_add_bufs(), or NULL when the used
 * ring has nothing new.
 */
void *virtqueue_get_buf(struct virtqueue *vq, unsigned int *len)
{
	struct vring_used_elem *e;
	unsigned int head, i;
	void *data;

	if (vq->last_used_idx == *(volatile u16 *)&vq->used->idx)
		return NULL;
	/* Read the entry only after seeing the index that covers it. */
	dmb(ishld);
	e = &vq->used->ring[vq->last_used_idx & (vq->num - 1)];
	head = e->id;
	if (head >= vq->num || !vq->data[head]) {
		pr_err("%s: device used bad descriptor %u\n", vq->name, head);
		vq->last_used_idx++;
		return NULL;
	}
	if (len)
		*len = e->len;
	data = vq->data[head];
	vq->data[head] = NULL;
	/* Put the chain back at the front of the free chain. */
	i = head;
	for (unsigned int n = 1; n < vq->chain_len[head]; n++)
		i = vq->desc[i].next;
	vq->desc[i].next = (u16)vq->free_head;
	vq->free_head = head;
	vq->num_free += vq->chain_len[head];
	vq->last_used_idx++;
	vq->nr_completed++;
	return data;
}

/* Negotiate features and run @drv's probe; the device is failed on error. */
static int virtio_dev_probe(struct virtio_device *vdev, const struct virtio_driver *drv)
{
	u64 device_features, wanted;
	int ret;

	virtio_reset_device(vdev);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER);

	vm_write(vdev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	device_features = (u64)vm_read(vdev, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	vm_write(vdev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	device_features |= vm_read(vdev, VIRTIO_MMIO_DEVICE_FEATURES);

	wanted = drv->features & 0xffffffffULL;
	if (vdev->version >= 2) {
		if (!(device_features & (1ULL << VIRTIO_F_VERSION_1))) {
			pr_err("%#llx: modern transport without VERSION_1\n",
			       (unsigned long long)vdev->phys);
			ret = -ENODEV;
			goto fail;
		}
		wanted |= 1ULL << VIRTIO_F_VERSION_1;
	}
	vdev->features = device_features & wanted;

	vm_write(vdev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vm_write(vdev, VIRTIO_MMIO_DRIVER_FEATURES, (u32)(vdev->features >> 32));
	vm_write(vdev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vm_write(vdev, VIRTIO_MMIO_DRIVER_FEATURES, (u32)vdev->features);

	if (vdev->version == 1) {
		vm_write(vdev, VIRTIO_MMIO_GUEST_PAGE_SIZE, VIRTIO_MMIO_LEGACY_ALIGN);
	} else {
		virtio_add_status(vdev, VIRTIO_CONFIG_S_FEATURES_OK);
		if (!(virtio_get_status(vdev) & VIRTIO_CONFIG_S_FEATURES_OK)) {
			pr_err("%#llx: device refused features %#llx\n",
			       (unsigned long long)vdev->phys,
			       (unsigned long long)vdev->features);
			ret = -ENODEV;
			goto fail;
		}
	}

	vdev->driver = drv;
	ret = drv->probe(vdev);
	if (ret) {
		vdev->driver = NULL;
		goto fail;
	}
	return 0;
fail:
	virtio_add_status(vdev, VIRTIO_CONFIG_S_FAILED);
	return ret;
}

/**
 * register_virtio_driver - add a driver and bind it to every unbound
 * device of its DeviceID (in device index order)
 * @drv: the driver, static
 *
 * Return: 0, or -EINVAL for a driver without probe or DeviceID.
 */
int register_virtio_driver(struct virtio_driver *drv)
{
	if (!drv->probe || !drv->device_id)
		return -EINVAL;
	list_add_tail(&drv->list, &virtio_drivers);
	for (int i = 0; i < nr_virtio_devices; i++) {
		struct virtio_device *vdev = virtio_devices[i];

		if (vdev->id == drv->device_id && !vdev->driver) {
			int ret = virtio_dev_probe(vdev, drv);

			if (ret)
				pr_err("%#llx: %s probe failed (%d)\n",
				       (unsigned long long)vdev->phys, drv->name, ret);
		}
	}
	return 0;
}

/* Map one node's window; keep it when a device sits behind it. */
static void virtio_mmio_probe(const struct fdt *fdt, int node)
{
	struct virtio_device *vdev;
	unsigned int trigger;
	u64 pa, size;
	void *base;
	u32 magic, version, id;
	int intid, ret;

	if (fdt_get_reg(fdt, node, 0, &pa, &size) || size < VIRTIO_MMIO_SIZE)
		return;
	base = ioremap(pa, VIRTIO_MMIO_SIZE);
	if (!base) {
		pr_err("%#llx: cannot map\n", (unsigned long long)pa);
		return;
	}
	magic = readl((u8 *)base + VIRTIO_MMIO_MAGIC_VALUE);
	version = readl((u8 *)base + VIRTIO_MMIO_VERSION);
	id = readl((u8 *)base + VIRTIO_MMIO_DEVICE_ID);
	if (magic != VIRTIO_MMIO_MAGIC) {
		pr_warn("%#llx: bad magic %#x\n", (unsigned long long)pa, magic);
		goto unmap;
	}
	if (version < 1 || version > 2) {
		pr_warn("%#llx: unknown version %u\n", (unsigned long long)pa, version);
		goto unmap;
	}
	if (!id)			/* an empty slot */
		goto unmap;
	if (nr_virtio_devices == VIRTIO_MMIO_MAX_DEVICES)
		goto unmap;

	vdev = kzalloc(sizeof(*vdev), GFP_KERNEL);
	if (!vdev)
		goto unmap;
	vdev->base = base;
	vdev->phys = pa;
	vdev->version = version;
	vdev->id = id;
	vdev->vendor = readl((u8 *)base + VIRTIO_MMIO_VENDOR_ID);
	vdev->intid = -1;
	INIT_LIST_HEAD(&vdev->list);
	virtio_reset_device(vdev);

	intid = irq_of_get(fdt, node, 0, &trigger);
	if (intid >= 0) {
		ret = request_irq((unsigned int)intid, vm_interrupt, "virtio_mmio", vdev);
		if (ret)
			pr_warn("%#llx: cannot request INTID %d (%d)\n",
				(unsigned long long)pa, intid, ret);
		else
			vdev->intid = intid;
	} else {
		pr_warn("%#llx: no interrupt in the DT (%d)\n", (unsigned long long)pa, intid);
	}
	virtio_devices[nr_virtio_devices++] = vdev;
	return;
unmap:
	iounmap(base);
}

static int virtio_mmio_init(void)
{
	const struct fdt *fdt = &boot_fdt;
	int node = -1;

	while ((node = fdt_node_offset_by_compatible(fdt, node, "virtio,mmio")) >= 0)
		if (fdt_node_is_enabled(fdt, node))
			virtio_mmio_probe(fdt, node);

	/* Highest address first: QEMU's first -device becomes index 0. */
	for (int i = 1; i < nr_virtio_devices; i++)
		for (int j = i; j > 0 && virtio_devices[j - 1]->phys < virtio_devices[j]->phys; j--) {
			struct virtio_device *t = virtio_devices[j];

			virtio_devices[j] = virtio_devices[j - 1];
			virtio_devices[j - 1] = t;
		}
	for (int i = 0; i < nr_virtio_devices; i++) {
		struct virtio_device *vdev = virtio_devices[i];

		vdev->index = i;
		pr_info("%#llx: device %u vendor %#x version %u INTID %d\n",
			(unsigned long long)vdev->phys, vdev->id, vdev->vendor,
			vdev->version, vdev->intid);
	}
	return 0;
}
arch_initcall(virtio_mmio_init);
