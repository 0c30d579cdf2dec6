/** Modules made at build time by vite.config.ts (aulaMessages) from app/i18n/messages.ts. */
declare module 'virtual:aula-messages/*' {
  const messages: import('./dictionaries').Dictionary;
  export default messages;
}

/** Where each language's catalogue is served (empty in development: nothing to preload). */
declare module 'virtual:aula-messages-urls' {
  const urls: Partial<Record<import('./messages').Locale, string>>;
  export default urls;
}
