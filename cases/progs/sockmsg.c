/* sockmsg.c: sendmsg and recvmsg with two iovecs each way, over an AF_UNIX socketpair and a
 * UDP socket on the loopback (with the source address). It prints what it sees, so the
 * output under wa-emu and qemu-mipsel must be the same. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static void roundtrip(const char *what, int tx, int rx, struct sockaddr_in *to)
{
    char a[] = "hello ", b[] = "sendmsg", r1[4] = {0}, r2[16] = {0};
    struct iovec out[2] = {{a, 6}, {b, 7}}, in[2] = {{r1, 3}, {r2, 15}};
    struct msghdr m = {to, to ? sizeof *to : 0, out, 2, NULL, 0, 0};
    long s = sendmsg(tx, &m, 0);
    struct sockaddr_in from = {0};
    struct msghdr n = {to ? &from : NULL, to ? sizeof from : 0, in, 2, NULL, 0, 0};
    long k = recvmsg(rx, &n, 0);
    printf("%s: sent %ld, got %ld: \"%.3s\" + \"%s\"", what, s, k, r1, r2);
    if (to) printf(", from %s", inet_ntoa(from.sin_addr));
    printf(", controllen %zu\n", (size_t)n.msg_controllen);
}

int main(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    roundtrip("unix", sv[0], sv[1], NULL);
    int u = socket(AF_INET, SOCK_DGRAM, 0), v = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(47123)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(v, (struct sockaddr *)&addr, sizeof addr)) perror("bind");
    roundtrip("udp", u, v, &addr);
    return 0;
}
