/* vclock.c: what a program that computes sees of a world's virtual clock (wa-emu run --world):
 * the time a loop of a known number of instructions takes, and an ITIMER_REAL going off
 * while it computes without a system call. At the board's 150 MHz, one instruction a cycle,
 * 14 million instructions take 93.3 ms; a 10 ms timer goes off every 1.5 million
 * instructions, so the iterations counted between two alarms are the same each time, and
 * the same in every run. */
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

#define N 1000000 /* iterations of a 14-instruction loop */
static volatile sig_atomic_t alarms;
static volatile unsigned long count, at[4];

static void on_alrm(int s)
{
    (void)s;
    if (alarms < 4) at[alarms] = count;
    alarms++;
}

static long long ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000 + t.tv_nsec;
}

int main(void)
{
    unsigned x = 1, y = 2, n = N;
    long long t0 = ns();
    __asm__ volatile("1:\n\t"
                     "addu %0, %0, %1\n\t"
                     "xor  %1, %1, %0\n\t"
                     "sll  $8, %0, 3\n\t"
                     "addu %1, %1, $8\n\t"
                     "srl  $9, %1, 5\n\t"
                     "xor  %0, %0, $9\n\t"
                     "addu $10, %0, 7\n\t"
                     "addu %0, %0, $10\n\t"
                     "or   $11, %1, %0\n\t"
                     "subu %1, %1, 1\n\t"
                     "addu %0, %0, 1\n\t"
                     "addiu %2, %2, -1\n\t"
                     "bnez %2, 1b\n\t"
                     "nop\n\t"
                     : "+r"(x), "+r"(y), "+r"(n)
                     :
                     : "$8", "$9", "$10", "$11");
    long long t1 = ns();
    printf("loop of %d instructions: %lld us (x %08x)\n", 14 * N, (t1 - t0) / 1000, x);
    signal(SIGALRM, on_alrm);
    struct itimerval t = {{0, 10000}, {0, 10000}};
    setitimer(ITIMER_REAL, &t, NULL);
    while (alarms < 4)
        count++;
    printf("alarms at %lu %lu %lu %lu iterations\n", at[0], at[1], at[2], at[3]);
    return 0;
}
