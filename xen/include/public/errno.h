/* SPDX-License-Identifier: MIT */
/*
 * Error numbers returned by hypercalls (as negative values in rax). The
 * values are those of x86 Linux, so a Linux guest can pass them straight
 * to user space.
 */
#ifndef XEN_PUBLIC_ERRNO_H
#define XEN_PUBLIC_ERRNO_H

/*
 * One list, many expansions: X(name, value, description). The hypervisor
 * builds its errno table from it, tools their strerror-style table. The
 * XEN_E* constants below must agree with it (tests/abi checks).
 *
 * EINTR and ERESTART are internal to the hypervisor (continuations) and
 * never reach a guest; they are listed so all users share one table.
 */
#define XEN_ERRNO_LIST(X)                                              \
    X(EPERM,          1, "Operation not permitted")                    \
    X(ENOENT,         2, "No such file or directory")                  \
    X(ESRCH,          3, "No such process")                            \
    X(EINTR,          4, "Interrupted system call")                    \
    X(EIO,            5, "I/O error")                                  \
    X(ENXIO,          6, "No such device or address")                  \
    X(E2BIG,          7, "Argument list too long")                     \
    X(ENOEXEC,        8, "Exec format error")                          \
    X(EBADF,          9, "Bad file number")                            \
    X(ECHILD,        10, "No child processes")                         \
    X(EAGAIN,        11, "Try again")                                  \
    X(ENOMEM,        12, "Out of memory")                              \
    X(EACCES,        13, "Permission denied")                          \
    X(EFAULT,        14, "Bad address")                                \
    X(EBUSY,         16, "Device or resource busy")                    \
    X(EEXIST,        17, "File exists")                                \
    X(EXDEV,         18, "Cross-device link")                          \
    X(ENODEV,        19, "No such device")                             \
    X(ENOTDIR,       20, "Not a directory")                            \
    X(EISDIR,        21, "Is a directory")                             \
    X(EINVAL,        22, "Invalid argument")                           \
    X(ENFILE,        23, "File table overflow")                        \
    X(EMFILE,        24, "Too many open files")                        \
    X(ENOSPC,        28, "No space left on device")                    \
    X(EROFS,         30, "Read-only file system")                      \
    X(EMLINK,        31, "Too many links")                             \
    X(EDOM,          33, "Argument out of domain")                     \
    X(ERANGE,        34, "Result not representable")                   \
    X(EDEADLK,       35, "Resource deadlock would occur")              \
    X(ENAMETOOLONG,  36, "File name too long")                         \
    X(ENOLCK,        37, "No record locks available")                  \
    X(ENOSYS,        38, "Function not implemented")                   \
    X(ENOTEMPTY,     39, "Directory not empty")                        \
    X(EBADRQC,       56, "Invalid request code")                       \
    X(EBADSLT,       57, "Invalid slot")                               \
    X(ENODATA,       61, "No data available")                          \
    X(ETIME,         62, "Timer expired")                              \
    X(EBADMSG,       74, "Not a data message")                         \
    X(EOVERFLOW,     75, "Value too large for defined data type")      \
    X(EILSEQ,        84, "Illegal byte sequence")                      \
    X(ERESTART,      85, "Restart the hypercall (internal)")           \
    X(EUSERS,        87, "Too many users")                             \
    X(ENOTSOCK,      88, "Socket operation on non-socket")             \
    X(EMSGSIZE,      90, "Message too long")                           \
    X(EOPNOTSUPP,    95, "Operation not supported")                    \
    X(EADDRINUSE,    98, "Address already in use")                     \
    X(EADDRNOTAVAIL, 99, "Cannot assign requested address")            \
    X(ENOBUFS,      105, "No buffer space available")                  \
    X(EISCONN,      106, "Transport endpoint is already connected")    \
    X(ENOTCONN,     107, "Transport endpoint is not connected")        \
    X(ESHUTDOWN,    108, "Cannot send after transport endpoint shutdown") \
    X(ETOOMANYREFS, 109, "Too many references")                        \
    X(ETIMEDOUT,    110, "Connection timed out")                       \
    X(ECONNREFUSED, 111, "Connection refused")

#define XEN_EPERM          1
#define XEN_ENOENT         2
#define XEN_ESRCH          3
#define XEN_EINTR          4   /* internal only */
#define XEN_EIO            5
#define XEN_ENXIO          6
#define XEN_E2BIG          7
#define XEN_ENOEXEC        8
#define XEN_EBADF          9
#define XEN_ECHILD        10
#define XEN_EAGAIN        11
#define XEN_ENOMEM        12
#define XEN_EACCES        13
#define XEN_EFAULT        14
#define XEN_EBUSY         16
#define XEN_EEXIST        17
#define XEN_EXDEV         18
#define XEN_ENODEV        19
#define XEN_ENOTDIR       20
#define XEN_EISDIR        21
#define XEN_EINVAL        22
#define XEN_ENFILE        23
#define XEN_EMFILE        24
#define XEN_ENOSPC        28
#define XEN_EROFS         30
#define XEN_EMLINK        31
#define XEN_EDOM          33
#define XEN_ERANGE        34
#define XEN_EDEADLK       35
#define XEN_ENAMETOOLONG  36
#define XEN_ENOLCK        37
#define XEN_ENOSYS        38
#define XEN_ENOTEMPTY     39
#define XEN_EBADRQC       56
#define XEN_EBADSLT       57
#define XEN_ENODATA       61
#define XEN_ETIME         62
#define XEN_EBADMSG       74
#define XEN_EOVERFLOW     75
#define XEN_EILSEQ        84
#define XEN_ERESTART      85   /* internal only */
#define XEN_EUSERS        87
#define XEN_ENOTSOCK      88
#define XEN_EMSGSIZE      90
#define XEN_EOPNOTSUPP    95
#define XEN_EADDRINUSE    98
#define XEN_EADDRNOTAVAIL 99
#define XEN_ENOBUFS      105
#define XEN_EISCONN      106
#define XEN_ENOTCONN     107
#define XEN_ESHUTDOWN    108
#define XEN_ETOOMANYREFS 109
#define XEN_ETIMEDOUT    110
#define XEN_ECONNREFUSED 111

#define XEN_EWOULDBLOCK  XEN_EAGAIN
#define XEN_EDEADLOCK    XEN_EDEADLK

#endif /* XEN_PUBLIC_ERRNO_H */
