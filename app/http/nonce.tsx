import { createContext, useContext } from 'react';

/** The CSP nonce of this document (server only; browsers hide it from the DOM after load). */
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
