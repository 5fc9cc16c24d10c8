// CWebSockets: libwebsockets, seen from Swift.
//
// libwebsockets' LWS_PRE is a macro expression Swift cannot import, and a few calls take
// variadic or macro-built arguments. These static inline helpers give them plain names,
// prefixed `cws_`. Nothing here keeps state; see Sources/ParleyHub/LWS for the callers.
#ifndef CWEBSOCKETS_SHIM_H
#define CWEBSOCKETS_SHIM_H

#include <libwebsockets.h>

/// Bytes libwebsockets needs in front of every buffer passed to lws_write.
static inline size_t cws_pre(void) { return LWS_PRE; }

/// Reads one request header into `out`; returns its length or -1 when absent.
static inline int cws_header(struct lws *wsi, enum lws_token_indexes token, char *out, int len) {
    if (lws_hdr_total_length(wsi, token) <= 0) return -1;
    return lws_hdr_copy(wsi, out, len, token);
}

/// Reads a URL query argument ("name=") of the request into `out`; returns its length or -1.
static inline int cws_query_arg(struct lws *wsi, const char *name, char *out, int len) {
    const char *v = lws_get_urlarg_by_name(wsi, name, out, len);
    if (!v) return -1;
    // lws_get_urlarg_by_name returns a pointer past "name=" inside `out`; move it to the front.
    int vlen = (int)strlen(v);
    memmove(out, v, (size_t)vlen + 1);
    return vlen;
}

/// Copies fragment `index` of the request's query ("name=value", URL-decoded by lws) into `out`;
/// returns its length or -1 when there is no such fragment. lws_hdr_copy() would join the
/// fragments without any separator, so a query is read one argument at a time.
static inline int cws_query_fragment(struct lws *wsi, int index, char *out, int len) {
    return lws_hdr_copy_fragment(wsi, out, len, WSI_TOKEN_HTTP_URI_ARGS, index);
}

/// Writes the status line and common headers of an HTTP response with a body of `length`
/// bytes. More headers may follow (cws_http_header); cws_http_finish ends the block.
/// Returns 0 on success.
static inline int cws_http_begin(struct lws *wsi, unsigned int status, const char *content_type,
                                 size_t length, unsigned char **p, unsigned char *end) {
    return lws_add_http_common_headers(wsi, status, content_type, (lws_filepos_t)length, p, end) ? 1 : 0;
}

/// Adds one header; `name` ends with a colon ("cache-control:"). Returns 0 on success.
static inline int cws_http_header(struct lws *wsi, const char *name, const char *value,
                                  unsigned char **p, unsigned char *end) {
    return lws_add_http_header_by_name(wsi, (const unsigned char *)name, (const unsigned char *)value,
                                       (int)strlen(value), p, end) ? 1 : 0;
}

/// Finalizes the header block started at `start` and writes it. Returns 0 on success.
static inline int cws_http_finish(struct lws *wsi, unsigned char *start, unsigned char **p, unsigned char *end) {
    return lws_finalize_write_http_header(wsi, start, p, end) ? 1 : 0;
}

// libev: each shard's event loop (epoll), handed to libwebsockets as a foreign loop so the shard
// runs one loop iteration at a time. The loop stays opaque to Swift.
#define EV_COMPAT3 0
#include <ev.h>

/// A new epoll-backed libev loop, or NULL.
static inline void *cws_loop_new(void) { return ev_loop_new(EVBACKEND_EPOLL | EVFLAG_NOENV); }

/// Waits for events once and runs their callbacks (libwebsockets' watchers).
static inline void cws_loop_run_once(void *loop) { ev_run((struct ev_loop *)loop, EVRUN_ONCE); }

static inline void cws_loop_destroy(void *loop) { ev_loop_destroy((struct ev_loop *)loop); }

static inline void cws_tick_fired(struct ev_loop *loop, ev_timer *timer, int events) {
    (void)loop; (void)timer; (void)events;
}

/// A repeating timer that only wakes the loop every `seconds`, so that the pass it ends runs
/// even when no connection says anything (the hub's keepalive sweep). Remove it before the loop.
static inline void *cws_loop_add_tick(void *loop, double seconds) {
    ev_timer *timer = malloc(sizeof *timer);
    if (!timer) return NULL;
    ev_timer_init(timer, cws_tick_fired, seconds, seconds);
    ev_timer_start((struct ev_loop *)loop, timer);
    return timer;
}

static inline void cws_loop_remove_tick(void *loop, void *tick) {
    if (!tick) return;
    ev_timer_stop((struct ev_loop *)loop, (ev_timer *)tick);
    free(tick);
}

/// Writes a WebSocket ping. It carries a payload: libwebsockets reports a pong to the protocol
/// callback (LWS_CALLBACK_RECEIVE_PONG) only when the pong has one. Returns 0 on success.
static inline int cws_write_ping(struct lws *wsi) {
    unsigned char buffer[LWS_PRE + 4];
    memcpy(buffer + LWS_PRE, "ping", 4);
    return lws_write(wsi, buffer + LWS_PRE, 4, LWS_WRITE_PING) < 0 ? 1 : 0;
}

#endif
