import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { getSettings } from '~/admin/settings.server';
import { AXE_SUMMARY } from '~/admin/accessibility-report';

/**
 * The accessibility declaration, following AgID's model (Linee guida sull'accessibilità degli
 * strumenti informatici, L. 4/2004). Parts in square brackets are filled in by the body; the body
 * publishes the final declaration through AgID's form (form.agid.gov.it) and links it here.
 */
export async function loader(_args: LoaderFunctionArgs) {
  const settings = await getSettings();
  return { support: settings.supportContact, summary: AXE_SUMMARY };
}

export default function AccessibilityStatement() {
  const { support, summary } = useLoaderData<typeof loader>();
  return (
    <div className="container my-5" style={{ maxWidth: '48rem' }} lang="it">
      <h1>Dichiarazione di accessibilità</h1>
      <p className="lead">
        [Denominazione dell’ente] si impegna a rendere il proprio sito accessibile, conformemente alla legge 9 gennaio 2004, n. 4. La presente dichiarazione si applica alla piattaforma di formazione
        Aula ([indirizzo del sito]).
      </p>
      <h2>Stato di conformità</h2>
      <p>
        Aula è <strong>parzialmente conforme</strong> ai requisiti previsti dall’allegato A alla norma UNI EN 301549 e alle WCAG 2.1 livello AA, in attesa della verifica manuale completa descritta
        sotto.
      </p>
      <h2>Contenuti non accessibili</h2>
      <ul>
        <li>Gli attestati in PDF non sono ancora documenti PDF/UA marcati (tag di struttura): il loro testo è leggibile, ma l’ordine di lettura non è garantito.</li>
        <li>Nei nomi scritti con lettere vietnamite, i segni diacritici degli attestati in PDF sono disegnati sopra la lettera e non si copiano come testo.</li>
        <li>[Altri contenuti individuati dalla verifica manuale.]</li>
      </ul>
      <h2>Redazione della dichiarazione</h2>
      <p>La dichiarazione è stata redatta il [data] con un’autovalutazione, sulla base delle verifiche automatiche e manuali descritte qui.</p>
      <h3>Verifiche automatiche</h3>
      <p>
        Ogni pagina visitata dai test end-to-end della piattaforma è analizzata con {summary.tool}, in {summary.browser}. Un test fallisce a ogni violazione, quindi una versione con violazioni non può
        essere rilasciata.
      </p>
      <dl className="row">
        <dt className="col-sm-5">Data dell’ultima esecuzione</dt>
        <dd className="col-sm-7">
          <time dateTime={summary.checkedOn}>30 novembre 2026</time>
        </dd>
        <dt className="col-sm-5">Analisi eseguite</dt>
        <dd className="col-sm-7">
          {summary.checks} in {summary.testFiles} file di test
        </dd>
        <dt className="col-sm-5">Violazioni rilevate</dt>
        <dd className="col-sm-7">{summary.violations}</dd>
      </dl>
      <p>Pagine verificate:</p>
      <ul>
        {summary.pages.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      <p>Le stesse prove verificano l’uso con la sola tastiera dei percorsi principali e il funzionamento dei moduli senza JavaScript.</p>
      <h2>Modalità di invio delle segnalazioni</h2>
      <p>
        Per segnalare un contenuto non accessibile o chiedere un contenuto in formato accessibile scrivi a [indirizzo e-mail del responsabile dell’accessibilità]
        {support ? ` oppure all’assistenza: ${support}` : ''}. L’ente risponde entro 30 giorni.
      </p>
      <h2>Procedura di attuazione</h2>
      <p>
        In caso di risposta insoddisfacente o di mancata risposta entro 30 giorni puoi inoltrare una segnalazione al Difensore civico per il digitale dell’Agenzia per l’Italia digitale (AgID), tramite
        il modulo disponibile sul sito di AgID (art. 3-quinquies, L. 4/2004).
      </p>
      <h2>Informazioni sulla struttura</h2>
      <p>[Numero di dipendenti con disabilità, postazioni di lavoro con tecnologie assistive, nomina del responsabile dell’accessibilità, formazione del personale.]</p>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Dichiarazione di accessibilità – Aula' }];
