/* klog.c: syslog(2), the kernel's own log buffer as klogd and dmesg read it. The buffer
 * holds nothing here (the kernel's boot messages are not kept for the userland), so its
 * reader sleeps: SYSLOG_ACTION_READ waits in wait_event_interruptible until the kernel logs
 * something, and a signal ends the wait with -ERESTARTSYS (run again after an SA_RESTART
 * handler). Answering 0 at once, as before, made the WAG200G's klogd (BusyBox 1.00) call it
 * hundreds of thousands of times a second and keep its boot from settling. The actions and
 * their checks are do_syslog's in kernel/printk.c: 0..8 in 2.4; 9 (the unread count) and 10
 * (the buffer's size) came with 2.6, and a 2.4 kernel's default case refuses them. */
#include "lx_int.h"

#define LOG_BUF_LEN 16384 /* 2.4's default (CONFIG_LOG_BUF_SHIFT 14 on 2.6) */

static int64_t sys_syslog(lx_proc *p, const uint32_t *a)
{
    int32_t type = (int32_t)a[0], len = (int32_t)a[2];
    switch (type) {
    case 0: /* close */
    case 1: /* open */
    case 5: /* clear */
    case 6: /* console off */
    case 7: /* console on */ return 0;
    case 2: /* read: sleeps until there is something to read */
    case 3: /* read the last messages */
    case 4: /* ... and clear */
        if (!a[1] || len < 0) return -LX_EINVAL;
        if (!len) return 0;
        if (!lx_is_mapped(p, a[1], (uint32_t)len)) return -LX_EFAULT; /* verify_area */
        if (type != 2) return 0;                                      /* nothing logged */
        return lx_sig_sleep(p);
    case 8: /* the console's level */ return len < 1 || len > 8 ? -LX_EINVAL : 0;
    case 9: /* unread bytes */ return p->o->linux24 ? -LX_EINVAL : 0;
    case 10: /* the buffer's size */ return p->o->linux24 ? -LX_EINVAL : LOG_BUF_LEN;
    default: return -LX_EINVAL;
    }
}

static const lx_call calls[] = {{LX_NR_syslog, sys_syslog}};

const lx_call *lx_klog_call(uint32_t nr)
{
    return lx_find_call(calls, sizeof calls / sizeof calls[0], nr);
}
