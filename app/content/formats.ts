import { z } from '~/utils/zod';
import { isAllowedUrl, urlIssue } from './urls';

const nonEmpty = z.string().trim().min(1, 'non può essere vuoto');
/** A reference that may be a link: when it starts with a scheme, the URL rules apply. */
const reference = z.string().superRefine((v, ctx) => {
  if (/^[\s\u0000-\u001f]*[a-z][a-z0-9+.-]*:\S/i.test(v) && !isAllowedUrl(v)) ctx.addIssue({ code: 'custom', message: urlIssue(v) });
});
const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'usa il formato AAAA-MM-GG'));

export const courseSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9-]+$/, 'solo lettere minuscole, cifre e trattini'),
    title: nonEmpty,
    version: z.union([z.string(), z.number()]).transform(String),
    hours: z.number().positive(),
    organisers: z.array(nonEmpty).min(1),
    partners: z.array(nonEmpty).default([]),
    programme: z.string().optional(),
    description: nonEmpty,
    audience: nonEmpty,
    modules: z.array(z.string().regex(/^\d{2}-[a-z0-9-]+$/, 'il nome della cartella deve essere NN-slug')).min(1),
    completion: z.object({ finalExam: z.string().optional() }).strict().default({}),
    certificate: z.object({ title: nonEmpty, wording: nonEmpty }).strict(),
  })
  .strict();

export const sourceSchema = z
  .object({
    act: nonEmpty,
    /** omitted when the whole act is cited (a regulation, a directive) */
    article: z.union([z.string(), z.number()]).transform(String).pipe(nonEmpty).optional(),
    note: z.string().optional(),
  })
  .strict();

/**
 * What changed in this version, in one line; with `lawChange`, a "modifica normativa": learners who
 * completed an earlier version are told, and with `retakeQuiz` they must pass the quiz again. It
 * belongs to the version whose `summary` first appears (an unchanged summary is not a new change).
 */
export const updateSchema = z
  .object({
    summary: nonEmpty.max(300, 'al massimo 300 caratteri: una riga'),
    lawChange: z.boolean().default(false),
    retakeQuiz: z.boolean().default(false),
  })
  .strict();
export type ContentUpdate = z.infer<typeof updateSchema>;

export const moduleFrontmatterSchema = z
  .object({
    title: nonEmpty,
    summary: nonEmpty,
    estimatedMinutes: z.number().int().positive(),
    objectives: z.array(nonEmpty).min(1, 'serve almeno un obiettivo'),
    sources: z.array(sourceSchema).min(1, 'serve almeno una fonte normativa'),
    reviewedAt: isoDate,
    update: updateSchema.optional(),
  })
  .strict();

export type CourseDefinition = z.infer<typeof courseSchema>;
export type ModuleFrontmatter = z.infer<typeof moduleFrontmatterSchema>;

export const TOPICS = ['soggiorno', 'famiglia', 'cittadinanza', 'asilo', 'accoglienza', 'anagrafe', 'salute', 'scuola', 'sportello'] as const;
export const OFFICE_KINDS = ['questura', 'prefettura', 'commissione-territoriale', 'comune', 'asl', 'scuola', 'cpia', 'poste', 'consolato', 'tribunale', 'inps', 'sportello'] as const;
export const AUDIENCES = ['prefettura', 'questura', 'comune', 'asl', 'scuola', 'terzo-settore'] as const;

export const cardFrontmatterSchema = z
  .object({
    title: nonEmpty,
    summary: nonEmpty,
    topics: z.array(z.enum(TOPICS)).min(1),
    offices: z.array(z.enum(OFFICE_KINDS)).min(1),
    legalBasis: z.array(nonEmpty).min(1),
    reviewedAt: isoDate,
    audience: z.array(z.enum(AUDIENCES)).min(1),
    update: updateSchema.optional(),
  })
  .strict();
export type CardFrontmatter = z.infer<typeof cardFrontmatterSchema>;

export const CARD_SECTIONS = ['Chi', 'Documenti', 'Ufficio', 'Tempi', 'Costi', 'Base giuridica', 'Errori frequenti'] as const;

export const glossarySchema = z.array(
  z
    .object({
      id: z.string().regex(/^[a-z0-9-]+$/),
      term: nonEmpty,
      expansion: z.string().optional(),
      definition: nonEmpty,
      source: reference.optional(),
      aliases: z.array(nonEmpty).default([]),
    })
    .strict(),
);
export type GlossaryTerm = z.infer<typeof glossarySchema>[number];

export const officesSchema = z.array(
  z
    .object({
      id: z.string().regex(/^[a-z0-9-]+$/),
      name: nonEmpty,
      kind: z.enum(OFFICE_KINDS),
      address: z.string().optional(),
      hours: z.string().optional(),
      phone: z.string().optional(),
      email: z.string().email('indirizzo e-mail non valido').optional(),
      services: z.array(nonEmpty).default([]),
      languages: z.array(nonEmpty).default([]),
      source: reference.optional(),
      unverified: z.array(z.string()).default([]),
    })
    .strict(),
);
export type Office = z.infer<typeof officesSchema>[number];

export const synonymsSchema = z.array(z.object({ abbr: nonEmpty, expands: z.array(nonEmpty).min(1) }).strict());
export type Synonym = z.infer<typeof synonymsSchema>[number];
