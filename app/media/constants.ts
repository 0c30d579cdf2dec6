/** Limits of studio images, shared by the upload page and the server. */
export const ALT_MAX_CHARS = 250;
