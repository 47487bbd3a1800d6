/*
 * The reference UDP echo of the benchmarks: single-threaded epoll in C, loopback only. Each wake
 * reads up to 32 datagrams with one recvmmsg and sends them back to their senders with one
 * sendmmsg, until the socket is empty (a short batch means it is). Prints "PORT n" and echoes until
 * stdin closes. Usage: udp_echo
 */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH 32
#define SLOT 65536

static char data[BATCH][SLOT];
static struct sockaddr_in6 names[BATCH];
static struct iovec iov[BATCH];
static struct mmsghdr msgs[BATCH];

int main(void) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) { perror("bind"); return 1; }
    socklen_t len = sizeof addr;
    getsockname(fd, (struct sockaddr *)&addr, &len);
    printf("PORT %d\n", ntohs(addr.sin_port));
    fflush(stdout);

    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    ev.data.fd = 0;
    epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev);
    for (int i = 0; i < BATCH; i++) {
        iov[i].iov_base = data[i];
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
        msgs[i].msg_hdr.msg_name = &names[i];
    }
    for (;;) {
        struct epoll_event events[2];
        int n = epoll_wait(ep, events, 2, -1);
        for (int e = 0; e < n; e++) {
            if (events[e].data.fd == 0) {
                char b[256];
                if (read(0, b, sizeof b) <= 0) return 0;
                continue;
            }
            for (;;) {
                for (int i = 0; i < BATCH; i++) {
                    iov[i].iov_len = SLOT;
                    msgs[i].msg_hdr.msg_namelen = sizeof names[i];
                }
                int got = recvmmsg(fd, msgs, BATCH, 0, NULL);
                if (got <= 0) break;
                for (int i = 0; i < got; i++) iov[i].iov_len = msgs[i].msg_len;
                for (int sent = 0; sent < got;) {
                    int s = sendmmsg(fd, msgs + sent, got - sent, 0);
                    if (s <= 0) break; /* a full socket drops the rest, as UDP may */
                    sent += s;
                }
                if (got < BATCH) break;
            }
        }
    }
}
