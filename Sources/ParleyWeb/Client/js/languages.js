// Language names for labels ("translated from Chinese"), in the interface's language.

const fallbackNames = { en: 'English', zh: 'Chinese', es: 'Spanish', fr: 'French', de: 'German', ja: 'Japanese',
  pt: 'Portuguese', it: 'Italian', ko: 'Korean', ru: 'Russian', ar: 'Arabic' };

/** Languages offered in settings. */
export const LANGUAGES = ['en', 'zh', 'es', 'fr', 'de', 'ja', 'pt', 'it'];

export function languageName(code, uiLocale = 'en') {
  const primary = String(code || '').split('-')[0];
  try {
    const names = new Intl.DisplayNames([uiLocale], { type: 'language' });
    return names.of(primary) || fallbackNames[primary] || primary;
  } catch {
    return fallbackNames[primary] || primary;
  }
}

/** "translated from Chinese", "dictionary fallback", "corrected" markers for a message frame. */
export function translationLabel(m) {
  if (!m.original) return null;
  const fallback = typeof m.engine === 'string' && m.engine.startsWith('fallback:');
  return { from: languageName(m.original.lang), fallback, corrected: m.engine === 'memory', engine: m.engine };
}
