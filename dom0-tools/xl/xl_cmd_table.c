/* SPDX-License-Identifier: GPL-2.0-only */
/* cmd_table[]: every xl verb, its argument counts, summary and usage; help. */
#include <string.h>

#include "xl.h"

const struct xl_cmd xl_cmd_table[] = {
    { "create", cmd_create, 0, -1,
      "Create a domain from a config file (xl.cfg or XML)",
      "[-c] [-p] [-e | -F] [-n [--format=json|cfg|xml]] [-q] [-v] [-d] "
      "[-f <config>] <config> [key=value...]",
      "  -c              attach to the console after creating\n"
      "  -p              leave the domain paused\n"
      "  -e              start no monitor: on_poweroff/on_reboot/on_crash are "
      "not\n"
      "                  carried out (the domain stays when it stops)\n"
      "  -F              stay in the foreground as the domain's monitor "
      "until it is\n"
      "                  gone (not with -c)\n"
      "  -n, --dryrun    parse and print the config; create nothing (= xl -N "
      "create)\n"
      "  --format=FMT    what -n prints: json (default), cfg or xml\n"
      "  -f <config>     the config file (instead of the first argument)\n"
      "  -q              quieter (no warnings)\n"
      "  -v, -d          more verbose (timings of each build step)\n"
      "  key=value       override a config key, in xl.cfg syntax\n",
      XL_DRY_HANDLER },
    { "list", cmd_list, 0, -1,
      "List domains", "[-l] [-v] [domain...]",
      "  -l, --long      JSON (see docs/xl-json.md)\n"
      "  -v, --verbose   also UUID and shutdown reason\n",
      XL_DRY_READONLY },
    { "save", cmd_save, 2, 3,
      "Save a domain's state to a file (and destroy it)",
      "[-c | -p] <domain> <file>",
      "  -c              leave the domain running after the save\n"
      "  -p              leave the domain paused after the save\n",
      XL_DRY_REFUSE },
    { "restore", cmd_restore, 1, 2,
      "Create a domain from a file written by xl save",
      "[-p] [-e] [-d] [<config>] <file>",
      "  -p              leave the restored domain paused\n"
      "  -e              start no monitor (on_poweroff etc. not carried "
      "out)\n"
      "  -d              more verbose\n"
      "  <config>        use this config instead of the one in the file\n",
      XL_DRY_REFUSE },
    { "migrate", cmd_migrate, 2, 2,
      "Move a running domain to another host (live)",
      "[options] <domain> <host>",
      "  -s SSHCOMMAND   run 'SSHCOMMAND HOST xl migrate-receive' (default "
      "ssh)\n"
      "  -p              leave the domain paused on the target\n"
      "  -e              accepted (Xen: no monitor wait)\n"
      "  --max-iters N   at most N pre-copy rounds after the first "
      "(default 5)\n"
      "  --downtime MS   suspend once the rest would take MS ms "
      "(default 300)\n"
      "  --min-dirty N   suspend at N dirty pages or fewer (default 50)\n",
      XL_DRY_REFUSE },
    { "migrate-receive", cmd_migrate_receive, 0, 0,
      "The target end of xl migrate (stream on stdin, replies on stdout)",
      "[-p] [-e] [-d]",
      "  -p              leave the domain paused\n"
      "  -e              start no monitor\n"
      "  -d              more verbose\n",
      XL_DRY_REFUSE },
    { "destroy", cmd_destroy, 1, 1,
      "Terminate a domain immediately", "[-f] <domain>",
      "  -f              also destroy domain 0's helpers (force)\n",
      XL_DRY_REFUSE },
    { "shutdown", cmd_shutdown, 0, 1,
      "Ask a domain to shut down", "[-a] [-w] [-F] <domain> | -a",
      "  -a, --all       every domain except dom0\n"
      "  -w, --wait      wait until each has shut down and, unless its "
      "config\n"
      "                  says preserve, is gone\n"
      "  -F              accepted for Xen compatibility (HVM only there)\n",
      XL_DRY_REFUSE },
    { "reboot", cmd_reboot, 0, 1,
      "Ask a domain to reboot", "[-a] [-w] [-F] <domain> | -a",
      "  -a, --all       every domain except dom0\n"
      "  -w, --wait      wait until the old instance is gone (then\n"
      "                  on_reboot=restart builds it under a new id)\n"
      "  -F              accepted for Xen compatibility (HVM only there)\n",
      XL_DRY_REFUSE },
    { "pause", cmd_pause, 1, 1, "Pause a domain", "<domain>", NULL,
      XL_DRY_REFUSE },
    { "unpause", cmd_unpause, 1, 1, "Unpause a paused domain", "<domain>",
      NULL, XL_DRY_REFUSE },
    { "console", cmd_console, 1, 1,
      "Attach to a domain's console (Ctrl-] detaches)",
      "[-t pv|serial] [-n <num>] <domain>",
      "  -t TYPE         pv (default) or serial\n"
      "  -n NUM          console number (default 0)\n", XL_DRY_REFUSE },
    { "info", cmd_info, 0, 0, "Show host and hypervisor information", "[-n]",
      "  -n, --numa      CPU/NUMA topology: not implemented by Xenolite\n",
      XL_DRY_READONLY },
    { "dmesg", cmd_dmesg, 0, 0, "Show the hypervisor's log", "[-c]",
      "  -c, --clear     clear the log after printing it\n", XL_DRY_REFUSE },
    { "uptime", cmd_uptime, 0, -1, "Show domain uptimes",
      "[-s] [domain...]", "  -s              no header line\n",
      XL_DRY_READONLY },
    { "mem-set", cmd_mem_set, 2, 2,
      "Set a domain's memory target (balloon)", "<domain> <memory>",
      "  memory: a number with an optional unit b, k, m (default), g, t\n",
      XL_DRY_REFUSE },
    { "mem-max", cmd_mem_max, 2, 2,
      "Set a domain's maximum memory", "<domain> <memory>",
      "  memory: a number with an optional unit b, k, m (default), g, t\n",
      XL_DRY_REFUSE },
    { "vcpu-list", cmd_vcpu_list, 0, -1, "List vCPUs and their pinning",
      "[domain...]", NULL,
      XL_DRY_READONLY },
    { "vcpu-set", cmd_vcpu_set, 2, 2, "Set the number of online vCPUs",
      "<domain> <count>", NULL, XL_DRY_REFUSE },
    { "vcpu-pin", cmd_vcpu_pin, 3, 4, "Pin vCPUs to physical CPUs",
      "[-f] <domain> <vcpu|all> <cpus> [-]",
      "  cpus: \"all\" or ranges like 0-3,^1; soft affinity is not supported "
      "(pass - or nothing)\n"
      "  -f, --force     accepted for Xen compatibility\n", XL_DRY_REFUSE },
    { "sched-credit", cmd_sched_credit, 0, 0,
      "Get or set credit scheduler parameters",
      "[-d <domain> [-w <weight>] [-c <cap>]]",
      "  -d DOMAIN       the domain (default: list every domain)\n"
      "  -w WEIGHT       relative weight, 1 to 65535 (default 256)\n"
      "  -c CAP          cap in percent of one CPU, 0 = no cap\n",
      XL_DRY_REFUSE },
    { "domid", cmd_domid, 1, 1, "Print the id of a named domain", "<name>",
      NULL,
      XL_DRY_READONLY },
    { "domname", cmd_domname, 1, 1, "Print the name of a domain id",
      "<domid>", NULL,
      XL_DRY_READONLY },
    { "rename", cmd_rename, 2, 2, "Rename a domain", "<domain> <new-name>",
      NULL, XL_DRY_REFUSE },
    { "sysrq", cmd_sysrq, 2, 2, "Send a sysrq key to a domain",
      "<domain> <key>", NULL, XL_DRY_REFUSE },
    { "block-attach", cmd_block_attach, 2, -1,
      "Attach a PV disk to a running domain",
      "<domain> <disk-spec-component(s)>...",
      "  disk spec: as in disk= of the config (docs/xl.md, \"Disks\"), e.g.\n"
      "             'format=raw,vdev=xvdb,access=rw,target=/images/data.img'\n",
      XL_DRY_REFUSE },
    { "block-detach", cmd_block_detach, 2, 2,
      "Detach a PV disk from a domain", "[-f] <domain> <vdev|devid>",
      "  -f              remove it even if the guest does not let go\n",
      XL_DRY_REFUSE },
    { "block-list", cmd_block_list, 1, -1, "List a domain's PV disks",
      "<domain>...", NULL,
      XL_DRY_READONLY },
    { "network-attach", cmd_network_attach, 1, -1,
      "Attach a PV network interface to a running domain",
      "<domain> [<vif-spec-item>]...",
      "  vif spec: as in vif= of the config (docs/xl.md, \"Network\"), e.g.\n"
      "            bridge=xenbr0 mac=00:16:3e:12:34:56 backendtype=netback\n",
      XL_DRY_REFUSE },
    { "network-detach", cmd_network_detach, 2, 2,
      "Detach a PV network interface from a domain", "<domain> <devid|mac>",
      NULL, XL_DRY_REFUSE },
    { "network-list", cmd_network_list, 1, -1,
      "List a domain's PV network interfaces", "<domain>...", NULL,
      XL_DRY_READONLY },
    { "top", cmd_top, 0, 0,
      "Show the domains' CPU and memory use, refreshed (like xentop)",
      "[-b] [-i <iterations>] [-d <delay>]",
      "  -b, --batch     print frame after frame (no screen clearing)\n"
      "  -i N            stop after N frames (default: until q + Enter or "
      "Ctrl-C)\n"
      "  -d S            seconds between frames (default 3; 0.5 works)\n",
      XL_DRY_READONLY },
    { "help", cmd_help, 0, 1, "Show the commands, or one command's usage",
      "[<command>]", NULL,
      XL_DRY_READONLY },
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
        const struct xl_xen_verb *xen = xl_find_xen_verb(ctx->argv[optind]);

        if (xen)
            return xl_not_implemented(xen);     /* status 2, as the verb */
        cmd = xl_find_cmd(ctx->argv[optind]);
        if (!cmd)
            return 1;
        xl_print_usage(xl_out, cmd);
        return 0;
    }
    fprintf(xl_out, "usage: xl [-v] [-N] [-f] [-t] [-T] <command> "
            "[arguments]\n\n"
            "  -v  more verbose          -N  dry run (commands that change "
            "nothing, and create)\n"
            "  -f  force (accepted)      -t  progress by carriage return\n"
            "  -T  timestamp and pid on messages\n\ncommands:\n");
    for (unsigned int i = 0; i < xl_cmd_count; i++)
        fprintf(xl_out, "  %-14s %s\n", xl_cmd_table[i].name,
                xl_cmd_table[i].summary);
    fprintf(xl_out, "\nXen 4.17 commands not implemented by Xenolite (exit "
            "status 2):\n ");
    for (unsigned int i = 0, col = 1; i < xl_xen_verb_count; i++) {
        size_t len = strlen(xl_xen_verbs[i].name) + 1;

        if (col + len > 78) {
            fprintf(xl_out, "\n ");
            col = 1;
        }
        fprintf(xl_out, " %s", xl_xen_verbs[i].name);
        col += len;
    }
    fprintf(xl_out, "\n\nA unique prefix of a command works too (xl li = xl "
            "list). 'xl help <command>' or\n'xl <command> -h' shows its "
            "usage. Exit status: 0 success, 1 failure, 2 not\nimplemented "
            "by Xenolite.\n");
    return 0;
}
