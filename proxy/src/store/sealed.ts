/**
 * Every secret kept encrypted at rest, with the context its seal is bound to (a sealed value copied
 * to another row does not open). One list: the code that seals and the key rotation both read it.
 */
export const SEALED = {
  locationToken: { table: "locations", column: "token_enc", context: (id: string) => `location:${id}` },
  webhookUrl: { table: "webhooks", column: "url_enc", context: (id: string) => `webhook-url:${id}` },
  webhookSecret: {
    table: "webhooks",
    column: "secret_enc",
    context: (id: string) => `webhook-secret:${id}`,
  },
} as const;
