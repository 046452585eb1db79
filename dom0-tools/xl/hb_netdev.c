/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dom0's side of a vif served by Linux's xen-netback: what Xen's vif-bridge
 * hotplug script does, done by xl itself through ioctls (no ip/brctl
 * needed): create the bridge if it is missing, rename the back end's netdev
 * to vifname=, set its MTU, enslave it to the bridge and bring it up. A
 * script= given in the vif spec is run instead, with Xen's environment.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sockios.h>

#include "hb_net.h"

/* Where Xen keeps its hotplug scripts; a script= without '/' is there. */
#define XEN_SCRIPT_DIR "/etc/xen/scripts"

bool hb_netdev_exists(const char *name)
{
    char path[64];

    snprintf(path, sizeof(path), "/sys/class/net/%s", name);
    return access(path, F_OK) == 0;
}

static bool is_bridge(const char *name)
{
    char path[64];

    snprintf(path, sizeof(path), "/sys/class/net/%s/bridge", name);
    return access(path, F_OK) == 0;
}

/* One ioctl on an interface request naming name; -errno on failure. */
static int if_ioctl(unsigned long req, struct ifreq *ifr, const char *name)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc = 0;

    if (fd < 0)
        return -errno;
    snprintf(ifr->ifr_name, IFNAMSIZ, "%s", name);
    if (ioctl(fd, req, ifr) < 0)
        rc = -errno;
    close(fd);
    return rc;
}

static int set_up(const char *name, bool up)
{
    struct ifreq ifr = { 0 };
    int rc = if_ioctl(SIOCGIFFLAGS, &ifr, name);

    if (rc < 0)
        return rc;
    if (up)
        ifr.ifr_flags |= IFF_UP;
    else
        ifr.ifr_flags &= ~IFF_UP;
    return if_ioctl(SIOCSIFFLAGS, &ifr, name);
}

int hb_bridge_ensure(const char *bridge)
{
    struct ifreq ifr = { 0 };
    int rc = 0;

    if (hb_netdev_exists(bridge) && !is_bridge(bridge))
        return hb_msg(-EINVAL, "bridge %s: a network interface of that name "
                      "exists but is not a bridge", bridge);
    if (!hb_netdev_exists(bridge)) {
        int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

        if (fd < 0 || ioctl(fd, SIOCBRADDBR, bridge) < 0)
            rc = -errno;
        if (fd >= 0)
            close(fd);
        if (rc < 0 && rc != -EEXIST)
            return hb_msg(rc, "cannot create bridge %s: %s; load the bridge "
                          "module (modprobe bridge)", bridge, strerror(-rc));
    }
    rc = if_ioctl(SIOCGIFFLAGS, &ifr, bridge);
    if (rc == 0 && !(ifr.ifr_flags & IFF_UP))
        rc = set_up(bridge, true);
    return rc < 0 ? hb_msg(rc, "cannot bring bridge %s up: %s", bridge,
                           strerror(-rc)) : 0;
}

/* Rename, MTU, enslave, up: the steps of Xen's vif-bridge "online". */
int hb_netdev_plug(const char *dev, const char *newname, unsigned int mtu,
                   const char *bridge)
{
    struct ifreq ifr = { 0 };
    const char *step = "rename";
    int rc = 0;

    if (newname && strcmp(newname, dev)) {
        snprintf(ifr.ifr_newname, IFNAMSIZ, "%s", newname);
        rc = if_ioctl(SIOCSIFNAME, &ifr, dev);
        dev = newname;
    }
    if (rc == 0 && mtu) {
        step = "set the MTU of";
        memset(&ifr, 0, sizeof(ifr));
        ifr.ifr_mtu = (int)mtu;
        rc = if_ioctl(SIOCSIFMTU, &ifr, dev);
    }
    if (rc == 0 && bridge && *bridge) {
        step = "enslave";
        memset(&ifr, 0, sizeof(ifr));
        ifr.ifr_ifindex = (int)if_nametoindex(dev);
        rc = ifr.ifr_ifindex ? if_ioctl(SIOCBRADDIF, &ifr, bridge) : -errno;
    }
    if (rc == 0) {
        step = "bring up";
        rc = set_up(dev, true);
    }
    return rc < 0 ? hb_msg(rc, "cannot %s %s: %s", step, dev, strerror(-rc))
                  : 0;
}

/*
 * Run a vif's hotplug script as Xen's libxl does: "script online|offline"
 * with XENBUS_PATH, XENBUS_TYPE, XENBUS_BASE_PATH, script, vif and netdev
 * in the environment. Returns 0 if it exited 0.
 */
int hb_net_script(const char *script, const char *action, const char *be,
                  const char *ifname, const char *gatewaydev)
{
    char path[256];
    pid_t pid;
    int status;

    snprintf(path, sizeof(path), "%s%s%s", strchr(script, '/') ? "" :
             XEN_SCRIPT_DIR, strchr(script, '/') ? "" : "/", script);
    pid = fork();
    if (pid < 0)
        return hb_msg(-errno, "cannot run %s: %s", path, strerror(errno));
    if (pid == 0) {
        int null = open("/dev/null", O_RDONLY);

        if (null >= 0)
            dup2(null, 0);
        setenv("XENBUS_PATH", be, 1);
        setenv("XENBUS_TYPE", "vif", 1);
        setenv("XENBUS_BASE_PATH", "backend", 1);
        setenv("script", path, 1);
        setenv("vif", ifname, 1);
        setenv("netdev", gatewaydev ? gatewaydev : "", 1);
        execl(path, path, action, (char *)NULL);
        fprintf(stderr, "xl: cannot execute %s: %s\n", path, strerror(errno));
        _exit(127);
    }
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return hb_msg(-errno, "waiting for %s: %s", path,
                          strerror(errno));
    if (!WIFEXITED(status) || WEXITSTATUS(status))
        return hb_msg(-EIO, "hotplug script %s %s failed (%s %d)", path,
                      action, WIFEXITED(status) ? "exit status" : "signal",
                      WIFEXITED(status) ? WEXITSTATUS(status) :
                      WTERMSIG(status));
    return 0;
}

/* Is a process whose command name is comm running (the qnic daemon)? */
bool hb_process_running(const char *comm)
{
    char path[300], buf[32];
    bool found = false;
    struct dirent *e;
    DIR *d = opendir("/proc");
    FILE *f;

    while (d && !found && (e = readdir(d)) != NULL) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9')
            continue;
        snprintf(path, sizeof(path), "/proc/%s/comm", e->d_name);
        if (!(f = fopen(path, "r")))
            continue;
        if (fgets(buf, sizeof(buf), f)) {
            buf[strcspn(buf, "\n")] = '\0';
            found = !strcmp(buf, comm);
        }
        fclose(f);
    }
    if (d)
        closedir(d);
    return found;
}
