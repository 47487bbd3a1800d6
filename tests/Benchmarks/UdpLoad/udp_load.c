/*
 * The UDP load generator of the benchmarks, loopback only: N client sockets in a closed loop, each
 * with one datagram in flight (send, wait for its echo, send the next). Single-threaded epoll in C,
 * so that one core of load costs as little as it can: a .NET client pays a thread hop per echo and
 * would measure itself rather than the server. A datagram not echoed within 200 ms counts as lost
 * and the socket sends again. One JSON line on stdout.
 * Usage: udp_load --port P [--conns 64] [--size 64] [--seconds 4] [--warmup 1] [--pid PID]
 *   --pid: also the server's CPU time over the measured window, and its kernel part (/proc/PID/stat).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 1024
#define BINS 200000 /* 1 µs each: latencies up to 200 ms */

static int fds[MAX_CONNS];
static unsigned seq[MAX_CONNS];
static double sent_at[MAX_CONNS];
static unsigned hist[BINS + 1];

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double proc_cpu_part(int pid, int sys) {
    if (pid <= 0) return 0;
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return 0;
    unsigned long utime = 0, stime = 0;
    /* after ") ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime */
    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime);
    return (sys ? stime : utime) / (double)sysconf(_SC_CLK_TCK);
}

static double proc_cpu(int pid) { return proc_cpu_part(pid, 0) + proc_cpu_part(pid, 1); }

static double self_cpu(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

static double percentile(unsigned long total, double q) {
    unsigned long want = (unsigned long)(q * total), seen = 0;
    for (int i = 0; i <= BINS; i++) { seen += hist[i]; if (seen > want) return i; }
    return BINS;
}

int main(int argc, char **argv) {
    int port = 0, conns = 64, size = 64, pid = 0;
    double seconds = 4, warmup = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--port")) port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--conns")) conns = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--size")) size = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--seconds")) seconds = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--warmup")) warmup = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--pid")) pid = atoi(argv[i + 1]);
    }
    if (port <= 0 || conns < 1 || conns > MAX_CONNS || size < 4 || size > 65507 || seconds <= 0 || seconds > 120) {
        fprintf(stderr, "usage: udp_load --port P [--conns 1..1024] [--size 4..65507] [--seconds (0,120]] [--warmup W] [--pid PID]\n");
        return 2;
    }
    char *out = calloc(1, size), *in = malloc(65536);
    struct sockaddr_in server = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    int ep = epoll_create1(EPOLL_CLOEXEC);
    for (int c = 0; c < conns; c++) {
        fds[c] = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fds[c] < 0 || connect(fds[c], (struct sockaddr *)&server, sizeof server) != 0) { perror("connect"); return 1; }
        struct epoll_event ev = { .events = EPOLLIN, .data.u32 = c };
        epoll_ctl(ep, EPOLL_CTL_ADD, fds[c], &ev);
    }
    double start = now(), measure_from = start + warmup, until = measure_from + seconds;
    for (int c = 0; c < conns; c++) {
        memcpy(out, &seq[c], 4);
        send(fds[c], out, size, 0);
        sent_at[c] = start;
    }
    unsigned long trips = 0, lost = 0, wrong = 0, refused = 0;
    int measuring = 0;
    double cpu0 = 0, sys0 = 0, self0 = 0, t0 = 0, last_check = start;
    struct epoll_event events[256];
    for (;;) {
        double t = now();
        if (!measuring && t >= measure_from) { measuring = 1; cpu0 = proc_cpu(pid); sys0 = proc_cpu_part(pid, 1); self0 = self_cpu(); t0 = t; }
        if (measuring && t >= until) break;
        if (t - last_check > 0.05) {
            last_check = t;
            for (int c = 0; c < conns; c++) {
                if (t - sent_at[c] < 0.2) continue;
                if (measuring) lost++;
                seq[c]++;
                memcpy(out, &seq[c], 4);
                send(fds[c], out, size, 0);
                sent_at[c] = t;
            }
        }
        int n = epoll_wait(ep, events, 256, 50);
        for (int e = 0; e < n; e++) {
            int c = events[e].data.u32;
            for (;;) {
                ssize_t got = recv(fds[c], in, 65536, 0);
                if (got < 0) {
                    if (errno == ECONNREFUSED) refused++;
                    break;
                }
                unsigned echoed;
                memcpy(&echoed, in, 4);
                if (got != size || echoed != seq[c]) { if (measuring) wrong++; continue; }
                double done = now();
                if (measuring) {
                    trips++;
                    long us = (long)((done - sent_at[c]) * 1e6);
                    hist[us > BINS ? BINS : us]++;
                }
                seq[c]++;
                memcpy(out, &seq[c], 4);
                send(fds[c], out, size, 0);
                sent_at[c] = done;
            }
        }
    }
    double elapsed = now() - t0, cpu1 = proc_cpu(pid), sys1 = proc_cpu_part(pid, 1), self1 = self_cpu();
    printf("{\"mode\":\"udp\",\"conns\":%d,\"size\":%d,\"seconds\":%.3f,\"roundTrips\":%lu,\"rtPerSec\":%.1f,"
           "\"p50Us\":%.0f,\"p99Us\":%.0f,\"lost\":%lu,\"wrong\":%lu,\"refused\":%lu,"
           "\"serverCpuSec\":%.3f,\"serverCpuUsPerRt\":%.3f,\"serverSysUsPerRt\":%.3f,\"clientCpuUsPerRt\":%.3f}\n",
           conns, size, elapsed, trips, trips / elapsed, percentile(trips, 0.5), percentile(trips, 0.99), lost, wrong, refused,
           cpu1 - cpu0, trips ? (cpu1 - cpu0) * 1e6 / trips : 0, trips ? (sys1 - sys0) * 1e6 / trips : 0,
           trips ? (self1 - self0) * 1e6 / trips : 0);
    return 0;
}
