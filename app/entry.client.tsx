import { RemixBrowser } from '@remix-run/react';
import { StrictMode, startTransition } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { loadMessages } from '~/i18n/dictionaries';

function hydrate() {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
}

// Only the page's language is shipped (issue 18); root.tsx preloads it. Hydration waits for it so
// that the first render in the browser says what the server wrote. Should it fail to load, the page
// stays as the server rendered it, and its forms and links work without JavaScript.
const loading = loadMessages(document.documentElement.lang === 'en' ? 'en' : 'it');
if (loading) loading.then(hydrate, () => console.error('Aula: catalogo dei messaggi non caricato; la pagina resta senza JavaScript'));
else hydrate();
