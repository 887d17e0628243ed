/* SPDX-License-Identifier: GPL-2.0 */
#include <stdint.h>

/* time64_to_tm's fields: sec, min, hour, mday, mon, wday, yday; and the full year. */
void arbor_time64_to_tm(int64_t t, int f[7], long *year);
