/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor command-line options, registered where they are used. Names
 * follow Xen's (console=, com1=, dom0_mem=, loglvl=, noreboot ...).
 *   boolean_param("noreboot", opt_noreboot);  "name", "name=1|0|on|off|yes|no",
 *                                             and "no-name" for false
 *   integer_param / size_param / string_param / custom_param
 */
#ifndef XEN_PARAM_H
#define XEN_PARAM_H

#include <xen/types.h>

enum param_type { PARAM_BOOL, PARAM_UINT, PARAM_SIZE, PARAM_STRING, PARAM_CUSTOM };

struct kernel_param {
    const char *name;
    enum param_type type;
    void *var;
    size_t len;                         /* PARAM_STRING buffer size */
    int (*fn)(const char *val);         /* PARAM_CUSTOM */
};

#define __param_paste2(a, b) a##b
#define __param_paste(a, b) __param_paste2(a, b)
#define __param(_name, _type, _var, _len, _fn)                           \
    static const struct kernel_param __param_paste(__kparam_, __LINE__)  \
        __attribute__((used, section(".init.param"), aligned(8))) =      \
        { _name, _type, _var, _len, _fn }

#define boolean_param(n, v) __param(n, PARAM_BOOL, &(v), sizeof(v), NULL)
#define integer_param(n, v) __param(n, PARAM_UINT, &(v), sizeof(v), NULL)
#define size_param(n, v)    __param(n, PARAM_SIZE, &(v), sizeof(v), NULL)
#define string_param(n, v)  __param(n, PARAM_STRING, (v), sizeof(v), NULL)
#define custom_param(n, f)  __param(n, PARAM_CUSTOM, NULL, 0, (f))

/* Parse the whole command line; unknown options are reported, not fatal. */
void cmdline_parse(const char *cmdline);
/* The command line as given (for XENVER_commandline). */
extern char saved_cmdline[1024];

#endif /* XEN_PARAM_H */
