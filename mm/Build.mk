obj-y += mm/memblock.o mm/mm_init.o
