/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * common/kernel.c on the host: the hypervisor command line against a small
 * table of options. A leading "placeholder" (grub's 20_linux_xen writes it
 * for every /boot/xen* image, /boot/xenolite-* included) is no option; the
 * same word later on the line is looked up like any other.
 */
#include "harness.h"
#include <xen/lib.h>
#include <xen/param.h>

static bool opt_flag;
static unsigned int opt_num;
static char opt_str[16];
static int placeholder_seen;

static int parse_placeholder(const char *val)
{
    (void)val;
    placeholder_seen++;
    return 0;
}

/*
 * kernel.c walks __param_start..__param_end, which the hypervisor's linker
 * script places around .init.param; here two symbols frame this table.
 */
const struct kernel_param test_params[] = {
    { "flag", PARAM_BOOL, &opt_flag, sizeof(opt_flag), NULL },
    { "num", PARAM_UINT, &opt_num, sizeof(opt_num), NULL },
    { "str", PARAM_STRING, opt_str, sizeof(opt_str), NULL },
    { "placeholder", PARAM_CUSTOM, NULL, 0, parse_placeholder },
};
_Static_assert(sizeof(struct kernel_param) == 40, "table size below");
__asm__(".globl __param_start\n.set __param_start, test_params\n"
        ".globl __param_end\n.set __param_end, test_params + 4 * 40\n");

static void reset(void)
{
    opt_flag = false;
    opt_num = 0;
    opt_str[0] = '\0';
    placeholder_seen = 0;
}

static void test_options(void)
{
    reset();
    cmdline_parse("flag num=0x10 str=com1 unknown=1");
    CU_ASSERT_TRUE(opt_flag);
    CU_ASSERT_EQUAL(opt_num, 16);
    CU_ASSERT_STRING_EQUAL(opt_str, "com1");
    CU_ASSERT_STRING_EQUAL(saved_cmdline, "flag num=0x10 str=com1 unknown=1");
    cmdline_parse("no-flag");
    CU_ASSERT_FALSE(opt_flag);
}

/* What 20_linux_xen writes: "placeholder ${GRUB_CMDLINE_XEN} ${xen_rm_opts}". */
static void test_leading_placeholder(void)
{
    reset();
    cmdline_parse("placeholder num=3 flag");
    CU_ASSERT_EQUAL(placeholder_seen, 0);
    CU_ASSERT_EQUAL(opt_num, 3);
    CU_ASSERT_TRUE(opt_flag);
    reset();
    cmdline_parse("  placeholder");
    CU_ASSERT_EQUAL(placeholder_seen, 0);
    /* Not first, or with a value: an option like any other. */
    cmdline_parse("num=1 placeholder");
    CU_ASSERT_EQUAL(placeholder_seen, 1);
    CU_ASSERT_EQUAL(opt_num, 1);
    cmdline_parse("placeholder=x");
    CU_ASSERT_EQUAL(placeholder_seen, 2);
}

static CU_TestInfo cases[] = {
    { "options", test_options },
    { "leading-placeholder", test_leading_placeholder },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("cmdline", NULL, NULL, cases);
