// See include/picu.h for why this file exists.
#include "picu.h"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <unicode/uversion.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

int32_t picu_normalize(int form, const picu_char *src, int32_t len,
                       picu_char *dst, int32_t cap, int32_t *err) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *norm = NULL;
    switch (form) {
    case PICU_NFC: norm = unorm2_getNFCInstance(&status); break;
    case PICU_NFD: norm = unorm2_getNFDInstance(&status); break;
    case PICU_NFKC: norm = unorm2_getNFKCInstance(&status); break;
    default: norm = unorm2_getNFKCCasefoldInstance(&status); break;
    }
    if (U_FAILURE(status)) { *err = status; return 0; }
    int32_t n = unorm2_normalize(norm, (const UChar *)src, len, (UChar *)dst, cap, &status);
    *err = status;
    return n;
}

int32_t picu_fold_case(const picu_char *src, int32_t len, picu_char *dst, int32_t cap,
                       int turkic, int32_t *err) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = u_strFoldCase((UChar *)dst, cap, (const UChar *)src, len,
                              turkic ? U_FOLD_CASE_EXCLUDE_SPECIAL_I : U_FOLD_CASE_DEFAULT, &status);
    *err = status;
    return n;
}

int32_t picu_to_lower(const char *locale, const picu_char *src, int32_t len,
                      picu_char *dst, int32_t cap, int32_t *err) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = u_strToLower((UChar *)dst, cap, (const UChar *)src, len, locale, &status);
    *err = status;
    return n;
}

/* Opening a break iterator loads and compiles its rules for the locale: tens of microseconds,
 * more than breaking a chat message takes. Each thread keeps the few it has opened (by kind and
 * locale) and only points them at new text; they are closed when the thread exits. */
enum { PICU_CACHED_BREAKERS = 8, PICU_LOCALE_MAX = 24 };
struct picu_breaker { int kind; char locale[PICU_LOCALE_MAX]; UBreakIterator *bi; };
struct picu_breakers { struct picu_breaker slot[PICU_CACHED_BREAKERS]; int next; };

static pthread_key_t picu_breakers_key;
static pthread_once_t picu_breakers_once = PTHREAD_ONCE_INIT;

static void picu_breakers_free(void *p) {
    struct picu_breakers *c = (struct picu_breakers *)p;
    for (int i = 0; i < PICU_CACHED_BREAKERS; i++) if (c->slot[i].bi) ubrk_close(c->slot[i].bi);
    free(c);
}

static void picu_breakers_init(void) { pthread_key_create(&picu_breakers_key, picu_breakers_free); }

/* The thread's iterator for (kind, locale), set to `text`; NULL with *st set on failure. *owned is
 * set when the iterator is not kept (a locale name too long for the cache): the caller closes it. */
static UBreakIterator *picu_breaker(int kind, const char *locale, const UChar *text, int32_t len, UErrorCode *st,
                                    int *owned) {
    *owned = 0;
    pthread_once(&picu_breakers_once, picu_breakers_init);
    struct picu_breakers *c = (struct picu_breakers *)pthread_getspecific(picu_breakers_key);
    if (!c) {
        c = (struct picu_breakers *)calloc(1, sizeof *c);
        if (!c) { *st = U_MEMORY_ALLOCATION_ERROR; return NULL; }
        pthread_setspecific(picu_breakers_key, c);
    }
    const char *name = locale ? locale : "";
    for (int i = 0; i < PICU_CACHED_BREAKERS; i++) {
        struct picu_breaker *b = &c->slot[i];
        if (b->bi && b->kind == kind && strcmp(b->locale, name) == 0) {
            ubrk_setText(b->bi, text, len, st);
            return U_FAILURE(*st) ? NULL : b->bi;
        }
    }
    UBreakIterator *bi = ubrk_open(kind == PICU_BREAK_SENTENCE ? UBRK_SENTENCE : UBRK_WORD, locale, text, len, st);
    if (U_FAILURE(*st)) return NULL;
    if (strlen(name) >= PICU_LOCALE_MAX) { *owned = 1; return bi; }
    struct picu_breaker *b = &c->slot[c->next];
    c->next = (c->next + 1) % PICU_CACHED_BREAKERS;
    if (b->bi) ubrk_close(b->bi);
    b->kind = kind;
    strcpy(b->locale, name);
    b->bi = bi;
    return bi;
}

int32_t picu_breaks(int kind, const char *locale, const picu_char *text, int32_t len,
                    int32_t *bounds, int32_t *status, int32_t cap, int32_t *err) {
    UErrorCode st = U_ZERO_ERROR;
    int owned;
    UBreakIterator *bi = picu_breaker(kind, locale, (const UChar *)text, len, &st, &owned);
    if (!bi) { *err = st; return 0; }
    int32_t count = 0;
    for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi)) {
        if (count < cap) {
            bounds[count] = b;
            if (status) status[count] = ubrk_getRuleStatus(bi);
        }
        count++;
    }
    if (owned) ubrk_close(bi);
    *err = U_ZERO_ERROR;
    return count;
}

struct picu_translit { UTransliterator *impl; };

picu_translit *picu_translit_open(const picu_char *id, int32_t idLen, int32_t *err) {
    UErrorCode st = U_ZERO_ERROR;
    UTransliterator *t = utrans_openU((const UChar *)id, idLen, UTRANS_FORWARD, NULL, 0, NULL, &st);
    *err = st;
    if (U_FAILURE(st) || !t) return NULL;
    // The struct wrapper keeps ICU's type out of the header.
    static const size_t size = sizeof(struct picu_translit);
    struct picu_translit *h = (struct picu_translit *)malloc(size);
    if (!h) { utrans_close(t); return NULL; }
    h->impl = t;
    return h;
}

void picu_translit_close(picu_translit *t) {
    if (!t) return;
    utrans_close(t->impl);
    free(t);
}

int32_t picu_translit_apply(const picu_translit *t, picu_char *buf, int32_t len, int32_t cap,
                            int32_t *err) {
    UErrorCode st = U_ZERO_ERROR;
    int32_t textLength = len;
    int32_t limit = len;
    utrans_transUChars(t->impl, (UChar *)buf, &textLength, cap, 0, &limit, &st);
    *err = st;
    return textLength;
}

int32_t picu_script(int32_t codepoint) {
    UErrorCode st = U_ZERO_ERROR;
    return (int32_t)uscript_getScript(codepoint, &st);
}

const char *picu_script_code(int32_t script) {
    return uscript_getShortName((UScriptCode)script);
}

const char *picu_error_name(int32_t err) { return u_errorName((UErrorCode)err); }

void picu_version(char out[32]) {
    UVersionInfo v;
    u_getVersion(v);
    u_versionToString(v, out);
}
