// CICU: the one place Parley touches ICU's C API.
//
// Why a compiled shim and not a module map: ICU renames every symbol per version
// (u_strlen -> u_strlen_72) with macros in its headers that Swift's importer cannot see.
// Compiling these functions as C resolves the macros once, here. Every symbol is
// prefixed `picu_`; strings are UTF-16 (ICU's UChar), errors are ICU's UErrorCode.
#ifndef PICU_H
#define PICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint16_t picu_char;

/// Normalization forms understood by picu_normalize.
enum picu_norm_form {
    PICU_NFC = 0,
    PICU_NFD = 1,
    PICU_NFKC = 2,
    PICU_NFKC_CASEFOLD = 3,
};

/// Normalizes `src` into `dst`. Returns the needed length; *err > 0 on failure
/// (U_BUFFER_OVERFLOW_ERROR when `cap` is too small: call again with a bigger buffer).
int32_t picu_normalize(int form, const picu_char *src, int32_t len,
                       picu_char *dst, int32_t cap, int32_t *err);

/// Full case folding; `turkic` != 0 maps I/İ the Turkish way.
int32_t picu_fold_case(const picu_char *src, int32_t len, picu_char *dst, int32_t cap,
                       int turkic, int32_t *err);

/// Lower-cases by locale rules (e.g. "tr", "en").
int32_t picu_to_lower(const char *locale, const picu_char *src, int32_t len,
                      picu_char *dst, int32_t cap, int32_t *err);

/// Break kinds for picu_breaks.
enum picu_break_kind {
    PICU_BREAK_WORD = 0,
    PICU_BREAK_SENTENCE = 1,
};

/// Writes up to `cap` boundary offsets (UTF-16 units, starting with 0) into `bounds`
/// and, for word breaks, the rule status of the segment ending at each boundary into
/// `status` (0 = none/space/punct, 100.. = number, 200.. = letter, 300.. = kana, 400.. = ideo).
/// Returns the number of boundaries, or the number needed when `cap` is too small.
/// Thread-safe: each thread keeps its own iterators, opened once per kind and locale.
int32_t picu_breaks(int kind, const char *locale, const picu_char *text, int32_t len,
                    int32_t *bounds, int32_t *status, int32_t cap, int32_t *err);

/// Opaque transliterator handle (ICU UTransliterator).
typedef struct picu_translit picu_translit;

/// Opens a transliterator by ICU id, e.g. "Han-Latin; Latin-ASCII". NULL on failure.
picu_translit *picu_translit_open(const picu_char *id, int32_t idLen, int32_t *err);
void picu_translit_close(picu_translit *t);

/// Transliterates `buf` (length `len`) in place. Returns the new length; if it would
/// exceed `cap`, *err is set and the call must be repeated with a bigger buffer.
int32_t picu_translit_apply(const picu_translit *t, picu_char *buf, int32_t len, int32_t cap,
                            int32_t *err);

/// ICU script code (UScriptCode) of a code point, and its ISO 15924 short name.
int32_t picu_script(int32_t codepoint);
const char *picu_script_code(int32_t script);

/// A readable name for an ICU error code.
const char *picu_error_name(int32_t err);

/// The ICU version string, e.g. "72.1".
void picu_version(char out[32]);

#ifdef __cplusplus
}
#endif
#endif
