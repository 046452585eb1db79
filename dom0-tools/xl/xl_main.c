/* SPDX-License-Identifier: GPL-2.0-only */
/* xl: manage Xenolite guests from dom0, with the libhcall backend. */
#include <string.h>

#include <libxml/parser.h>

#include "hb.h"
#include "xl.h"

int main(int argc, char **argv)
{
    int rc;

    if (argc > 1 && !strcmp(argv[1], "--version"))
        return printf("xl (Xenolite) %s\n", XENOLITE_VERSION) < 0;
    LIBXML_TEST_VERSION;
    xl_backend = &xl_backend_hcall;
    rc = xl_main(argc, argv);
    xmlCleanupParser();
    if (fflush(stdout) != 0)
        rc = 1;
    return rc;
}
