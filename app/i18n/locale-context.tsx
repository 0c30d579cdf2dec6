import { createContext } from 'react';
import type { Locale } from './messages';

/**
 * The reader's language when no loader data carries it (an error page for an unknown URL renders
 * without the root loader): set by entry.server from the cookie and Accept-Language; in the browser
 * the `lang` the server wrote on <html> is read instead.
 */
export const FallbackLocale = createContext<Locale | null>(null);
