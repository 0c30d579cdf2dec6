import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getSettings } from '~/admin/settings.server';
import { PRIVACY_REGISTRY } from '~/privacy/registry';

/**
 * The privacy notice (art. 13 GDPR). The parts in square brackets are placeholders that the body
 * running Aula fills in (controller, DPO, legal basis of its own training obligations).
 */
export async function loader(_args: LoaderFunctionArgs) {
  const settings = await getSettings();
  return { retentionYears: settings.retentionYears, support: settings.supportContact, tables: Object.keys(PRIVACY_REGISTRY).length };
}

export default function PrivacyNotice() {
  const { retentionYears, support } = useLoaderData<typeof loader>();
  return (
    <div className="container my-5" style={{ maxWidth: '48rem' }} lang="it">
      <h1>Informativa sul trattamento dei dati personali</h1>
      <p className="lead">Ai sensi degli articoli 13 e 14 del Regolamento (UE) 2016/679 (GDPR) e del D.Lgs. 196/2003 come modificato dal D.Lgs. 101/2018.</p>
      <p className="small">Le parti tra parentesi quadre sono da completare a cura dell’ente che gestisce Aula.</p>
      <h2>1. Titolare del trattamento</h2>
      <p>[Denominazione dell’ente], [indirizzo], PEC [indirizzo PEC], codice IPA [codice].</p>
      <h2>2. Responsabile della protezione dei dati (RPD/DPO)</h2>
      <p>[Nome o struttura], e-mail [indirizzo], PEC [indirizzo PEC].{support ? ` Assistenza sulla piattaforma: ${support}.` : ''}</p>
      <h2>3. Finalità e base giuridica</h2>
      <ul>
        <li>
          Erogazione della formazione obbligatoria e di aggiornamento del personale pubblico, registrazione della frequenza e rilascio degli attestati: esecuzione di un compito di interesse pubblico e
          obbligo di legge (art. 6, par. 1, lett. c ed e GDPR; [norma sulla formazione del personale, ad es. art. 7, c. 4, D.Lgs. 165/2001 e direttive del Dipartimento della funzione pubblica]).
        </li>
        <li>Sicurezza della piattaforma (registro delle attività, protezione degli accessi): art. 32 GDPR.</li>
        <li>Accesso con SPID, CIE o con l’identità dell’ente: il fornitore di identità comunica nome, cognome, e-mail e, per SPID e CIE, il codice fiscale.</li>
      </ul>
      <h2>4. Dati trattati</h2>
      <p>
        Dati dell’account (nome, e-mail, ruolo, struttura di appartenenza), dati di formazione (iscrizioni, avanzamento, risposte alle verifiche, ore, attestati), dati tecnici delle sessioni (tipo di
        browser e sistema, data dell’ultimo accesso), messaggi e-mail inviati dalla piattaforma. L’elenco completo, tabella per tabella, è nel registro dei trattamenti della piattaforma ed è incluso
        nell’esportazione dei dati di ciascuna persona.
      </p>
      <h2>5. Conservazione</h2>
      <p>
        I dati dell’account restano finché l’account è attivo. Dopo una cancellazione approvata, i registri di formazione restano, sotto pseudonimo, per {retentionYears} anni e poi sono cancellati
        automaticamente. Gli attestati già rilasciati restano verificabili con il loro codice, come fatto firmato del passato. Le sessioni scadono dopo 30 giorni; i messaggi consegnati sono cancellati
        dopo 180 giorni.
      </p>
      <h2>6. Destinatari</h2>
      <p>
        [Fornitore del servizio di hosting, nominato responsabile del trattamento ex art. 28 GDPR]; il coordinatore della formazione della tua struttura vede la tua frequenza. I dati non sono
        trasferiti fuori dall’Unione europea.
      </p>
      <h2>7. I tuoi diritti</h2>
      <p>
        Puoi accedere ai tuoi dati e scaricarli (artt. 15 e 20), chiederne la rettifica (art. 16), la cancellazione (art. 17) o la limitazione (art. 18), e opporti al trattamento (art. 21), dalla
        pagina <Link to="/profilo/privacy">I miei dati</Link> o scrivendo al DPO. Puoi presentare reclamo al Garante per la protezione dei dati personali (www.garanteprivacy.it).
      </p>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Informativa privacy – Aula' }];
