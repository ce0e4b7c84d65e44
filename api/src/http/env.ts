import type { AuthedMerchant } from '../store/merchants.ts';

/** Hono context variables set by the middleware chain. */
export interface AppEnv {
  Variables: {
    requestId: string;
    merchant: AuthedMerchant;
  };
}
