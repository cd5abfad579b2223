/* pthreads.c: two POSIX threads counting in shared memory under a mutex, a condition variable
 * the main thread waits on until both are done, and pthread_join's return values; a pipe one
 * thread makes, and the directory (/tmp, there for both) and umask the other sets, are the main
 * thread's too (the threads share the descriptors and the file-system context). One source for two
 * C libraries: built with -DWA_UCLIBC019 against a real uClibc 0.9.19 root's libpthread
 * (LinuxThreads: a manager thread, each thread a clone(CLONE_VM) process woken with signals) with
 * the start code below, and with no define against today's glibc (NPTL) for qemu-mipsel, whose
 * output it must equal; -DWA_UCLIBC028 is the start of uClibc 0.9.28 (AVM's Speedport W501V root),
 * whose LinuxThreads is the same design. The pthread types are declared opaque and larger than
 * either library's, since the two libraries' headers differ. */

typedef unsigned long pthread_t;
typedef struct {
    long w[16];
} pmutex;
typedef struct {
    long w[16];
} pcond;
int pthread_create(pthread_t *, const void *, void *(*)(void *), void *);
int pthread_join(pthread_t, void **);
pthread_t pthread_self(void);
int pthread_equal(pthread_t, pthread_t);
int pthread_mutex_init(pmutex *, const void *);
int pthread_mutex_lock(pmutex *);
int pthread_mutex_unlock(pmutex *);
int pthread_cond_init(pcond *, const void *);
int pthread_cond_wait(pcond *, pmutex *);
int pthread_cond_signal(pcond *);
int printf(const char *, ...);
int fflush(void *);
int pipe(int *);
long write(int, const void *, unsigned long);
long read(int, void *, unsigned long);
int chdir(const char *);
char *getcwd(char *, unsigned long);
unsigned umask(unsigned);

#ifdef WA_UCLIBC019
/* uClibc 0.9.19's start: __uClibc_main(argc, argv, envp), which calls the program's main
 * (exported: -Wl,-E) and exits with what it returns. */
__asm__(".text\n"
        ".globl __start\n"
        ".type __start,@function\n"
        ".set noreorder\n"
        "__start:\n"
        "bal 1f\n"
        "nop\n"
        "1: .cpload $ra\n"
        "lw $a0, 0($sp)\n"
        "addiu $a1, $sp, 4\n"
        "sll $t0, $a0, 2\n"
        "addu $a2, $a1, $t0\n"
        "addiu $a2, $a2, 4\n"
        "li $t0, -8\n"
        "and $sp, $sp, $t0\n"
        "addiu $sp, $sp, -32\n"
        "lw $t9, %call16(__uClibc_main)($gp)\n"
        "jalr $t9\n"
        "nop\n"
        "2: b 2b\n"
        "nop\n"
        ".set reorder\n");
#endif
#ifdef WA_UCLIBC028
/* uClibc 0.9.28's: __uClibc_main(main, argc, argv, init, fini, rtld_fini, stack_end), the
 * dynamic linker's fini in v0 at the entry. */
__asm__(".text\n"
        ".globl __start\n"
        ".type __start,@function\n"
        ".set noreorder\n"
        "__start:\n"
        "bal 1f\n"
        "nop\n"
        "1: .cpload $ra\n"
        "lw $a0, %got(main)($gp)\n"
        "lw $a1, 0($sp)\n"
        "addiu $a2, $sp, 4\n"
        "li $t0, -8\n"
        "and $sp, $sp, $t0\n"
        "addiu $sp, $sp, -32\n"
        "move $a3, $zero\n"
        "sw $zero, 16($sp)\n"
        "sw $v0, 20($sp)\n"
        "sw $sp, 24($sp)\n"
        "lw $t9, %call16(__uClibc_main)($gp)\n"
        "jalr $t9\n"
        "nop\n"
        "2: b 2b\n"
        "nop\n"
        ".set reorder\n");
#endif

#define N 50000
static pmutex m;
static pcond c;
static volatile int count, done;
static pthread_t main_thread;
static int tp[2] = {-1, -1};

static void *work(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < N; i++) {
        pthread_mutex_lock(&m);
        count++;
        pthread_mutex_unlock(&m);
    }
    if (id == 1) {
        pipe(tp);
    } else {
        chdir("/tmp");
        umask(027);
    }
    pthread_mutex_lock(&m);
    done++;
    pthread_cond_signal(&c);
    pthread_mutex_unlock(&m);
    return (void *)(id * 10 + !pthread_equal(pthread_self(), main_thread));
}

int main(void)
{
    pthread_t t[2];
    void *r[2];
    main_thread = pthread_self();
    printf("init %d %d\n", pthread_mutex_init(&m, 0), pthread_cond_init(&c, 0));
    for (long i = 0; i < 2; i++)
        printf("create %ld: %d\n", i, pthread_create(&t[i], 0, work, (void *)(i + 1)));
    pthread_mutex_lock(&m);
    while (done < 2)
        pthread_cond_wait(&c, &m);
    pthread_mutex_unlock(&m);
    for (int i = 0; i < 2; i++)
        printf("join %d: %d %ld\n", i, pthread_join(t[i], &r[i]), (long)r[i]);
    printf("count %d\n", count);
    char ch = 'x', cwd[64];
    long wrote = write(tp[1], &ch, 1);
    ch = 0;
    printf("pipe %ld %ld %c\n", wrote, read(tp[0], &ch, 1), ch ? ch : '?');
    printf("cwd %s umask %o\n", getcwd(cwd, sizeof cwd) ? cwd : "?", umask(022));
    fflush(0);
    return 0;
}
