/** Interface strings of the certificates domain (Italian first; English must have every key). */
export const certificatesIt = {} as const;

export const certificatesEn: Record<keyof typeof certificatesIt, string> = {};
