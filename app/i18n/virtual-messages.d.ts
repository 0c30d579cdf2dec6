/** Modules made at build time by vite.config.ts (aulaMessages) from app/i18n/messages.ts. */
declare module 'virtual:aula-messages/*' {
  const messages: import('./dictionaries').Dictionary;
  export default messages;
}

/** For each browser file (`/assets/…`), the message keys its code names (null in development). */
declare module 'virtual:aula-message-keys' {
  const keys: Record<string, string[]> | null;
  export default keys;
}
