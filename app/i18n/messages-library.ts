/** Interface strings of the library domain (Italian first; English must have every key). */
export const libraryIt = {} as const;

export const libraryEn: Record<keyof typeof libraryIt, string> = {};
