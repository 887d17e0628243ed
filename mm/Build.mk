obj-y += mm/memblock.o
