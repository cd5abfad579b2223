/* r1gcc.c: the compiler helpers a MIPS32 release-1 program needs that Debian's cross libgcc
 * only has as release-2 code (wsbh for byte swaps, mthc1/mfhc1 for doubles). Linked before
 * libgcc when cases/build-r1.sh builds the example userland for the 4KEc, so that nothing in
 * it needs an instruction the board's CPU lacks. Built with -march=mips32. */
#include <stdint.h>

uint32_t __bswapsi2(uint32_t x);
uint64_t __bswapdi2(uint64_t x);
double __floatundidf(uint64_t u);
double __floatdidf(int64_t i);
uint64_t __fixunsdfdi(double d);
int64_t __fixdfdi(double d);

uint32_t __bswapsi2(uint32_t x)
{
    return x >> 24 | (x >> 8 & 0xff00u) | (x << 8 & 0xff0000u) | x << 24;
}

uint64_t __bswapdi2(uint64_t x)
{
    return (uint64_t)__bswapsi2((uint32_t)x) << 32 | __bswapsi2((uint32_t)(x >> 32));
}

#define TWO32 4294967296.0

/* Both halves convert exactly; the one addition rounds once, as the conversion must. */
double __floatundidf(uint64_t u)
{
    return (double)(uint32_t)(u >> 32) * TWO32 + (double)(uint32_t)u;
}

double __floatdidf(int64_t i)
{
    return i < 0 ? -__floatundidf(-(uint64_t)i) : __floatundidf((uint64_t)i);
}

/* Truncation toward zero; out of range gives what the hardware's saturating forms give. */
uint64_t __fixunsdfdi(double d)
{
    if (!(d >= 1.0)) return 0; /* also NaN */
    if (d >= TWO32 * TWO32) return UINT64_MAX;
    uint32_t hi = (uint32_t)(d / TWO32);
    double rest = d - (double)hi * TWO32; /* exact: hi * 2^32 <= d, both on the same grid */
    return (uint64_t)hi << 32 | (uint32_t)rest;
}

int64_t __fixdfdi(double d)
{
    if (d < 0) {
        if (d <= -9223372036854775808.0) return INT64_MIN;
        return -(int64_t)__fixunsdfdi(-d);
    }
    if (d >= 9223372036854775808.0) return INT64_MAX;
    return (int64_t)__fixunsdfdi(d);
}
