/*
 * loadgen: WebSocket load generator for Parley's hub benchmarks (issue 5).
 *
 * One process, one thread, one epoll loop, non-blocking sockets. Opens many WebSocket
 * connections (client frames masked, server frames parsed across reads), speaks either
 * NATS-over-WebSocket or Parley's protocol (docs/protocol.md), stamps every published
 * message with its CLOCK_MONOTONIC send time and measures on receipt.
 *
 * Modes:
 *   fanout   N subscribers of one subject/conversation, one windowed (or paced) publisher.
 *   idle     N subscribed connections that stay idle; server RSS per connection.
 *   senders  N concurrent senders, one message in flight each; acked messages/s and ack latency.
 *   storm    fanout with a paced publisher; after --kill-after seconds the server is killed (SIGKILL),
 *            --restart-cmd starts a new one on the same port (and data), and every client reconnects
 *            at once (Parley: hello + subscribe with since = the last seq it saw; the publisher re-sends
 *            what was not acked, with the same ids). Measures the reconnect rate, the time until every
 *            client has its first live message, and what was lost (acked messages a client never got).
 *
 * It prints one machine-readable line starting with "RESULT" on stdout (key=value pairs),
 * and a human summary on stderr. See docs/benchmarks.md.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

enum { P_NATS, P_PARLEY };
enum { M_FANOUT, M_IDLE, M_SENDERS };
enum { R_SUB, R_PUB, R_SENDER };
enum { S_QUEUED, S_CONNECTING, S_UPGRADING, S_HANDSHAKE, S_READY, S_CLOSED };

typedef struct { char *p; uint32_t len, cap; } buf_t;

typedef struct conn {
    int fd;
    uint8_t role, state, slow, paused, attempts, counted_ready, retry;
    uint16_t close_code;
    uint32_t idx;
    uint32_t received;      /* distinct messages received (subscribers) */
    uint32_t inflight;      /* senders: 0 or 1 */
    uint64_t t_sent;        /* senders: send time of the message in flight */
    uint64_t sent;          /* senders: messages sent */
    buf_t rb;               /* raw bytes not yet parsed (partial frame / HTTP head) */
    buf_t pb;               /* application bytes not yet parsed (partial NATS line, fragments) */
    buf_t wb;               /* bytes not yet written */
    uint8_t *bits;          /* subscribers: which message numbers arrived */
    /* storm mode */
    uint8_t resuming;       /* reconnecting after the kill: hello (+ subscribe with since) */
    uint32_t last_seq;      /* subscribers: the newest seq received (Parley) */
    uint64_t t_resub;       /* subscribed again after the kill */
    uint64_t t_live;        /* first message published after t_resub, received */
} conn_t;

/* ---------- configuration ---------- */
static struct {
    int proto, mode;
    const char *host;
    int port, http_port;
    int subs, msgs, size, window, slow, senders;
    double rate, duration;
    const char *langs_arg;
    char *langs[16];
    int nlangs;
    const char *secret_file;
    char secret[512];
    const char *conversation;
    const char *subject;
    const char *user_prefix;
    const char *tenant;
    const char *label;
    int server_pid;
    int max_pending;
    int slow_rcvbuf;
    double settle, timeout, drain, setup_timeout;
    int dump;
    int jetstream;
    int storm;              /* --mode storm: fanout with a kill and a reconnect storm */
    double kill_after;
    const char *restart_cmd;
    int storm_pending;
    int storm_port;         /* --storm-port: clients come back to this port (another node) */
} cfg = {
    .proto = P_NATS, .mode = M_FANOUT, .host = "127.0.0.1", .port = 0, .http_port = 0,
    .subs = 100, .msgs = 1000, .size = 64, .window = 32, .slow = 0, .senders = 100,
    .rate = 0, .duration = 0, .langs_arg = "en", .subject = "bench", .user_prefix = "u",
    .tenant = "bench", .label = "", .server_pid = 0, .max_pending = 256, .slow_rcvbuf = 8192,
    .settle = 3.0, .timeout = 400.0, .drain = 5.0, .setup_timeout = 150.0,
    .kill_after = 5.0, .storm_pending = 0,
};

/* ---------- state ---------- */
static conn_t *conns;
static int nconns;
static int epfd;
static int next_to_start, pending, nready, nfailed, nclosed_fast, nsrc;
static uint64_t nonce;
static char conversation_id[256];
static char rdbuf[1 << 18];

static uint64_t *t_send;     /* per message send time (fanout) */
static uint32_t *dcount;     /* per message deliveries to fast subscribers */
static uint32_t *lat;        /* latency samples, µs */
static size_t nlat, caplat;
static uint64_t deliveries, dups, bad, perrors, acks;
static uint32_t *acklat; static size_t nacklat, capacklat;
static uint32_t sent_msgs, done_msgs;
static uint64_t t_start, t_first_send, t_last_delivery, t_last_progress, t_end;
static int measuring, finished;
static int fast_active;
static long rss_before, rss_peak, rss_after;
static double srv_cpu0;
static struct rusage ru0;
static int close_codes[8]; static uint16_t close_code_vals[8]; static int nclose_codes;
static uint32_t *retries; static int nretries;
static conn_t *publisher;
static struct rusage ru1;
static uint64_t t_meas_end;
static double srv_cpu1, mach0, mach1;

/* storm mode */
static int storm_phase;          /* 0 before the kill, 1 waiting for the new server, 2 reconnecting, 3 every client live */
static uint64_t t_kill, t_gone, t_restarted, t_listen, t_all_resub, t_all_live, next_probe;
static int new_pid, nresub, nlive, nsubs_storm, msgs_cap, storm_measured;
static uint8_t *acked;           /* per message number: acked by the server (Parley) */
static uint64_t nacked, seq_gaps, seq_dups, resumed_msgs, resent, reconnects_again;

static uint64_t now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + ts.tv_nsec / 1000;
}

static void die(const char *fmt, ...) {
    va_list ap; va_start(ap, fmt);
    fprintf(stderr, "loadgen: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(2);
}

static void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n);
    if (!q && n) die("out of memory (%zu bytes)", n);
    return q;
}

static void buf_append(buf_t *b, const void *d, size_t n) {
    if (b->len + n > b->cap) {
        size_t c = b->cap ? b->cap : 256;
        while (c < b->len + n) c *= 2;
        b->p = xrealloc(b->p, c);
        b->cap = (uint32_t)c;
    }
    memcpy(b->p + b->len, d, n);
    b->len += (uint32_t)n;
}

static void buf_consume(buf_t *b, size_t n) {
    if (n >= b->len) { b->len = 0; if (b->cap > 65536) { free(b->p); b->p = NULL; b->cap = 0; } return; }
    memmove(b->p, b->p + n, b->len - n);
    b->len -= (uint32_t)n;
}

static void buf_free(buf_t *b) { free(b->p); b->p = NULL; b->len = b->cap = 0; }

/* ---------- server process figures ---------- */
static long proc_rss_kb(int pid) {
    if (pid <= 0) return -1;
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    long kb = -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "VmRSS:", 6)) { kb = atol(line + 6); break; }
    fclose(f);
    return kb;
}

static double proc_cpu_s(int pid) {
    if (pid <= 0) return -1;
    char path[64], b[2048];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(b, 1, sizeof b - 1, f);
    fclose(f);
    b[n] = 0;
    char *p = strrchr(b, ')');
    if (!p) return -1;
    unsigned long ut = 0, st = 0;
    /* after ") " fields start at 3 (state); utime is 14, stime 15 */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2) return -1;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* Busy seconds of the whole machine (all cores), from /proc/stat. */
static double machine_busy_s(void) {
    FILE *f = fopen("/proc/stat", "r");
    if (!f) return -1;
    unsigned long long v[10] = {0};
    int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4],
                   &v[5], &v[6], &v[7], &v[8], &v[9]);
    fclose(f);
    if (n < 4) return -1;
    /* user nice system idle iowait irq softirq steal guest guest_nice: busy = all but idle, iowait, guests */
    unsigned long long busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
    return (double)busy / (double)sysconf(_SC_CLK_TCK);
}

static double self_cpu_s(struct rusage *r) {
    return r->ru_utime.tv_sec + r->ru_utime.tv_usec / 1e6 + r->ru_stime.tv_sec + r->ru_stime.tv_usec / 1e6;
}

/* ---------- JWT (HS256) ---------- */
static size_t b64url(const unsigned char *in, size_t n, char *out) {
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t o = 0, i = 0;
    for (; i + 2 < n; i += 3) {
        uint32_t v = (in[i] << 16) | (in[i + 1] << 8) | in[i + 2];
        out[o++] = t[(v >> 18) & 63]; out[o++] = t[(v >> 12) & 63];
        out[o++] = t[(v >> 6) & 63]; out[o++] = t[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = in[i] << 16;
        out[o++] = t[(v >> 18) & 63]; out[o++] = t[(v >> 12) & 63];
    } else if (n - i == 2) {
        uint32_t v = (in[i] << 16) | (in[i + 1] << 8);
        out[o++] = t[(v >> 18) & 63]; out[o++] = t[(v >> 12) & 63]; out[o++] = t[(v >> 6) & 63];
    }
    out[o] = 0;
    return o;
}

static void mint_jwt(const char *sub, const char *lang, int admin, char *out, size_t cap) {
    char claims[512], hdr64[64], body64[700], signing[800];
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int maclen = 0;
    long exp = (long)time(NULL) + 3600;
    int cl = snprintf(claims, sizeof claims,
                      "{\"sub\":\"%s\",\"tenant\":\"%s\",\"name\":\"%s\",\"lang\":\"%s\",\"exp\":%ld%s}",
                      sub, cfg.tenant, sub, lang, exp, admin ? ",\"admin\":true" : "");
    const char *hdr = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    b64url((const unsigned char *)hdr, strlen(hdr), hdr64);
    b64url((const unsigned char *)claims, (size_t)cl, body64);
    int sl = snprintf(signing, sizeof signing, "%s.%s", hdr64, body64);
    HMAC(EVP_sha256(), cfg.secret, (int)strlen(cfg.secret), (unsigned char *)signing, (size_t)sl, mac, &maclen);
    char sig64[128];
    b64url(mac, maclen, sig64);
    snprintf(out, cap, "%s.%s", signing, sig64);
}

/* ---------- blocking HTTP POST (setup only) ---------- */
static int http_post(const char *path, const char *bearer, const char *body, size_t blen, char *resp, size_t rcap) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(cfg.http_port)};
    inet_pton(AF_INET, cfg.host, &a.sin_addr);
    struct timeval tv = {.tv_sec = 120};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) die("HTTP connect %s:%d: %s", cfg.host, cfg.http_port, strerror(errno));
    char head[2048];
    int hl = snprintf(head, sizeof head,
                      "POST %s HTTP/1.1\r\nHost: %s:%d\r\nAuthorization: Bearer %s\r\n"
                      "Content-Type: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
                      path, cfg.host, cfg.http_port, bearer, blen);
    if (write(fd, head, hl) != hl) die("HTTP write: %s", strerror(errno));
    size_t off = 0;
    while (off < blen) {
        ssize_t w = write(fd, body + off, blen - off);
        if (w <= 0) die("HTTP write body: %s", strerror(errno));
        off += (size_t)w;
    }
    size_t got = 0;
    for (;;) {
        ssize_t r = read(fd, resp + got, rcap - 1 - got);
        if (r <= 0) break;
        got += (size_t)r;
        if (got >= rcap - 1) break;
        /* stop early when Content-Length is satisfied */
        resp[got] = 0;
        char *he = strstr(resp, "\r\n\r\n");
        char *cl = strcasestr(resp, "\r\ncontent-length:");
        if (he && cl && cl < he && got >= (size_t)(he + 4 - resp) + (size_t)atol(cl + 17)) break;
    }
    resp[got] = 0;
    close(fd);
    int status = 0;
    sscanf(resp, "HTTP/%*s %d", &status);
    return status;
}

/* Finds "key" : "value" in a JSON text and copies the value. */
static int json_str(const char *p, size_t n, const char *key, char *out, size_t cap) {
    char pat[64];
    int pl = snprintf(pat, sizeof pat, "\"%s\"", key);
    const char *e = p + n;
    const char *k = memmem(p, n, pat, (size_t)pl);
    if (!k) return 0;
    k += pl;
    while (k < e && (*k == ' ' || *k == ':' || *k == '\t' || *k == '\n' || *k == '\r')) k++;
    if (k >= e || *k != '"') return 0;
    k++;
    size_t i = 0;
    while (k < e && *k != '"' && i + 1 < cap) out[i++] = *k++;
    out[i] = 0;
    return 1;
}

static void create_group(void) {
    char admin[1024];
    mint_jwt("bench-admin", "en", 1, admin, sizeof admin);
    int nmem = cfg.mode == M_SENDERS ? cfg.senders : cfg.subs;
    size_t cap = (size_t)nmem * 40 + 256, bl = 0;
    char *body = xrealloc(NULL, cap);
    bl += (size_t)sprintf(body + bl, "{\"title\":\"bench %s\",\"kind\":\"group\",\"members\":[\"pub\"", cfg.label);
    for (int i = 0; i < nmem; i++)
        bl += (size_t)sprintf(body + bl, ",\"%s%s%d\"", cfg.user_prefix, cfg.mode == M_SENDERS ? "s" : "", i);
    bl += (size_t)sprintf(body + bl, "]}");
    size_t rcap = 16u << 20;
    char *resp = xrealloc(NULL, rcap);
    uint64_t t0 = now_us();
    int st = http_post("/api/v1/groups", admin, body, bl, resp, rcap);
    char *b = strstr(resp, "\r\n\r\n");
    b = b ? b + 4 : resp;
    if (st != 201 && st != 200) die("POST /api/v1/groups -> %d: %.400s", st, b);
    if (!json_str(b, strlen(b), "id", conversation_id, sizeof conversation_id))
        die("POST /api/v1/groups: no id in %.400s", b);
    fprintf(stderr, "loadgen: created group %s with %d members in %.2f s\n", conversation_id, nmem + 1,
            (now_us() - t0) / 1e6);
    free(body);
    free(resp);
}

/* ---------- WebSocket framing ---------- */
static uint32_t rng_state = 2463534242u;
static uint32_t xrand(void) {
    rng_state ^= rng_state << 13; rng_state ^= rng_state >> 17; rng_state ^= rng_state << 5;
    return rng_state;
}

/* Appends one masked client frame to b. */
static void ws_frame(buf_t *b, int opcode, const char *payload, size_t n) {
    unsigned char h[14];
    size_t hl = 0;
    h[hl++] = (unsigned char)(0x80 | opcode);
    if (n < 126) h[hl++] = (unsigned char)(0x80 | n);
    else if (n < 65536) { h[hl++] = 0x80 | 126; h[hl++] = (unsigned char)(n >> 8); h[hl++] = (unsigned char)n; }
    else {
        h[hl++] = 0x80 | 127;
        for (int i = 7; i >= 0; i--) h[hl++] = (unsigned char)((uint64_t)n >> (8 * i));
    }
    uint32_t m = xrand();
    unsigned char mk[4] = {(unsigned char)m, (unsigned char)(m >> 8), (unsigned char)(m >> 16), (unsigned char)(m >> 24)};
    memcpy(h + hl, mk, 4);
    hl += 4;
    buf_append(b, h, hl);
    if (b->len + n > b->cap) { buf_append(b, payload, n); b->len -= (uint32_t)n; }
    unsigned char *d = (unsigned char *)b->p + b->len;
    for (size_t i = 0; i < n; i++) d[i] = (unsigned char)payload[i] ^ mk[i & 3];
    b->len += (uint32_t)n;
}

static void conn_close(conn_t *c, uint16_t code);

static void set_events(conn_t *c, uint32_t ev) {
    struct epoll_event e = {.events = ev, .data.ptr = c};
    epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &e);
}

static void conn_flush(conn_t *c) {
    while (c->wb.len) {
        ssize_t w = write(c->fd, c->wb.p, c->wb.len);
        if (w < 0) {
            if (errno == EAGAIN) break;
            conn_close(c, 0);
            return;
        }
        buf_consume(&c->wb, (size_t)w);
    }
    if (c->state == S_CLOSED) return;
    uint32_t ev = (c->paused ? 0 : EPOLLIN) | (c->wb.len ? EPOLLOUT : 0);
    set_events(c, ev);
}

static void conn_send_buf(conn_t *c, buf_t *tmp) {
    if (c->state == S_CLOSED) return;
    if (c->wb.len) { buf_append(&c->wb, tmp->p, tmp->len); return; }
    size_t off = 0;
    while (off < tmp->len) {
        ssize_t w = write(c->fd, tmp->p + off, tmp->len - off);
        if (w < 0) {
            if (errno == EAGAIN) break;
            conn_close(c, 0);
            return;
        }
        off += (size_t)w;
    }
    if (off < tmp->len) {
        buf_append(&c->wb, tmp->p + off, tmp->len - off);
        set_events(c, (c->paused ? 0 : EPOLLIN) | EPOLLOUT);
    }
}

static buf_t scratch;
static void conn_send_frame(conn_t *c, int opcode, const char *p, size_t n) {
    scratch.len = 0;
    ws_frame(&scratch, opcode, p, n);
    conn_send_buf(c, &scratch);
}

static int app_opcode(void) { return cfg.proto == P_NATS ? 2 : 1; }

/* ---------- readiness, deliveries ---------- */
static void mark_ready(conn_t *c) {
    if (c->state == S_READY) return;
    c->state = S_READY;
    pending--;
    nready++;
    c->counted_ready = 1;
    if (c->resuming && c->role == R_SUB && !c->t_resub) {
        c->t_resub = now_us();
        if (++nresub == nsubs_storm) t_all_resub = c->t_resub;
    }
    if (c->role == R_SUB && !c->slow) fast_active++;
    if (c->role == R_SUB && c->slow) {
        /* stop reading: the kernel buffers fill, then the server's queue */
        c->paused = 1;
        epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    }
}

static void record_latency(uint32_t us) {
    if (nlat == caplat) { caplat = caplat ? caplat * 2 : 1 << 20; lat = xrealloc(lat, caplat * sizeof *lat); }
    lat[nlat++] = us;
}

static void record_acklat(uint32_t us) {
    if (nacklat == capacklat) { capacklat = capacklat ? capacklat * 2 : 1 << 16; acklat = xrealloc(acklat, capacklat * sizeof *acklat); }
    acklat[nacklat++] = us;
}

static uint64_t parse_u64(const char **pp, const char *e) {
    const char *p = *pp;
    uint64_t v = 0;
    while (p < e && *p >= '0' && *p <= '9') v = v * 10 + (uint64_t)(*p++ - '0');
    *pp = p;
    return v;
}

static uint64_t cur_now;

/* p..e holds the stamp "ts=<µs> n=<number> ..." somewhere at its start */
static void on_delivery(conn_t *c, const char *p, const char *e) {
    if (c->slow || !measuring) return;
    const char *t = p;
    /* Parley hands p at the text's opening quote ("text":"ts=...), NATS at the payload. */
    if (e - p >= 11 && !memcmp(p, "\"text\":\"ts=", 11)) t = p + 8;
    else if (e - p < 3 || memcmp(p, "ts=", 3)) t = memmem(p, (size_t)(e - p), "ts=", 3);
    if (!t) { bad++; return; }
    t += 3;
    uint64_t ts = parse_u64(&t, e);
    if (t + 3 > e || memcmp(t, " n=", 3)) { bad++; return; }
    t += 3;
    uint64_t n = parse_u64(&t, e);
    if (n >= (uint64_t)msgs_cap) { bad++; return; }
    uint8_t bit = (uint8_t)(1u << (n & 7));
    if (c->bits[n >> 3] & bit) { dups++; return; }
    if (c->resuming && c->t_resub && !c->t_live) {
        /* live: published after this client had resubscribed (a catch-up or re-sent one is not) */
        if (t_send[n] >= c->t_resub) {
            c->t_live = cur_now;
            if (++nlive == nsubs_storm) t_all_live = cur_now;
        } else resumed_msgs++;
    }
    c->bits[n >> 3] |= bit;
    c->received++;
    dcount[n]++;
    deliveries++;
    uint64_t l = cur_now > ts ? cur_now - ts : 0;
    record_latency(l > 0xffffffffu ? 0xffffffffu : (uint32_t)l);
    t_last_delivery = cur_now;
    t_last_progress = cur_now;
}

static void sender_send(conn_t *c);
static void pub_resend(conn_t *c);

static void on_ack(conn_t *c) {
    if (c->role == R_SENDER && c->inflight) {
        c->inflight = 0;
        acks++;
        record_acklat((uint32_t)(cur_now - c->t_sent));
        t_last_progress = cur_now;
        if (measuring && !finished && cur_now < t_end) sender_send(c);
    } else if (c->role == R_PUB) {
        acks++;
    }
}

/* ---------- NATS ---------- */
static const char NATS_CONNECT[] = "CONNECT {\"verbose\":false,\"pedantic\":false}\r\n";

/* --jetstream: senders publish to a JetStream stream (file storage) with a reply inbox; the
   stream's PubAck, sent once the message is stored, is the ack. Sender 0 creates the stream first
   (reply on sid 3) and is ready only when JetStream has answered. */
static const char JS_STREAM[] = "{\"name\":\"BENCH\",\"subjects\":[\"bench.s\"],\"storage\":\"file\"}";
static int js_setup_pending;

static void nats_handshake(conn_t *c) {
    char b[512];
    int n;
    if (c->role == R_SUB) n = snprintf(b, sizeof b, "%sSUB %s 1\r\nPING\r\n", NATS_CONNECT, cfg.subject);
    else if (c->role == R_SENDER && cfg.jetstream && c->idx == 0) {
        js_setup_pending = 1;
        n = snprintf(b, sizeof b, "%sSUB _INBOX.%u 2\r\nSUB _SETUP 3\r\nPUB $JS.API.STREAM.CREATE.BENCH _SETUP %zu\r\n%s\r\nPING\r\n",
                     NATS_CONNECT, c->idx, sizeof JS_STREAM - 1, JS_STREAM);
    } else if (c->role == R_SENDER && cfg.jetstream)
        n = snprintf(b, sizeof b, "%sSUB _INBOX.%u 2\r\nPING\r\n", NATS_CONNECT, c->idx);
    else n = snprintf(b, sizeof b, "%sPING\r\n", NATS_CONNECT);
    conn_send_frame(c, 2, b, (size_t)n);
    c->state = S_HANDSHAKE;
}

/* A MSG to a JetStream sender ("MSG <subject> <sid> <n>"): the stream-create answer on _SETUP, or a
   PubAck on the sender's inbox. */
static void jetstream_reply(conn_t *c, const char *line, const char *p, size_t n) {
    static const char setup[] = "MSG _SETUP ";
    if ((size_t)(p - line) > sizeof setup - 1 && !memcmp(line, setup, sizeof setup - 1)) {
        if (memmem(p, n, "\"error\"", 7)) die("JetStream stream create failed: %.*s", (int)n, p);
        js_setup_pending = 0;
        mark_ready(c);
        return;
    }
    if (memmem(p, n, "\"error\"", 7)) {
        if (perrors++ < 5) fprintf(stderr, "loadgen: jetstream conn %u: %.*s\n", c->idx, (int)n, p);
        return;
    }
    on_ack(c);
}

/* Parses NATS protocol lines from p..p+n; returns bytes consumed. */
static size_t nats_parse(conn_t *c, const char *p, size_t n) {
    const char *s = p, *e = p + n;
    while (s < e && c->state != S_CLOSED) {
        const char *nl = memchr(s, '\n', (size_t)(e - s));
        if (!nl) break;
        if (s[0] == 'M' && e - s > 4 && !memcmp(s, "MSG ", 4)) {
            /* MSG subj sid [reply] n */
            const char *q = nl - 1; /* '\r' */
            const char *num = q;
            while (num > s && num[-1] >= '0' && num[-1] <= '9') num--;
            const char *np = num;
            uint64_t len = parse_u64(&np, q);
            if ((size_t)(e - (nl + 1)) < len + 2) break; /* payload not complete */
            if (c->role == R_SENDER) jetstream_reply(c, s, nl + 1, len);
            else on_delivery(c, nl + 1, nl + 1 + len);
            s = nl + 1 + len + 2;
            continue;
        }
        if (nl - s < 4) { s = nl + 1; continue; }
        if (!memcmp(s, "PING", 4)) conn_send_frame(c, 2, "PONG\r\n", 6);
        else if (!memcmp(s, "PONG", 4)) {
            if (c->state == S_HANDSHAKE) { if (!(cfg.jetstream && c->role == R_SENDER && c->idx == 0)) mark_ready(c); }
            else if (!cfg.jetstream) on_ack(c);
        } else if (!memcmp(s, "-ERR", 4)) {
            if (perrors++ < 5) fprintf(stderr, "loadgen: nats conn %u: %.*s\n", c->idx, (int)(nl - s), s);
        }
        s = nl + 1;
    }
    return (size_t)(s - p);
}

static void nats_feed(conn_t *c, const char *p, size_t n) {
    if (c->pb.len) {
        buf_append(&c->pb, p, n);
        size_t used = nats_parse(c, c->pb.p, c->pb.len);
        buf_consume(&c->pb, used);
    } else {
        size_t used = nats_parse(c, p, n);
        if (used < n && c->state != S_CLOSED) buf_append(&c->pb, p + used, n - used);
    }
}

/* ---------- Parley ---------- */
/* Last occurrence of pat in p..p+n. */
static const char *rfind(const char *p, size_t n, const char *pat, size_t pl) {
    if (n < pl) return NULL;
    size_t left = n - pl + 1; /* candidate starts are p .. p+left-1 */
    while (left > 0) {
        const char *s = memrchr(p, pat[0], left);
        if (!s) return NULL;
        if (!memcmp(s, pat, pl)) return s;
        left = (size_t)(s - p);
    }
    return NULL;
}

static void parley_message(conn_t *c, const char *p, size_t n) {
    /* The stamp opens the original text: the frame's last "text" (inside "original" when text is a
       translation, which comes last). Searching from the end keeps the client's cost per frame small. */
    const char *o = rfind(p, n, "\"text\":\"", 8);
    if (!o) { bad++; return; }
    if (cfg.storm && c->role == R_SUB && measuring) {
        /* per conversation, seqs must arrive strictly increasing and gap-free, across the reconnect */
        const char *q = memmem(p, n, "\"seq\":", 6);
        if (!q) { bad++; return; }
        q += 6;
        uint32_t seq = (uint32_t)parse_u64(&q, p + n);
        if (seq <= c->last_seq) seq_dups++;
        else {
            if (seq > c->last_seq + 1) seq_gaps += seq - c->last_seq - 1;
            c->last_seq = seq;
        }
    }
    if (c->role == R_SUB) {
        /* --dump: show the first message each of the first subscribers got (one per language) */
        if (c->idx < (uint32_t)cfg.dump && !c->received)
            fprintf(stderr, "loadgen: subscriber %u (%s) got: %.*s\n", c->idx, cfg.langs[c->idx % cfg.nlangs], (int)(n > 1500 ? 1500 : n), p);
        on_delivery(c, o, p + n);
    }
}

static void parley_frame(conn_t *c, const char *p, size_t n) {
    static const char message_prefix[] = "{\"type\":\"message\",";
    if (n > sizeof message_prefix - 1 && !memcmp(p, message_prefix, sizeof message_prefix - 1)) {
        parley_message(c, p, n);
        return;
    }
    char type[32];
    if (!json_str(p, n, "type", type, sizeof type)) { bad++; return; }
    if (!strcmp(type, "message")) {
        parley_message(c, p, n);
    } else if (!strcmp(type, "ack")) {
        char id[128];
        if (cfg.storm && c->role == R_PUB && json_str(p, n, "id", id, sizeof id)) {
            const char *d = strrchr(id, '-');
            long k = d ? atol(d + 1) : -1;
            if (k >= 0 && k < msgs_cap && !acked[k]) { acked[k] = 1; nacked++; }
        }
        on_ack(c);
    } else if (!strcmp(type, "welcome")) {
        if (c->role == R_SUB) {
            if (!c->resuming) { /* a resuming client sent subscribe with hello */
                char b[400];
                int l = snprintf(b, sizeof b, "{\"type\":\"subscribe\",\"id\":\"sub\",\"conversation\":\"%s\"}", conversation_id);
                conn_send_frame(c, 1, b, (size_t)l);
            }
        } else {
            mark_ready(c);
            if (c->resuming) pub_resend(c);
        }
    } else if (!strcmp(type, "subscribed")) {
        if (!c->resuming) { /* the group's newest seq when first subscribed: the gap check starts there */
            const char *q = memmem(p, n, "\"lastSeq\":", 10);
            if (q) { q += 10; c->last_seq = (uint32_t)parse_u64(&q, p + n); }
        }
        mark_ready(c);
    } else if (!strcmp(type, "error")) {
        if (perrors++ < 5) fprintf(stderr, "loadgen: parley conn %u: %.*s\n", c->idx, (int)(n > 300 ? 300 : n), p);
    }
}

/* ---------- frame parser ---------- */
static void on_ws_data(conn_t *c, int op, int fin, const char *p, size_t n) {
    if (cfg.proto == P_NATS) { nats_feed(c, p, n); return; }
    /* Parley: one JSON object per message; reassemble fragments */
    if (fin && op != 0 && c->pb.len == 0) { parley_frame(c, p, n); return; }
    buf_append(&c->pb, p, n);
    if (fin) { parley_frame(c, c->pb.p, c->pb.len); c->pb.len = 0; }
}

/* Parses frames from p..p+n, returns bytes consumed. */
static size_t ws_parse(conn_t *c, const char *p, size_t n) {
    const unsigned char *s = (const unsigned char *)p, *e = s + n;
    while (e - s >= 2 && c->state != S_CLOSED) {
        int fin = s[0] & 0x80, op = s[0] & 0x0f, masked = s[1] & 0x80;
        uint64_t len = s[1] & 0x7f;
        size_t hl = 2;
        if (len == 126) {
            if (e - s < 4) break;
            len = ((uint64_t)s[2] << 8) | s[3];
            hl = 4;
        } else if (len == 127) {
            if (e - s < 10) break;
            len = 0;
            for (int i = 0; i < 8; i++) len = (len << 8) | s[2 + i];
            hl = 10;
        }
        if (masked) hl += 4;
        if ((uint64_t)(e - s) < hl + len) break;
        const char *pl = (const char *)s + hl;
        if (masked) { /* servers do not mask; unmask in place anyway */
            unsigned char *mk = (unsigned char *)s + hl - 4;
            for (uint64_t i = 0; i < len; i++) ((unsigned char *)pl)[i] ^= mk[i & 3];
        }
        if (op == 8) {
            uint16_t code = len >= 2 ? (uint16_t)(((unsigned char)pl[0] << 8) | (unsigned char)pl[1]) : 1005;
            conn_close(c, code);
            return n;
        } else if (op == 9) {
            conn_send_frame(c, 10, pl, (size_t)len);
        } else if (op == 10) {
            /* pong: ignore */
        } else {
            on_ws_data(c, op, fin, pl, (size_t)len);
        }
        s += hl + len;
    }
    return (size_t)(s - (const unsigned char *)p);
}

static void ws_feed(conn_t *c, const char *p, size_t n) {
    if (c->rb.len) {
        buf_append(&c->rb, p, n);
        size_t used = ws_parse(c, c->rb.p, c->rb.len);
        if (c->state != S_CLOSED) buf_consume(&c->rb, used);
    } else {
        size_t used = ws_parse(c, p, n);
        if (used < n && c->state != S_CLOSED) buf_append(&c->rb, p + used, n - used);
    }
}

/* ---------- connections ---------- */
static void start_conn(conn_t *c);

static void note_close_code(uint16_t code) {
    for (int i = 0; i < nclose_codes; i++)
        if (close_code_vals[i] == code) { close_codes[i]++; return; }
    if (nclose_codes < 8) { close_code_vals[nclose_codes] = code; close_codes[nclose_codes++] = 1; }
}

static void conn_close(conn_t *c, uint16_t code) {
    if (c->state == S_CLOSED) return;
    int was = c->state;
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
    c->state = S_CLOSED;
    c->close_code = code ? code : 1006;
    buf_free(&c->wb);
    buf_free(&c->pb);
    /* rb may still be under parse by the caller: keep its memory, drop its contents later */
    if (cfg.storm && storm_phase >= 1) {
        /* after the kill every client keeps reconnecting until it is back */
        if (was != S_READY) pending--;
        else {
            nready--;
            if (c->role == R_SUB) fast_active--;
            reconnects_again++;
        }
        c->resuming = 1;
        if (c == publisher && storm_phase == 1) { next_probe = now_us() + 2000; return; } /* not listening yet */
        if (!c->retry) { c->retry = 1; retries[nretries++] = c->idx; }
        return;
    }
    if (was != S_READY) {
        pending--;
        if (!measuring && c->attempts < 5) {
            /* failed during setup: retried from the main loop */
            if (nretries < 20) fprintf(stderr, "loadgen: conn %u failed in state %d (code %u), retrying\n", c->idx, was, c->close_code);
            c->retry = 1;
            retries[nretries++] = c->idx;
            return;
        }
        nfailed++;
        return;
    }
    if (c->role == R_SUB && !c->slow) { fast_active--; nclosed_fast++; }
    if (!c->slow) note_close_code(c->close_code);
}

static void start_conn(conn_t *c) {
    c->attempts++;
    c->retry = 0;
    c->rb.len = 0;
    c->pb.len = 0;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket: %s (open connections %d; raise ulimit -n)", strerror(errno), nready + pending);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (c->slow && cfg.slow_rcvbuf > 0) {
        /* A stopped reader on loopback would otherwise let the server's kernel absorb ~4 MB (its send
         * buffer autotunes from the 64 kB loopback MSS), hiding the server's own queue: advertise a
         * small window and a small MSS, like a slow mobile client. */
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &cfg.slow_rcvbuf, sizeof cfg.slow_rcvbuf);
        int mss = 536;
        setsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &mss, sizeof mss);
    }
    if (nsrc > 1) {
        /* spread source addresses so more than ~28k connections fit in the ephemeral range */
        setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        struct sockaddr_in src = {.sin_family = AF_INET};
        src.sin_addr.s_addr = htonl(0x7f000001u + (c->idx % (uint32_t)nsrc));
        if (bind(fd, (struct sockaddr *)&src, sizeof src) < 0) die("bind source: %s", strerror(errno));
    }
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(cfg.port)};
    inet_pton(AF_INET, cfg.host, &a.sin_addr);
    c->fd = fd;
    c->state = S_CONNECTING;
    pending++;
    int r = connect(fd, (struct sockaddr *)&a, sizeof a);
    if (r < 0 && errno != EINPROGRESS) {
        if (cfg.storm && storm_phase >= 1) { conn_close(c, 0); return; } /* the new server is not listening yet */
        die("connect: %s", strerror(errno));
    }
    struct epoll_event ev = {.events = EPOLLOUT | EPOLLIN, .data.ptr = c};
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

/* The token of connection c's user. */
static void conn_token(conn_t *c, char *tok, size_t cap) {
    char user[64];
    const char *lang = "en";
    if (c->role == R_PUB) snprintf(user, sizeof user, "pub");
    else if (c->role == R_SENDER) snprintf(user, sizeof user, "%ss%u", cfg.user_prefix, c->idx);
    else { snprintf(user, sizeof user, "%s%u", cfg.user_prefix, c->idx); lang = cfg.langs[c->idx % cfg.nlangs]; }
    mint_jwt(user, lang, 0, tok, cap);
}

static void send_upgrade(conn_t *c) {
    char req[2048], path[1500];
    if (cfg.proto == P_NATS) snprintf(path, sizeof path, "/");
    else if (c->resuming) snprintf(path, sizeof path, "/ws"); /* hello carries the token */
    else {
        char tok[1024];
        conn_token(c, tok, sizeof tok);
        snprintf(path, sizeof path, "/ws?token=%s", tok);
    }
    int n = snprintf(req, sizeof req,
                     "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
                     path, cfg.host, cfg.port);
    scratch.len = 0;
    buf_append(&scratch, req, (size_t)n);
    c->state = S_UPGRADING;
    conn_send_buf(c, &scratch);
}

/* A Parley client back after the kill: hello, and (subscribers) subscribe with since = the last seq
   it saw, in one write; the server holds the subscribe until the token is checked. */
static void parley_resume(conn_t *c) {
    char tok[1024], b[1400];
    conn_token(c, tok, sizeof tok);
    scratch.len = 0;
    int l = snprintf(b, sizeof b, "{\"type\":\"hello\",\"version\":1,\"token\":\"%s\"}", tok);
    ws_frame(&scratch, 1, b, (size_t)l);
    if (c->role == R_SUB) {
        l = snprintf(b, sizeof b, "{\"type\":\"subscribe\",\"id\":\"sub\",\"conversation\":\"%s\",\"since\":%u}",
                     conversation_id, c->last_seq);
        ws_frame(&scratch, 1, b, (size_t)l);
    }
    c->state = S_HANDSHAKE;
    conn_send_buf(c, &scratch);
}

static void on_upgraded(conn_t *c) {
    if (cfg.proto == P_NATS) nats_handshake(c);
    else if (c->resuming) parley_resume(c);
    else c->state = S_HANDSHAKE; /* token in URL: welcome comes by itself */
}

static void on_readable(conn_t *c) {
    ssize_t r = read(c->fd, rdbuf, sizeof rdbuf);
    if (r < 0) {
        if (errno == EAGAIN || errno == EINTR) return;
        conn_close(c, 0);
        return;
    }
    if (r == 0) { conn_close(c, 0); return; }
    cur_now = now_us();
    if (c->state == S_UPGRADING) {
        buf_append(&c->rb, rdbuf, (size_t)r);
        char *he = memmem(c->rb.p, c->rb.len, "\r\n\r\n", 4);
        if (!he) return;
        if (c->rb.len < 12 || memcmp(c->rb.p + 9, "101", 3)) {
            fprintf(stderr, "loadgen: conn %u: upgrade refused: %.*s\n", c->idx, (int)(c->rb.len > 300 ? 300 : c->rb.len), c->rb.p);
            c->attempts = 99;
            conn_close(c, 0);
            return;
        }
        buf_consume(&c->rb, (size_t)(he + 4 - c->rb.p));
        on_upgraded(c);
        if (c->rb.len) {
            size_t used = ws_parse(c, c->rb.p, c->rb.len);
            if (c->state != S_CLOSED) buf_consume(&c->rb, used);
        }
        return;
    }
    ws_feed(c, rdbuf, (size_t)r);
}

/* ---------- publisher ---------- */
static const char PAD[] = "hello team the crane is back online and the meeting starts at nine ";

static size_t make_payload(char *b, uint32_t n, uint64_t ts) {
    int l = snprintf(b, 64, "ts=%llu n=%u ", (unsigned long long)ts, n);
    size_t want = (size_t)cfg.size > (size_t)l ? (size_t)cfg.size : (size_t)l;
    for (size_t i = (size_t)l; i < want; i++) b[i] = PAD[(i - (size_t)l) % (sizeof PAD - 1)];
    return want;
}

static buf_t batch, msgbuf;

static void append_message(buf_t *out, conn_t *c, uint32_t n, uint64_t ts) {
    char payload[8192];
    size_t pl = make_payload(payload, n, ts);
    msgbuf.len = 0;
    char head[512];
    int hl;
    if (cfg.proto == P_NATS) {
        int ping = c->role == R_SENDER && !cfg.jetstream; /* the PONG is the ack */
        if (c->role == R_SENDER && cfg.jetstream)
            hl = snprintf(head, sizeof head, "PUB bench.s _INBOX.%u %zu\r\n", c->idx, pl);
        else
            hl = snprintf(head, sizeof head, "PUB %s%s %zu\r\n", cfg.subject, c->role == R_SENDER ? ".s" : "", pl);
        buf_append(&msgbuf, head, (size_t)hl);
        buf_append(&msgbuf, payload, pl);
        buf_append(&msgbuf, ping ? "\r\nPING\r\n" : "\r\n", ping ? 8 : 2);
    } else {
        hl = snprintf(head, sizeof head, "{\"type\":\"send\",\"id\":\"b%llx-%u-%u\",\"conversation\":\"%s\",\"text\":\"",
                      (unsigned long long)nonce, c->idx, n, conversation_id);
        buf_append(&msgbuf, head, (size_t)hl);
        buf_append(&msgbuf, payload, pl);
        buf_append(&msgbuf, "\"}", 2);
    }
    ws_frame(out, app_opcode(), msgbuf.p, msgbuf.len);
}

static void pub_pump(void) {
    conn_t *c = publisher;
    if (!c || c->state != S_READY || !measuring || finished) return;
    uint64_t now = now_us();
    while (done_msgs < sent_msgs && dcount[done_msgs] >= (uint32_t)fast_active) done_msgs++;
    if (done_msgs < sent_msgs && now > t_last_progress && now - t_last_progress > 2000000) {
        /* no delivery for 2 s: give up on the in-flight messages (they count as missing) */
        done_msgs = sent_msgs;
        t_last_progress = now;
    }
    if (c->wb.len > (1u << 20)) return; /* the server is not reading us */
    batch.len = 0;
    while (sent_msgs < (uint32_t)cfg.msgs) {
        if (cfg.rate > 0) {
            uint64_t due = t_first_send + (uint64_t)((double)sent_msgs * 1e6 / cfg.rate);
            if (sent_msgs > 0 && now < due) break;
        } else {
            if (sent_msgs - done_msgs >= (uint32_t)cfg.window) break;
            if (cfg.proto == P_PARLEY && sent_msgs - acks >= (uint64_t)cfg.window) break;
        }
        if (sent_msgs == 0) { t_first_send = now; t_last_progress = now; }
        t_send[sent_msgs] = now;
        append_message(&batch, c, sent_msgs, now);
        sent_msgs++;
    }
    if (batch.len) conn_send_buf(c, &batch);
}

/* The publisher is back after the kill: what was sent and not acked goes again, with the same ids and
   texts (the server acks a message it had stored without storing it twice). */
static void pub_resend(conn_t *c) {
    batch.len = 0;
    for (uint32_t k = 0; k < sent_msgs; k++)
        if (!acked[k]) { append_message(&batch, c, k, t_send[k]); resent++; }
    if (batch.len) conn_send_buf(c, &batch);
}

static void sender_send(conn_t *c) {
    batch.len = 0;
    uint64_t now = now_us();
    append_message(&batch, c, (uint32_t)(c->sent % 1000000000u), now);
    c->t_sent = now;
    c->inflight = 1;
    c->sent++;
    conn_send_buf(c, &batch);
}

/* ---------- storm ---------- */
/* Whether process pid has exited (gone, or a zombie: its descriptors, the listening socket among
   them, are closed). */
static int proc_gone(int pid) {
    char path[64], b[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return 1;
    size_t n = fread(b, 1, sizeof b - 1, f);
    fclose(f);
    b[n] = 0;
    char *p = strrchr(b, ')');
    if (!p || (p[2] != 'Z' && p[2] != 'X')) return 0;
    /* A multithreaded server's leader thread turns zombie before its other threads have exited, and
       the descriptors (the listening socket) close with the last one: wait until only it is left. */
    snprintf(path, sizeof path, "/proc/%d/task", pid);
    DIR *d = opendir(path);
    if (!d) return 1;
    int threads = 0;
    for (struct dirent *e; (e = readdir(d));) if (e->d_name[0] != '.') threads++;
    closedir(d);
    return threads <= 1;
}

/* kill -9 the server, drop every connection, start the new server. */
static void storm_kill(void) {
    for (int i = 0; i < nconns; i++)
        if (conns[i].role == R_SUB && conns[i].state == S_READY && !conns[i].slow) nsubs_storm++;
    t_kill = now_us();
    if (kill(cfg.server_pid, SIGKILL) < 0) die("kill -9 %d: %s", cfg.server_pid, strerror(errno));
    /* the old listening socket must be closed before the new server binds the port */
    while (!proc_gone(cfg.server_pid)) {
        if (now_us() - t_kill > 10000000) die("server %d still alive 10 s after SIGKILL", cfg.server_pid);
        usleep(200);
    }
    t_gone = now_us();
    /* the kernel has closed the server's ends: every client sees its connection drop at once */
    struct linger lg = {1, 0};
    for (int i = 0; i < nconns; i++) {
        conn_t *c = &conns[i];
        if (c->fd >= 0) {
            epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
            setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
            close(c->fd);
            c->fd = -1;
        }
        c->state = S_QUEUED;
        c->attempts = 0;
        c->retry = 0;
        c->resuming = 1;
        c->paused = 0;
        c->rb.len = c->pb.len = 0;
        buf_free(&c->wb);
    }
    pending = nready = fast_active = nretries = 0;
    next_to_start = nconns; /* released when the new server listens */
    storm_phase = 1;
    FILE *p = popen(cfg.restart_cmd, "r");
    if (!p) die("--restart-cmd: %s", strerror(errno));
    char line[64] = "";
    if (!fgets(line, sizeof line, p)) line[0] = 0;
    int st = pclose(p);
    new_pid = atoi(line);
    if (st != 0 || new_pid <= 0) die("--restart-cmd '%s' failed (status %d, printed '%s')", cfg.restart_cmd, st, line);
    cfg.server_pid = new_pid;
    if (cfg.storm_port > 0) cfg.port = cfg.storm_port; /* another node: every client moves there */
    t_restarted = now_us();
    next_probe = t_restarted;
    fprintf(stderr, "loadgen: killed the server (gone in %.1f ms), new server pid %d started %.1f ms after the kill\n",
            (t_gone - t_kill) / 1e3, new_pid, (t_restarted - t_kill) / 1e3);
}

/* The publisher's probe connected: the new server listens. Every client reconnects now; the
   measured phase (CPU figures) is from here until every client has a live message. */
static void storm_listening(void) {
    t_listen = now_us();
    storm_phase = 2;
    next_to_start = 0;
    cfg.max_pending = cfg.storm_pending > 0 ? cfg.storm_pending : nconns;
    t_start = t_listen;
    getrusage(RUSAGE_SELF, &ru0);
    srv_cpu0 = proc_cpu_s(cfg.server_pid);
    mach0 = machine_busy_s();
    rss_peak = 0;
    fprintf(stderr, "loadgen: new server listening %.3f s after the kill; %d clients reconnect\n", (t_listen - t_kill) / 1e6, nconns);
}

/* ---------- results ---------- */
static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static double pct_ms(uint32_t *v, size_t n, double q) {
    if (!n) return -1;
    size_t i = (size_t)((double)(n - 1) * q);
    return v[i] / 1000.0;
}

/* Closes the measured phase: CPU figures cover it only (not setup, not the slow-subscriber drain). */
static void end_measurement(void) {
    getrusage(RUSAGE_SELF, &ru1);
    t_meas_end = now_us();
    srv_cpu1 = cfg.server_pid ? proc_cpu_s(cfg.server_pid) : 0;
    mach1 = machine_busy_s();
}

static void report(void) {
    double wall = (t_meas_end - t_start) / 1e6;
    if (wall <= 0) wall = 1e-6;
    double ccpu = self_cpu_s(&ru1) - self_cpu_s(&ru0);
    double scpu = cfg.server_pid ? srv_cpu1 - srv_cpu0 : -1;
    if (rss_after < 0 || rss_after == 0) rss_after = proc_rss_kb(cfg.server_pid);

    printf("RESULT label=%s proto=%s mode=%s", cfg.label[0] ? cfg.label : "-", cfg.proto == P_NATS ? "nats" : "parley",
           cfg.storm ? "storm" : cfg.mode == M_FANOUT ? "fanout" : cfg.mode == M_IDLE ? "idle" : "senders");
    int nsubs_ready = 0, nslow = 0, slow_closed = 0;
    uint64_t missing = 0;
    int complete = 0;
    for (int i = 0; i < nconns; i++) {
        conn_t *c = &conns[i];
        if (c->role != R_SUB || !c->counted_ready) continue;
        if (c->slow) { nslow++; if (c->state == S_CLOSED) slow_closed++; continue; }
        nsubs_ready++;
        missing += sent_msgs - c->received;
        if (c->received == sent_msgs) complete++;
    }
    if (cfg.storm) {
        /* per client: the new server listening -> its first live message */
        uint32_t *live = calloc((size_t)nconns + 1, sizeof *live);
        uint32_t *resub = calloc((size_t)nconns + 1, sizeof *resub);
        size_t nl = 0, nr = 0;
        uint64_t lost = 0;
        int lost_subs = 0;
        for (int i = 0; i < nconns; i++) {
            conn_t *c = &conns[i];
            if (c->role != R_SUB || !c->counted_ready) continue;
            if (c->t_live) live[nl++] = (uint32_t)(c->t_live - t_listen);
            if (c->t_resub) resub[nr++] = (uint32_t)(c->t_resub - t_listen);
            uint64_t mine = 0;
            for (uint32_t k = 0; k < sent_msgs; k++)
                if (acked[k] && !(c->bits[k >> 3] & (1u << (k & 7)))) mine++;
            lost += mine;
            lost_subs += mine > 0;
        }
        qsort(live, nl, sizeof *live, cmp_u32);
        qsort(resub, nr, sizeof *resub, cmp_u32);
        double resub_s = t_all_resub > t_listen ? (t_all_resub - t_listen) / 1e6 : -1;
        double ms = 1e3;
        printf(" subs=%d ready=%d failed=%d msgs=%u size=%d rate=%g kill_after=%g acked=%llu resent=%llu"
               " killed_ms=%.1f restart_ms=%.1f listen_ms=%.1f resubscribed=%d live=%d resub_ms=%.1f live_ms=%.1f kill_live_ms=%.1f"
               " per_s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f lost=%llu lost_subs=%d missing=%llu gaps=%llu seq_dups=%llu dups=%llu"
               " resumed_msgs=%llu reconnects_again=%llu bad=%llu new_pid=%d resub_p50_ms=%.2f resub_p99_ms=%.2f",
               cfg.subs, nsubs_storm, nfailed, sent_msgs, cfg.size, cfg.rate, cfg.kill_after, (unsigned long long)nacked,
               (unsigned long long)resent, (t_gone - t_kill) / ms, (t_restarted - t_kill) / ms,
               t_listen ? (t_listen - t_kill) / ms : -1, nresub, nlive, resub_s >= 0 ? resub_s * 1e3 : -1,
               t_all_live ? (t_all_live - t_listen) / ms : -1, t_all_live ? (t_all_live - t_kill) / ms : -1,
               resub_s > 0 ? nresub / resub_s : -1, pct_ms(live, nl, 0.5), pct_ms(live, nl, 0.99),
               nl ? live[nl - 1] / 1000.0 : -1, (unsigned long long)lost, lost_subs, (unsigned long long)missing,
               (unsigned long long)seq_gaps, (unsigned long long)seq_dups, (unsigned long long)dups,
               (unsigned long long)resumed_msgs, (unsigned long long)reconnects_again, (unsigned long long)bad, new_pid,
               pct_ms(resub, nr, 0.5), pct_ms(resub, nr, 0.99));
        fprintf(stderr, "loadgen: %s %s storm: %d clients; kill -> listening %.3f s; listening -> all resubscribed %.3f s"
                " (%.0f clients/s), -> all live %.3f s (kill -> all live %.3f s); lost %llu, gaps %llu, dups %llu+%llu\n",
                cfg.label, cfg.proto == P_NATS ? "nats" : "parley", nsubs_storm, t_listen ? (t_listen - t_kill) / 1e6 : -1,
                resub_s, resub_s > 0 ? nresub / resub_s : -1, t_all_live ? (t_all_live - t_listen) / 1e6 : -1,
                t_all_live ? (t_all_live - t_kill) / 1e6 : -1, (unsigned long long)lost, (unsigned long long)seq_gaps,
                (unsigned long long)seq_dups, (unsigned long long)dups);
        free(live);
        free(resub);
    } else if (cfg.mode == M_FANOUT) {
        qsort(lat, nlat, sizeof *lat, cmp_u32);
        double span = (t_last_delivery > t_first_send ? t_last_delivery - t_first_send : 1) / 1e6;
        double rate = deliveries / span;
        printf(" subs=%d ready=%d failed=%d msgs=%u size=%d window=%d rate=%g deliveries=%llu expected=%llu"
               " per_s=%.0f span_s=%.3f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f missing=%llu dups=%llu bad=%llu"
               " complete_subs=%d closed_fast=%d slow=%d slow_closed=%d",
               cfg.subs, nsubs_ready + nslow, nfailed, sent_msgs, cfg.size, cfg.window, cfg.rate,
               (unsigned long long)deliveries, (unsigned long long)sent_msgs * nsubs_ready, rate, span,
               pct_ms(lat, nlat, 0.5), pct_ms(lat, nlat, 0.99), nlat ? lat[nlat - 1] / 1000.0 : -1,
               (unsigned long long)missing, (unsigned long long)dups, (unsigned long long)bad, complete, nclosed_fast,
               nslow, slow_closed);
        fprintf(stderr, "loadgen: %s %s: %llu deliveries in %.3f s = %.0f/s, p50 %.2f ms p99 %.2f ms max %.2f ms, missing %llu dups %llu\n",
                cfg.label, cfg.proto == P_NATS ? "nats" : "parley", (unsigned long long)deliveries, span, rate,
                pct_ms(lat, nlat, 0.5), pct_ms(lat, nlat, 0.99), nlat ? lat[nlat - 1] / 1000.0 : -1,
                (unsigned long long)missing, (unsigned long long)dups);
    } else if (cfg.mode == M_IDLE) {
        int alive = 0;
        for (int i = 0; i < nconns; i++) if (conns[i].state == S_READY) alive++;
        double per = alive ? (double)(rss_after - rss_before) / alive : -1;
        printf(" subs=%d ready=%d alive=%d failed=%d rss_per_conn_kb=%.2f", cfg.subs, nready, alive, nfailed, per);
        fprintf(stderr, "loadgen: %s: %d idle connections, server RSS %ld -> %ld kB, %.2f kB/conn\n", cfg.label, alive,
                rss_before, rss_after, per);
    } else {
        qsort(acklat, nacklat, sizeof *acklat, cmp_u32);
        double span = (t_last_progress > t_first_send ? t_last_progress - t_first_send : 1) / 1e6;
        printf(" senders=%d jetstream=%d ready=%d failed=%d size=%d acks=%llu per_s=%.0f span_s=%.3f ack_p50_ms=%.2f ack_p99_ms=%.2f ack_max_ms=%.2f",
               cfg.senders, cfg.jetstream, nready, nfailed, cfg.size, (unsigned long long)acks, acks / span, span,
               pct_ms(acklat, nacklat, 0.5), pct_ms(acklat, nacklat, 0.99), nacklat ? acklat[nacklat - 1] / 1000.0 : -1);
        fprintf(stderr, "loadgen: %s: %llu acks in %.3f s = %.0f/s, ack p50 %.2f ms p99 %.2f ms\n", cfg.label,
                (unsigned long long)acks, span, acks / span, pct_ms(acklat, nacklat, 0.5), pct_ms(acklat, nacklat, 0.99));
    }
    double other = mach0 >= 0 && mach1 >= 0 ? (mach1 - mach0) - ccpu - (scpu >= 0 ? scpu : 0) : -1;
    if (other < 0 && other > -0.05 * wall) other = 0;
    printf(" other_cpu_pct=%.1f", other >= 0 ? 100 * other / wall : -1);
    printf(" errors=%llu client_cpu_pct=%.1f server_cpu_pct=%.1f wall_s=%.2f rss_before_kb=%ld rss_peak_kb=%ld rss_after_kb=%ld",
           (unsigned long long)perrors, 100 * ccpu / wall, scpu >= 0 ? 100 * scpu / wall : -1, wall, rss_before, rss_peak,
           rss_after);
    printf(" slow_codes=");
    int any = 0;
    for (int i = 0; i < nconns; i++) {
        conn_t *c = &conns[i];
        if (!c->slow || !c->counted_ready) continue;
        if (c->state == S_CLOSED) printf("%s%u", any++ ? "," : "", c->close_code);
        else printf("%sopen", any++ ? "," : "");
    }
    if (!any) printf("-");
    printf(" close_codes=");
    if (!nclose_codes) printf("-");
    for (int i = 0; i < nclose_codes; i++) printf("%s%u:%d", i ? "," : "", close_code_vals[i], close_codes[i]);
    printf("\n");
    fflush(stdout);
}

/* Reads what the slow subscribers were sent, to learn whether (and how) the server closed them. */
static void drain_slow(void) {
    int any = 0;
    for (int i = 0; i < nconns; i++) {
        conn_t *c = &conns[i];
        if (c->slow && c->state == S_READY) {
            c->paused = 0;
            struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
            epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev);
            any = 1;
        }
    }
    if (!any) return;
    uint64_t until = now_us() + 3000000;
    struct epoll_event evs[64];
    while (now_us() < until) {
        int open = 0;
        for (int i = 0; i < nconns; i++) if (conns[i].slow && conns[i].state == S_READY) open++;
        if (!open) break;
        int n = epoll_wait(epfd, evs, 64, 100);
        for (int i = 0; i < n; i++) {
            conn_t *c = evs[i].data.ptr;
            if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(c);
        }
    }
}

/* ---------- options ---------- */
static void usage(void) {
    fprintf(stderr,
            "usage: loadgen --proto nats|parley --port P [options]\n"
            "  --mode fanout|idle|senders   (default fanout)\n"
            "  --host H            server address (127.0.0.1)\n"
            "  --subs N            subscribers (fanout, idle)\n"
            "  --msgs M            messages to publish (fanout)\n"
            "  --size B            payload bytes (64)\n"
            "  --window W          max messages in flight, not yet delivered to every subscriber (32)\n"
            "  --rate R --duration S   paced publishing: R msg/s for S s (fanout); senders: run S s\n"
            "  --slow K            K subscribers stop reading after subscribing (fanout)\n"
            "  --slow-rcvbuf B     SO_RCVBUF of the slow subscribers, which also get MSS 536 (8192; 0 = neither)\n"
            "  --senders N         concurrent senders (senders mode, 100)\n"
            "  --jetstream         NATS senders: publish to a JetStream file stream; its PubAck is the ack\n"
            "                      (default: PUB+PING, acked by the PONG, nothing stored)\n"
            "  --secret FILE       Parley signing secret (DATA_DIR/signing-secret)\n"
            "  --conversation ID   Parley: use this group instead of creating one\n"
            "  --langs en,zh,..    Parley: subscriber languages, round-robin (en)\n"
            "  --user-prefix P     Parley user ids P0, P1, ... (u)\n"
            "  --server-pid PID    sample the server's RSS and CPU\n"
            "  --label TEXT        label in the RESULT line\n"
            "  --settle S          idle mode: seconds to wait before reading RSS (3)\n"
            "  --setup-timeout S   measure with the connections ready after S seconds (150)\n"
            "  --timeout S         give up after S seconds (400)\n"
            "  --dump N            Parley: print the first message frame of subscribers 0..N-1\n"
            "  --mode storm        fanout, then kill -9 the server (--server-pid) after --kill-after S (5) seconds of\n"
            "                      publishing, start a new one with --restart-cmd CMD (prints the new pid), and\n"
            "                      every client reconnects at once (Parley: hello + subscribe with since);\n"
            "                      --storm-pending N caps the handshakes in progress (default: all at once);\n"
            "                      --storm-port P: the clients come back to port P (another node; the\n"
            "                      --restart-cmd then only prints that node's pid);\n"
            "                      publishing goes on for --duration S, and 1 s past the last client's live message\n");
    exit(2);
}

static void parse_args(int argc, char **argv) {
    static struct option o[] = {
        {"proto", 1, 0, 'p'}, {"mode", 1, 0, 'm'}, {"host", 1, 0, 'H'}, {"port", 1, 0, 'P'},
        {"http-port", 1, 0, 'h'}, {"subs", 1, 0, 's'}, {"msgs", 1, 0, 'n'}, {"size", 1, 0, 'b'},
        {"window", 1, 0, 'w'}, {"rate", 1, 0, 'r'}, {"duration", 1, 0, 'd'}, {"slow", 1, 0, 'S'},
        {"slow-rcvbuf", 1, 0, 'R'}, {"senders", 1, 0, 'e'}, {"secret", 1, 0, 'k'}, {"conversation", 1, 0, 'c'},
        {"langs", 1, 0, 'l'}, {"user-prefix", 1, 0, 'u'}, {"server-pid", 1, 0, 'x'}, {"label", 1, 0, 'L'},
        {"help", 0, 0, '?'}, {"dump", 1, 0, 'D'}, {"setup-timeout", 1, 0, 'T'}, {"settle", 1, 0, 'z'}, {"timeout", 1, 0, 't'}, {"subject", 1, 0, 'j'}, {"max-pending", 1, 0, 'q'},
        {"jetstream", 0, 0, 'J'}, {"kill-after", 1, 0, 'K'}, {"restart-cmd", 1, 0, 'C'}, {"storm-pending", 1, 0, 'G'}, {"storm-port", 1, 0, 'Q'},
        {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "", o, NULL)) != -1) {
        switch (ch) {
        case 'p': cfg.proto = !strcmp(optarg, "parley") ? P_PARLEY : !strcmp(optarg, "nats") ? P_NATS : -1; break;
        case 'm':
            cfg.storm = !strcmp(optarg, "storm");
            cfg.mode = !strcmp(optarg, "idle") ? M_IDLE : !strcmp(optarg, "senders") ? M_SENDERS
                     : !strcmp(optarg, "fanout") || cfg.storm ? M_FANOUT : -1;
            break;
        case 'H': cfg.host = optarg; break;
        case 'P': cfg.port = atoi(optarg); break;
        case 'h': cfg.http_port = atoi(optarg); break;
        case 's': cfg.subs = atoi(optarg); break;
        case 'n': cfg.msgs = atoi(optarg); break;
        case 'b': cfg.size = atoi(optarg); break;
        case 'w': cfg.window = atoi(optarg); break;
        case 'r': cfg.rate = atof(optarg); break;
        case 'd': cfg.duration = atof(optarg); break;
        case 'S': cfg.slow = atoi(optarg); break;
        case 'R': cfg.slow_rcvbuf = atoi(optarg); break;
        case 'e': cfg.senders = atoi(optarg); break;
        case 'k': cfg.secret_file = optarg; break;
        case 'c': cfg.conversation = optarg; break;
        case 'l': cfg.langs_arg = optarg; break;
        case 'u': cfg.user_prefix = optarg; break;
        case 'x': cfg.server_pid = atoi(optarg); break;
        case 'L': cfg.label = optarg; break;
        case 'z': cfg.settle = atof(optarg); break;
        case 't': cfg.timeout = atof(optarg); break;
        case 'j': cfg.subject = optarg; break;
        case 'J': cfg.jetstream = 1; break;
        case 'K': cfg.kill_after = atof(optarg); break;
        case 'C': cfg.restart_cmd = optarg; break;
        case 'G': cfg.storm_pending = atoi(optarg); break;
        case 'Q': cfg.storm_port = atoi(optarg); break;
        case 'q': cfg.max_pending = atoi(optarg); break;
        case 'D': cfg.dump = atoi(optarg); break;
        case 'T': cfg.setup_timeout = atof(optarg); break;
        default: usage();
        }
    }
    if (cfg.proto < 0 || cfg.mode < 0 || cfg.port <= 0) usage();
    if (!cfg.http_port) cfg.http_port = cfg.port;
    if (cfg.size < 40) cfg.size = 40;
    if (cfg.size > 8000) die("--size at most 8000");
    if (cfg.mode == M_FANOUT && cfg.rate > 0 && cfg.duration > 0) cfg.msgs = (int)(cfg.rate * cfg.duration + 0.5);
    if (cfg.storm) {
        if (cfg.rate <= 0) die("--mode storm needs a paced publisher (--rate R)");
        if (!cfg.restart_cmd || cfg.server_pid <= 0) die("--mode storm needs --server-pid (killed) and --restart-cmd (starts the new server)");
        if (cfg.slow) die("--mode storm has no slow subscribers");
        /* published until every client is live again: room for the whole --timeout */
        cfg.msgs = (int)(cfg.rate * cfg.timeout + 0.5) + 1;
        if (cfg.duration < cfg.kill_after + 1) cfg.duration = cfg.kill_after + 1;
    }
    if (cfg.slow >= cfg.subs) die("--slow must be smaller than --subs");
    char *l = strdup(cfg.langs_arg);
    for (char *t = strtok(l, ","); t && cfg.nlangs < 16; t = strtok(NULL, ",")) cfg.langs[cfg.nlangs++] = t;
    if (!cfg.nlangs) cfg.langs[cfg.nlangs++] = "en";
    if (cfg.proto == P_PARLEY) {
        if (!cfg.secret_file) die("--secret FILE is required for parley");
        FILE *f = fopen(cfg.secret_file, "r");
        if (!f) die("cannot read %s: %s", cfg.secret_file, strerror(errno));
        size_t n = fread(cfg.secret, 1, sizeof cfg.secret - 1, f);
        fclose(f);
        cfg.secret[n] = 0;
        char *s = cfg.secret;
        while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t') s++;
        memmove(cfg.secret, s, strlen(s) + 1);
        n = strlen(cfg.secret);
        while (n && (cfg.secret[n - 1] == ' ' || cfg.secret[n - 1] == '\n' || cfg.secret[n - 1] == '\r' || cfg.secret[n - 1] == '\t')) cfg.secret[--n] = 0;
        if (!n) die("%s is empty", cfg.secret_file);
    }
}

static volatile sig_atomic_t interrupted;
static void on_sigint(int s) { (void)s; interrupted = 1; }

int main(int argc, char **argv) {
    parse_args(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGINT, on_sigint);
    signal(SIGTERM, on_sigint);

    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    int nsubs = cfg.mode == M_SENDERS ? 0 : cfg.subs;
    nconns = cfg.mode == M_SENDERS ? cfg.senders : nsubs + (cfg.mode == M_FANOUT ? 1 : 0);
    if ((rlim_t)nconns + 16 > rl.rlim_cur)
        die("%d connections need more file descriptors than RLIMIT_NOFILE allows (%llu)", nconns, (unsigned long long)rl.rlim_cur);
    nsrc = nconns / 16000 + 1;
    nonce = (uint64_t)time(NULL) * 1000003u ^ (uint64_t)getpid();
    rng_state ^= (uint32_t)nonce;

    if (cfg.proto == P_PARLEY) {
        if (cfg.conversation) snprintf(conversation_id, sizeof conversation_id, "%s", cfg.conversation);
        else create_group();
    }

    conns = calloc((size_t)nconns, sizeof *conns);
    retries = calloc((size_t)nconns * 5 + 1, sizeof *retries);
    msgs_cap = cfg.msgs;
    size_t bitbytes = ((size_t)cfg.msgs + 7) / 8;
    for (int i = 0; i < nconns; i++) {
        conn_t *c = &conns[i];
        c->fd = -1;
        c->idx = (uint32_t)i;
        c->state = S_QUEUED;
        if (cfg.mode == M_SENDERS) c->role = R_SENDER;
        else if (i < nsubs) {
            c->role = R_SUB;
            /* spread the slow ones over the index range */
            if (cfg.slow && i % (nsubs / cfg.slow) == 0 && i / (nsubs / cfg.slow) < cfg.slow) c->slow = 1;
            if (cfg.mode == M_FANOUT) c->bits = calloc(bitbytes, 1);
        } else { c->role = R_PUB; publisher = c; }
    }
    if (cfg.mode == M_FANOUT) {
        t_send = calloc((size_t)cfg.msgs, sizeof *t_send);
        dcount = calloc((size_t)cfg.msgs, sizeof *dcount);
        acked = calloc((size_t)cfg.msgs, 1);
    }

    epfd = epoll_create1(EPOLL_CLOEXEC);
    rss_before = proc_rss_kb(cfg.server_pid);
    uint64_t t_setup = now_us();
    uint64_t deadline = t_setup + (uint64_t)(cfg.timeout * 1e6);
    uint64_t next_progress = t_setup + 5000000, next_rss = 0, t_idle_done = 0;
    struct epoll_event evs[1024];
    int last_ready_report = 0;
    if (publisher) start_conn(publisher); /* first, so that a setup deadline cannot leave it out */

    while (!finished && !interrupted) {
        while (nretries > 0 && pending < cfg.max_pending) start_conn(&conns[retries[--nretries]]);
        while (next_to_start < nconns && pending < cfg.max_pending) {
            conn_t *c = &conns[next_to_start++];
            if (c->state == S_QUEUED && !c->attempts) start_conn(c);
        }
        int timeout = 100;
        if (measuring && cfg.rate > 0) timeout = 1;
        int n = epoll_wait(epfd, evs, 1024, timeout);
        for (int i = 0; i < n; i++) {
            conn_t *c = evs[i].data.ptr;
            uint32_t e = evs[i].events;
            if (c->state == S_CLOSED || c->fd < 0) continue;
            if (c->state == S_CONNECTING) {
                int err = 0;
                socklen_t el = sizeof err;
                getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el);
                if (err || (e & (EPOLLERR | EPOLLHUP))) { conn_close(c, 0); continue; }
                if (e & EPOLLOUT) {
                    if (storm_phase == 1) storm_listening();
                    set_events(c, EPOLLIN);
                    send_upgrade(c);
                }
                continue;
            }
            if (e & EPOLLOUT) conn_flush(c);
            if (c->state != S_CLOSED && (e & (EPOLLIN | EPOLLHUP | EPOLLERR)) && !c->paused) on_readable(c);
        }
        uint64_t now = now_us();
        if (now > deadline) { fprintf(stderr, "loadgen: timeout after %.0f s\n", cfg.timeout); break; }
        if (!measuring && now > t_setup + (uint64_t)(cfg.setup_timeout * 1e6) && nready + nfailed < nconns) {
            /* setup deadline: measure with the connections that made it, count the rest as failed */
            fprintf(stderr, "loadgen: setup deadline (%.0f s): %d of %d connections ready; giving up on the rest\n",
                    cfg.setup_timeout, nready, nconns);
            for (int i = 0; i < nconns; i++) {
                conn_t *c = &conns[i];
                if (c->state == S_READY || c->state == S_CLOSED) continue;
                if (c->state == S_QUEUED) { nfailed++; continue; }
                c->attempts = 99;
                conn_close(c, 0);
            }
            for (int i = 0; i < nconns; i++) if (conns[i].state == S_CLOSED && conns[i].retry) { conns[i].retry = 0; nfailed++; }
            nretries = 0;
            next_to_start = nconns;
        }
        if (!measuring && now > next_progress) {
            fprintf(stderr, "loadgen: %d/%d connections ready, %d pending, %d failed\n", nready, nconns, pending, nfailed);
            next_progress = now + 5000000;
        }
        if (!measuring && nready + nfailed == nconns && next_to_start == nconns && !nretries) {
            if (nfailed) fprintf(stderr, "loadgen: %d connections failed\n", nfailed);
            if (nready != last_ready_report)
                fprintf(stderr, "loadgen: %d connections ready in %.2f s\n", nready, (now - t_setup) / 1e6);
            last_ready_report = nready;
            measuring = 1;
            t_start = now;
            t_last_progress = now;
            getrusage(RUSAGE_SELF, &ru0);
            srv_cpu0 = cfg.server_pid ? proc_cpu_s(cfg.server_pid) : 0;
            mach0 = machine_busy_s();
            if (cfg.mode == M_IDLE) t_idle_done = now + (uint64_t)(cfg.settle * 1e6);
            if (cfg.mode == M_SENDERS) {
                uint64_t dur = (uint64_t)((cfg.duration > 0 ? cfg.duration : 10) * 1e6);
                t_first_send = now;
                t_end = now + dur;
                for (int i = 0; i < nconns; i++) if (conns[i].state == S_READY) sender_send(&conns[i]);
            }
        }
        if (!measuring) continue;
        cur_now = now;
        if (cfg.server_pid && now >= next_rss) {
            long r = proc_rss_kb(cfg.server_pid);
            if (r > rss_peak) rss_peak = r;
            next_rss = now + 200000;
        }
        if (cfg.storm) {
            if (storm_phase == 0 && sent_msgs > 0 && now >= t_first_send + (uint64_t)(cfg.kill_after * 1e6)) {
                storm_kill();
                now = now_us();
            }
            if (storm_phase == 1 && (publisher->state == S_QUEUED || publisher->state == S_CLOSED) && now >= next_probe)
                start_conn(publisher);
            if (storm_phase == 2 && (nlive >= nsubs_storm || now > t_listen + 120000000)) {
                if (nlive < nsubs_storm) fprintf(stderr, "loadgen: storm: only %d of %d clients live 120 s after the restart\n", nlive, nsubs_storm);
                else fprintf(stderr, "loadgen: every client resubscribed %.3f s and live %.3f s after the new server listened\n",
                             (t_all_resub - t_listen) / 1e6, (t_all_live - t_listen) / 1e6);
                storm_phase = 3;
                end_measurement();
                storm_measured = 1;
            }
            /* keep publishing for at least --duration, and 1 s past the storm */
            if (storm_phase == 3 && sent_msgs < (uint32_t)cfg.msgs && now >= t_meas_end + 1000000 &&
                now >= t_first_send + (uint64_t)(cfg.duration * 1e6))
                cfg.msgs = (int)sent_msgs;
        }
        if (cfg.mode == M_FANOUT) {
            pub_pump();
            if (publisher->state == S_CLOSED && !(cfg.storm && storm_phase >= 1)) { fprintf(stderr, "loadgen: publisher closed (code %u)\n", publisher->close_code); break; }
            if (sent_msgs == (uint32_t)cfg.msgs) {
                while (done_msgs < sent_msgs && dcount[done_msgs] >= (uint32_t)fast_active) done_msgs++;
                /* t_last_progress may be later than now (pub_pump reads the clock again) */
                if (done_msgs == sent_msgs || (now > t_last_progress && now - t_last_progress > (uint64_t)(cfg.drain * 1e6))) finished = 1;
            }
        } else if (cfg.mode == M_IDLE) {
            if (now >= t_idle_done) { rss_after = proc_rss_kb(cfg.server_pid); finished = 1; }
        } else {
            int inflight = 0;
            for (int i = 0; i < nconns; i++) inflight += conns[i].state == S_READY && conns[i].inflight;
            if (now >= t_end && (!inflight || (now > t_last_progress && now - t_last_progress > (uint64_t)(cfg.drain * 1e6)))) finished = 1;
        }
    }
    if (cfg.server_pid) {
        long r = proc_rss_kb(cfg.server_pid);
        if (r > rss_peak) rss_peak = r;
        if (cfg.mode != M_IDLE) rss_after = r;
    }
    if (!measuring) {
        fprintf(stderr, "loadgen: only %d of %d connections became ready\n", nready, nconns);
        t_start = now_us();
        getrusage(RUSAGE_SELF, &ru0);
        mach0 = machine_busy_s();
    }
    if (!storm_measured) end_measurement();
    if (cfg.slow) drain_slow();
    report();
    /* reset instead of FIN: leaves no TIME_WAIT behind to eat the ephemeral ports of the next run */
    struct linger lg = {1, 0};
    for (int i = 0; i < nconns; i++)
        if (conns[i].fd >= 0) { setsockopt(conns[i].fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg); close(conns[i].fd); }
    return measuring ? 0 : 1;
}
