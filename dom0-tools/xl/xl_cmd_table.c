/* SPDX-License-Identifier: GPL-2.0-only */
/* cmd_table[]: every xl verb, its argument counts, summary and usage; help. */
#include <string.h>

#include "xl.h"

const struct xl_cmd xl_cmd_table[] = {
    { "create", cmd_create, 0, -1,
      "Create a domain from a config file (xl.cfg or XML)",
      "[-c] [-p] [-n [--format=json|cfg|xml]] [-F] [-q] [-v] "
      "[-f <config>] <config> [key=value...]",
      "  -c              attach to the console after creating\n"
      "  -p              leave the domain paused\n"
      "  -n, --dryrun    parse and print the config; create nothing\n"
      "  --format=FMT    what -n prints: json (default), cfg or xml\n"
      "  -F              stay in the foreground until the domain dies\n"
      "  -f <config>     the config file (instead of the first argument)\n"
      "  -q, -v          quieter (no warnings) / more verbose\n"
      "  key=value       override a config key, in xl.cfg syntax\n" },
    { "list", cmd_list, 0, -1,
      "List domains", "[-l] [-v] [domain...]",
      "  -l, --long      JSON (see docs/xl-json.md)\n"
      "  -v, --verbose   also UUID and shutdown reason\n" },
    { "destroy", cmd_destroy, 1, 1,
      "Terminate a domain immediately", "[-f] <domain>",
      "  -f              also destroy domain 0's helpers (force)\n" },
    { "shutdown", cmd_shutdown, 0, 1,
      "Ask a domain to shut down", "[-a] [-w] [-F] <domain> | -a",
      "  -a, --all       every domain except dom0\n"
      "  -w, --wait      wait until each has shut down and, unless its "
      "config\n"
      "                  says preserve, is gone\n"
      "  -F              accepted for Xen compatibility (HVM only there)\n" },
    { "reboot", cmd_reboot, 0, 1,
      "Ask a domain to reboot", "[-a] [-w] [-F] <domain> | -a",
      "  -a, --all       every domain except dom0\n"
      "  -w, --wait      wait until the old instance is gone (then\n"
      "                  on_reboot=restart builds it under a new id)\n"
      "  -F              accepted for Xen compatibility (HVM only there)\n" },
    { "pause", cmd_pause, 1, 1, "Pause a domain", "<domain>", NULL },
    { "unpause", cmd_unpause, 1, 1, "Unpause a paused domain", "<domain>",
      NULL },
    { "console", cmd_console, 1, 1,
      "Attach to a domain's console (Ctrl-] detaches)",
      "[-t pv|serial] [-n <num>] <domain>",
      "  -t TYPE         pv (default) or serial\n"
      "  -n NUM          console number (default 0)\n" },
    { "info", cmd_info, 0, 0, "Show host and hypervisor information", "[-n]",
      "  -n, --numa      also NUMA information\n" },
    { "dmesg", cmd_dmesg, 0, 0, "Show the hypervisor's log", "[-c]",
      "  -c, --clear     clear the log after printing it\n" },
    { "uptime", cmd_uptime, 0, -1, "Show domain uptimes",
      "[-s] [domain...]", "  -s              no header line\n" },
    { "mem-set", cmd_mem_set, 2, 2,
      "Set a domain's memory target (balloon)", "<domain> <memory>",
      "  memory: a number with an optional unit b, k, m (default), g, t\n" },
    { "mem-max", cmd_mem_max, 2, 2,
      "Set a domain's maximum memory", "<domain> <memory>",
      "  memory: a number with an optional unit b, k, m (default), g, t\n" },
    { "vcpu-list", cmd_vcpu_list, 0, -1, "List vCPUs and their pinning",
      "[domain...]", NULL },
    { "vcpu-set", cmd_vcpu_set, 2, 2, "Set the number of online vCPUs",
      "<domain> <count>", NULL },
    { "vcpu-pin", cmd_vcpu_pin, 3, 4, "Pin vCPUs to physical CPUs",
      "[-f] <domain> <vcpu|all> <cpus> [-]",
      "  cpus: \"all\" or ranges like 0-3,^1; soft affinity is not supported "
      "(pass - or nothing)\n"
      "  -f, --force     accepted for Xen compatibility\n" },
    { "sched-credit", cmd_sched_credit, 0, 0,
      "Get or set credit scheduler parameters",
      "[-d <domain> [-w <weight>] [-c <cap>]]",
      "  -d DOMAIN       the domain (default: list every domain)\n"
      "  -w WEIGHT       relative weight, 1 to 65535 (default 256)\n"
      "  -c CAP          cap in percent of one CPU, 0 = no cap\n" },
    { "domid", cmd_domid, 1, 1, "Print the id of a named domain", "<name>",
      NULL },
    { "domname", cmd_domname, 1, 1, "Print the name of a domain id",
      "<domid>", NULL },
    { "rename", cmd_rename, 2, 2, "Rename a domain", "<domain> <new-name>",
      NULL },
    { "sysrq", cmd_sysrq, 2, 2, "Send a sysrq key to a domain",
      "<domain> <key>", NULL },
    { "block-attach", cmd_block_attach, 2, -1,
      "Attach a PV disk to a running domain",
      "<domain> <disk-spec-component(s)>...",
      "  disk spec: as in disk= of the config (docs/xl.md, \"Disks\"), e.g.\n"
      "             'format=raw,vdev=xvdb,access=rw,target=/images/data.img'\n" },
    { "block-detach", cmd_block_detach, 2, 2,
      "Detach a PV disk from a domain", "[-f] <domain> <vdev|devid>",
      "  -f              remove it even if the guest does not let go\n" },
    { "block-list", cmd_block_list, 1, -1, "List a domain's PV disks",
      "<domain>...", NULL },
    { "network-attach", cmd_network_attach, 1, -1,
      "Attach a PV network interface to a running domain",
      "<domain> [<vif-spec-item>]...",
      "  vif spec: as in vif= of the config (docs/xl.md, \"Network\"), e.g.\n"
      "            bridge=xenbr0 mac=00:16:3e:12:34:56 backendtype=netback\n" },
    { "network-detach", cmd_network_detach, 2, 2,
      "Detach a PV network interface from a domain", "<domain> <devid|mac>",
      NULL },
    { "network-list", cmd_network_list, 1, -1,
      "List a domain's PV network interfaces", "<domain>...", NULL },
    { "help", cmd_help, 0, 1, "Show the commands, or one command's usage",
      "[<command>]", NULL },
};

const unsigned int xl_cmd_count =
    sizeof(xl_cmd_table) / sizeof(xl_cmd_table[0]);

void xl_print_usage(FILE *f, const struct xl_cmd *cmd)
{
    fprintf(f, "usage: xl %s %s\n", cmd->name, cmd->usage);
    fprintf(f, "%s.\n", cmd->summary);
    if (cmd->options)
        fprintf(f, "%s", cmd->options);
}

int cmd_help(struct xl_ctx *ctx)
{
    const struct xl_cmd *cmd;
    int opt;

    while ((opt = xl_getopt(ctx, "", NULL)) != -1)
        return 1;
    if (optind < ctx->argc) {
        cmd = xl_find_cmd(ctx->argv[optind]);
        if (!cmd)
            return 1;
        xl_print_usage(xl_out, cmd);
        return 0;
    }
    fprintf(xl_out, "usage: xl [-v] <command> [arguments]\n\ncommands:\n");
    for (unsigned int i = 0; i < xl_cmd_count; i++)
        fprintf(xl_out, "  %-14s %s\n", xl_cmd_table[i].name,
                xl_cmd_table[i].summary);
    fprintf(xl_out, "\nA unique prefix of a command works too (xl li = xl "
            "list). 'xl help <command>' or\n'xl <command> -h' shows its "
            "usage. Exit status: 0 success, 1 failure.\n");
    return 0;
}
