// The part of workerd's `cloudflare:workers` module the edge-store bench uses (the runtime provides
// it; @cloudflare/workers-types is not installed here).
declare module 'cloudflare:workers' {
  interface SqlCursor {
    toArray(): Record<string, unknown>[];
    one(): Record<string, unknown>;
  }
  interface DurableObjectState {
    storage: {
      sql: { exec(query: string, ...bindings: unknown[]): SqlCursor };
      transactionSync<T>(closure: () => T): T;
    };
  }
  export class DurableObject {
    protected ctx: DurableObjectState;
    constructor(ctx: DurableObjectState, env: unknown);
  }
}
