/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The backend of a build without the hypercall layer: no op is available,
 * so every verb that needs the hypervisor says so and exits 1.
 */
#include "xl_backend.h"

const struct xl_backend xl_backend_none = {
    .name = "none",
};

const struct xl_backend *xl_backend = &xl_backend_none;
char xl_backend_msg[512];
