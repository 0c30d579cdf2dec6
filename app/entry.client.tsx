import { RemixBrowser } from '@remix-run/react';
import { StrictMode, startTransition } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { installPageMessages, loadMessages, prefetchMessages } from '~/i18n/dictionaries';
import type { Dictionary } from '~/i18n/dictionaries';
import type { Locale } from '~/i18n/i18n';

function hydrate() {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
  // The first time the router moves, fetch the whole language: the next render needs it (useLocale).
  const router = (window as unknown as { __remixRouter?: { subscribe(fn: (state: { navigation: { state: string }; fetchers: Map<string, { state: string }> }) => void): () => void } }).__remixRouter;
  const stop = router?.subscribe((state) => {
    if (state.navigation.state === 'idle' && ![...state.fetchers.values()].some((f) => f.state !== 'idle')) return;
    prefetchMessages();
    stop?.();
  });
}

// The document carries the messages its page shows (issue 18; entry.server writes them in a JSON
// block, taken out of the document before hydrating so that React finds the markup it rendered).
// Without the block (development) the whole language is loaded first. Should that fail, the page
// stays as the server rendered it, and its forms and links work without JavaScript.
const block = document.getElementById('aula-messages');
if (block) {
  const { locale, messages } = JSON.parse(block.textContent ?? '{}') as { locale: Locale; messages: Dictionary };
  block.remove();
  installPageMessages(locale, messages);
}
const loading = loadMessages(document.documentElement.lang === 'en' ? 'en' : 'it');
if (loading) loading.then(hydrate, () => console.error('Aula: catalogo dei messaggi non caricato; la pagina resta senza JavaScript'));
else hydrate();
