/** Flywheel on your server (`@flywheel/sdk/server`): the typed API client, webhook verification, identity signing. */
export { Flywheel, type FlywheelOptions } from './server/client.ts';
export {
  FlywheelError,
  type FlywheelErrorType,
  FlywheelWebhookError,
  type FlywheelWebhookErrorCode,
} from './server/errors.ts';
export { type IdentityProfile, signIdentity } from './server/identity.ts';
export { ListRequest, type Page } from './server/pagination.ts';
export type { RequestOptions } from './server/transport.ts';
export {
  type RawBody,
  type SignedHeaders,
  type SignInput,
  signWebhook,
  type VerifyOptions,
  verifyWebhook,
  type WebhookHeaders,
} from './server/webhooks.ts';
export type * from './types.ts';
