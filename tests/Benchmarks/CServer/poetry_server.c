/*
 * The reference server of the benchmarks: single-threaded epoll in C, loopback only.
 * Fast mode (default): per fetch accept4 + write + close (EPOLLOUT only if the poem does not fit).
 * Slow mode (--chunk B --delay S): the first B bytes at once, then B every S seconds at a fixed
 * rate (timers in a binary heap driving the epoll_wait timeout), close after the last.
 * Accepts until EAGAIN on every wake. Prints "PORT n" and serves until stdin closes.
 * Usage: poetry_server [--size N] [--chunk B --delay S]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_FDS (1 << 17)
#define MAX_EVENTS 256

typedef struct { double due; int fd; } timer;

static char *poem;
static int size = 2048, chunk = 0;
static double delay = 0;
static int sent[MAX_FDS];
static timer heap[MAX_FDS];
static int heap_len;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void heap_push(double due, int fd) {
    int i = heap_len++;
    while (i > 0 && heap[(i - 1) / 2].due > due) { heap[i] = heap[(i - 1) / 2]; i = (i - 1) / 2; }
    heap[i].due = due; heap[i].fd = fd;
}

static timer heap_pop(void) {
    timer top = heap[0], last = heap[--heap_len];
    int i = 0;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= heap_len) break;
        if (c + 1 < heap_len && heap[c + 1].due < heap[c].due) c++;
        if (heap[c].due >= last.due) break;
        heap[i] = heap[c]; i = c;
    }
    if (heap_len > 0) heap[i] = last;
    return top;
}

/* Writes up to n more bytes; returns 1 when the poem is done or the write failed (fd closed). */
static int send_some(int fd, int n) {
    int end = sent[fd] + n > size ? size : sent[fd] + n;
    while (sent[fd] < end) {
        ssize_t w = write(fd, poem + sent[fd], end - sent[fd]);
        if (w < 0) { if (errno == EAGAIN) return 0; close(fd); return 1; }
        sent[fd] += (int)w;
    }
    if (sent[fd] == size) { close(fd); return 1; }
    return 0;
}

int main(int argc, char **argv) {
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--size")) size = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--chunk")) chunk = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--delay")) delay = atof(argv[i + 1]);
    }
    if (size < 1 || size > (1 << 24) || chunk < 0) { fprintf(stderr, "bad arguments\n"); return 2; }
    poem = malloc(size);
    for (int i = 0; i < size; i++) poem[i] = 'a' + i % 26;
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0) { lim.rlim_cur = lim.rlim_max < MAX_FDS ? lim.rlim_max : MAX_FDS; setrlimit(RLIMIT_NOFILE, &lim); }

    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof addr;
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) || listen(listener, 4096)) { perror("bind/listen"); return 1; }
    getsockname(listener, (struct sockaddr *)&addr, &len);
    printf("PORT %d\n", ntohs(addr.sin_port));
    fflush(stdout);

    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = { .events = EPOLLIN, .data.fd = listener }, events[MAX_EVENTS];
    epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev);
    ev.data.fd = 0; /* stdin: its end stops the server */
    epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev);
    int slow = chunk > 0 && delay > 0;
    for (;;) {
        int timeout = -1;
        if (heap_len > 0) { double t = heap[0].due - now(); timeout = t <= 0 ? 0 : (int)ceil(t * 1000); }
        int n = epoll_wait(ep, events, MAX_EVENTS, timeout);
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == 0) { char b[64]; if (read(0, b, sizeof b) <= 0) return 0; continue; }
            if (fd != listener) { if (slow) continue; send_some(fd, size); continue; }
            for (;;) {
                int c = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                if (c < 0) { if (errno == EINTR || errno == ECONNABORTED) continue; break; }
                if (c >= MAX_FDS) { close(c); continue; }
                sent[c] = 0;
                if (slow) { if (!send_some(c, chunk)) heap_push(now() + delay, c); }
                else if (!send_some(c, size)) {
                    struct epoll_event w = { .events = EPOLLOUT, .data.fd = c };
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &w);
                }
            }
        }
        if (slow) {
            double t = now();
            while (heap_len > 0 && heap[0].due <= t) {
                timer due = heap_pop();
                if (!send_some(due.fd, chunk)) heap_push(due.due + delay, due.fd);
            }
        }
    }
}
