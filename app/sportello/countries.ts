/**
 * Nationality as an aggregate descriptor: ISO 3166-1 alpha-2 codes, grouped in the macro-areas the
 * indicators publish (as ISTAT groups citizenships). Names come from Intl (Italian or English).
 */
const GROUPS = {
  italia: 'IT',
  ue: 'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE LT LU LV MT NL PL PT RO SE SI SK',
  europa: 'AD AL BA BY CH GB IS LI MC MD ME MK NO RS RU SM UA VA',
  africa_nord: 'DZ EG EH LY MA TN',
  africa: 'AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MR MU MW MZ NA NE NG RW SC SD SL SN SO SS ST SZ TD TG TZ UG ZA ZM ZW',
  asia: 'AE AF AM AZ BD BH BN BT CN GE HK ID IL IN IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE',
  america: 'AG AR BB BO BR BS BZ CA CL CO CR CU DM DO EC GD GT GY HN HT JM KN LC MX NI PA PE PY SR SV TT US UY VC VE',
  oceania: 'AU FJ FM KI MH NR NZ PG PW SB TO TV VU WS',
} as const;

export type NationalityGroup = keyof typeof GROUPS;
export const NATIONALITY_GROUPS = Object.keys(GROUPS) as NationalityGroup[];

const GROUP_OF = new Map<string, NationalityGroup>();
for (const g of NATIONALITY_GROUPS) for (const code of GROUPS[g].split(' ')) GROUP_OF.set(code, g);

export const COUNTRY_CODES: string[] = [...GROUP_OF.keys()];

export function isCountry(code: string): boolean {
  return GROUP_OF.has(code);
}

export function nationalityGroup(code: string): NationalityGroup | null {
  return GROUP_OF.get(code) ?? null;
}

/** Every country, named in the reader's language and sorted by name. */
export function countryOptions(locale: 'it' | 'en'): Array<{ value: string; label: string }> {
  const names = new Intl.DisplayNames([locale], { type: 'region' });
  return COUNTRY_CODES.map((c) => ({ value: c, label: names.of(c) ?? c })).sort((a, b) => a.label.localeCompare(b.label, locale));
}

export function countryName(code: string, locale: 'it' | 'en'): string {
  return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
}

/** The languages of linguistic mediation (ISO 639-1), as the desks of the projects offered them. */
export const MEDIATION_LANGUAGES = ['ar', 'en', 'fr', 'es', 'sq', 'ro', 'uk', 'ru', 'zh', 'ur', 'bn', 'pa', 'hi', 'wo', 'ti', 'am', 'so', 'fa', 'ps', 'tr', 'ku', 'ha', 'bm', 'tl', 'pt'] as const;

export function languageName(code: string, locale: 'it' | 'en'): string {
  return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
}

export function languageOptions(locale: 'it' | 'en'): Array<{ value: string; label: string }> {
  return MEDIATION_LANGUAGES.map((l) => ({ value: l, label: languageName(l, locale) }));
}
