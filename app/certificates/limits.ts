/** Bounds of a revocation reason, shared by the form (browser) and the domain (server). */
export const REVOCATION_REASON_MIN = 5;
export const REVOCATION_REASON_MAX = 500;
