/* oldshmctl.h: included first (-include) into a program that is to call shmctl as uClibc
 * 0.9.19 does (oldshmctl.c): after the C library's own declaration (which musl redirects to
 * its time64 shmctl), every shmctl names old_shmctl. */
#ifndef WA_OLDSHMCTL_H
#define WA_OLDSHMCTL_H
#include <sys/shm.h>
int old_shmctl(int id, int cmd, struct shmid_ds *buf);
#define shmctl old_shmctl
#endif
