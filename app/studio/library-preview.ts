/** What the studio's preview of a library YAML file shows (shared by the server and the preview component). */
import type { GlossaryTerm, Synonym } from '~/content/formats';
import type { OfficeView } from '~/library/library.server';

export type LibraryPreview = { kind: 'glossary'; terms: GlossaryTerm[] } | { kind: 'offices'; offices: OfficeView[] } | { kind: 'synonyms'; synonyms: Synonym[] };
