/** The learner's iCalendar feed of due dates (issue 13). */
export const calendarIt = {
  'calendar.title': 'Le scadenze nel tuo calendario',
  'calendar.lead': 'Iscrivi il tuo calendario (Outlook, Google Calendar, Calendario di Apple, Thunderbird) alle scadenze dei corsi che ti sono assegnati: si aggiorna da solo quando una data cambia.',
  'calendar.private': 'L’indirizzo è personale: chi lo conosce vede i titoli dei tuoi corsi e le loro scadenze. Non condividerlo; se pensi che altri lo conoscano, revocalo e creane uno nuovo.',
  'calendar.none': 'Non hai ancora un indirizzo del calendario.',
  'calendar.active':
    'Hai un indirizzo del calendario attivo, creato il {date}. Per motivi di sicurezza non lo conserviamo in chiaro e non possiamo mostrarlo di nuovo: se ti serve, creane uno nuovo (il precedente smetterà di funzionare).',
  'calendar.created': 'Ecco il tuo indirizzo del calendario. Copialo ora nel tuo programma di calendario («Aggiungi calendario da URL» o «Iscriviti»): non potremo mostrarlo di nuovo.',
  'calendar.url': 'Indirizzo del calendario (iCalendar)',
  'calendar.create': 'Crea l’indirizzo del calendario',
  'calendar.regenerate': 'Revoca e crea un nuovo indirizzo',
  'calendar.revoke': 'Revoca l’indirizzo',
  'calendar.revoked': 'L’indirizzo del calendario è stato revocato: non funziona più.',
  'calendar.intent.invalid': 'Azione non riconosciuta: scegli uno dei pulsanti del calendario.',
  'calendar.feed.name': 'Aula – scadenze dei corsi',
  'calendar.feed.summary': 'Scadenza: {course}',
  'calendar.feed.description': 'Stato: {status}. Apri il corso: {url}',
  'calendar.feed.update': 'Aggiornamento normativo: {module}',
  'calendar.feed.updateDescription': 'Leggi la nuova versione del modulo entro questa data. Cosa è cambiato: {url}',
};

export const calendarEn: Record<keyof typeof calendarIt, string> = {
  'calendar.title': 'Your due dates in your calendar',
  'calendar.lead': 'Subscribe your calendar (Outlook, Google Calendar, Apple Calendar, Thunderbird) to the due dates of the courses assigned to you: it updates itself when a date changes.',
  'calendar.private': 'The address is personal: whoever knows it sees the titles of your courses and their due dates. Do not share it; if you think others know it, revoke it and create a new one.',
  'calendar.none': 'You have no calendar address yet.',
  'calendar.active':
    'You have an active calendar address, created on {date}. For security it is not stored in clear and cannot be shown again: if you need it, create a new one (the previous one will stop working).',
  'calendar.created': 'Here is your calendar address. Copy it now into your calendar application ("Add calendar from URL" or "Subscribe"): it cannot be shown again.',
  'calendar.url': 'Calendar address (iCalendar)',
  'calendar.create': 'Create the calendar address',
  'calendar.regenerate': 'Revoke and create a new address',
  'calendar.revoke': 'Revoke the address',
  'calendar.revoked': 'The calendar address has been revoked: it no longer works.',
  'calendar.intent.invalid': 'Unknown action: choose one of the calendar buttons.',
  'calendar.feed.name': 'Aula – course due dates',
  'calendar.feed.summary': 'Due: {course}',
  'calendar.feed.description': 'Status: {status}. Open the course: {url}',
  'calendar.feed.update': 'Change in the law: {module}',
  'calendar.feed.updateDescription': 'Read the new version of the module by this date. What changed: {url}',
};
