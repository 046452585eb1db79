/* SPDX-License-Identifier: GPL-2.0-only */
/* System time: nanoseconds since boot, from the TSC. */
#ifndef XEN_TIME_H
#define XEN_TIME_H

#include <xen/types.h>

#define MILLISECS(ms) ((s_time_t)(ms) * 1000000LL)
#define SECONDS(s)    ((s_time_t)(s) * 1000000000LL)

s_time_t get_s_time(void);
#define NOW() get_s_time()
void early_time_init(void);

#endif /* XEN_TIME_H */
