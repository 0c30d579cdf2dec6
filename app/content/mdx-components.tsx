/** How the allowlisted MDX components render. Content stays Italian whatever the interface language. */
import type { ReactNode } from 'react';
import { safeHref } from './urls';

type P = { children?: ReactNode };

function formatDate(iso: string) {
  const [y, m, d] = iso.split('-');
  return d && m && y ? `${d}/${m}/${y}` : iso;
}

export const mdxComponents = {
  Nota: ({ children, titolo }: P & { titolo?: string }) => (
    <aside className="callout note aula-callout">
      <p className="callout-title">{titolo ?? 'Nota'}</p>
      {children}
    </aside>
  ),
  Attenzione: ({ children, verificatoAl, titolo }: P & { verificatoAl?: string; titolo?: string }) => (
    <aside className="callout warning aula-callout" data-component="attenzione">
      <p className="callout-title">
        <span aria-hidden="true">⚠️ </span>
        {titolo ?? 'Attenzione: norma recente o da verificare'}
      </p>
      {children}
      {verificatoAl ? <p className="aula-currency">Aggiornato al {formatDate(verificatoAl)}: ricontrollare su Normattiva prima di applicarlo.</p> : null}
    </aside>
  ),
  Caso: ({ children, titolo }: P & { titolo?: string }) => (
    <section className="aula-caso" aria-label={`Caso pratico${titolo ? `: ${titolo}` : ''}`}>
      <p className="aula-caso-title">Caso pratico{titolo ? `: ${titolo}` : ''}</p>
      {children}
    </section>
  ),
  Norma: ({ atto, articolo }: { atto: string; articolo: string }) => (
    <cite className="aula-norma">
      art. {articolo} {atto}
    </cite>
  ),
  Glossario: ({ children, termine }: P & { termine: string }) => (
    <a className="aula-glossario" href={`/biblioteca/glossario#${termine}`}>
      {children}
      <span className="visually-hidden"> (glossario)</span>
    </a>
  ),
  Scheda: ({ children, slug }: P & { slug: string }) => (
    <a className="aula-scheda" href={`/biblioteca/${slug}`}>
      {children}
      <span className="visually-hidden"> (scheda della biblioteca)</span>
    </a>
  ),
  h2: ({ children, id }: P & { id?: string }) => (
    <h2 id={id}>
      {children}
      {id ? (
        <a className="aula-anchor" href={`#${id}`} aria-label="Collegamento a questa sezione">
          #
        </a>
      ) : null}
    </h2>
  ),
  h3: ({ children, id }: P & { id?: string }) => (
    <h3 id={id}>
      {children}
      {id ? (
        <a className="aula-anchor" href={`#${id}`} aria-label="Collegamento a questa sezione">
          #
        </a>
      ) : null}
    </h3>
  ),
  // Defence in depth: the import refuses these URLs; a stored one is rendered without its target.
  a: ({ children, href, title }: P & { href?: string; title?: string }) => (
    <a href={safeHref(href)} title={title} rel={/^https?:/i.test(href ?? '') ? 'noopener noreferrer' : undefined}>
      {children}
    </a>
  ),
  img: ({ src, alt, title }: { src?: string; alt?: string; title?: string }) => <img src={safeHref(src)} alt={alt ?? ''} title={title} loading="lazy" />,
  table: ({ children }: P) => (
    <div className="table-responsive">
      <table className="table table-striped">{children}</table>
    </div>
  ),
};
