/** Environment variables, validated. Every variable here is listed in .env.example. */
import { z } from 'zod';
import { ConfigError, formatZodIssues } from './errors';

/**
 * Guards must not be dodged by spelling: every enum-like variable is trimmed and lower-cased before it
 * is compared, and anything outside the list is refused at start (so "prod" or "Yes please" never
 * silently means "not production" or "off").
 */
const normalised = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : v);
const TRUE = new Set(['true', '1', 'on', 'yes']);
const flag = z.preprocess(
  normalised,
  z
    .enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'], {
      error: 'expected one of true, false, 1, 0, on, off, yes, no',
    })
    .transform((v) => TRUE.has(v)),
);
export const NODE_ENVS = ['development', 'production', 'test'] as const;
const optionalText = z.string().trim().min(1).optional();
const url = z.url().optional();

export const envSchema = z.object({
  NODE_ENV: z
    .preprocess(normalised, z.enum(NODE_ENVS, { error: `expected one of ${NODE_ENVS.join(', ')} (spelled out)` }))
    .default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Loopback by default: the local API has no sign-in, so a plain `npm start` must not serve it to the
  // network. Containers set HOST=0.0.0.0 (the Dockerfile does).
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optionalText,
  /** 32 random bytes, base64: encrypts stored content (src/store/cipher.ts). Required in production. */
  ENCRYPTION_KEY: optionalText,
  ORG_CONFIG: optionalText,
  GUIDANCE_DIR: z.string().default('guidance'),
  PROMPTS_DIR: z.string().default('prompts'),
  LOG_LEVEL: z
    .preprocess(normalised, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
    .default('info'),
  LOCAL_CHANNEL: flag.optional(),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60000).default(500),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: url,
  CLIENT_ID: optionalText,
  CLIENT_SECRET: optionalText,
  TENANT_ID: optionalText,
  DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS: flag.default(false),
  SERVICE_URL: url,
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: url,
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  AZURE_OPENAI_ENDPOINT: url,
  AZURE_OPENAI_API_KEY: optionalText,
  AZURE_OPENAI_DEPLOYMENT: optionalText,
  OPENAI_API_VERSION: z.string().default('2024-10-21'),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(8000),
  LLM_TOKEN_BUDGET: z.coerce.number().int().min(0).max(1_000_000).default(6000),
  /** Unset: by model family (o-series and gpt-5 take max_completion_tokens, others max_tokens). */
  LLM_TOKEN_PARAM: z.enum(['max_tokens', 'max_completion_tokens']).optional(),
  /** Unset: by model family. Reasoning models get low effort and room to reason before answering. */
  LLM_REASONING: flag.optional(),
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(env: NodeJS.ProcessEnv): Env {
  // Treat empty strings as unset, as .env files and container platforms often pass them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success)
    throw new ConfigError('CONFIG_ENV_INVALID', `${formatZodIssues(parsed.error.issues)}. See .env.example.`);
  const e = parsed.data;
  if (e.DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS && e.NODE_ENV === 'production')
    throw new ConfigError(
      'CONFIG_UNSAFE_PRODUCTION',
      'DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS=true is for local development only and is refused when NODE_ENV=production. Set CLIENT_ID, CLIENT_SECRET and TENANT_ID instead.',
    );
  if (e.CLIENT_ID && !e.TENANT_ID)
    throw new ConfigError(
      'CONFIG_TEAMS_TENANT_REQUIRED',
      "CLIENT_ID is set but TENANT_ID is not. Set TENANT_ID to your organisation's Entra tenant id: Reflect accepts Teams activities from that tenant only.",
    );
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN)
    throw new ConfigError(
      'CONFIG_SLACK_INCOMPLETE',
      'SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is. Set one of them.',
    );
  checkEncryptionKey(e);
  return e;
}

/** NODE_ENV as deployments write it (" Production ", "PRODUCTION"). */
export const isProduction = (nodeEnv: string): boolean => nodeEnv.trim().toLowerCase() === 'production';

/** The key is checked here so a bad or missing one stops start-up with the variable named. */
function checkEncryptionKey(e: Env): void {
  const make = 'Make one with: openssl rand -base64 32';
  if (e.ENCRYPTION_KEY === undefined) {
    if (isProduction(e.NODE_ENV))
      throw new ConfigError(
        'CONFIG_ENCRYPTION_KEY_MISSING',
        `ENCRYPTION_KEY is required when NODE_ENV=production: Reflect stores notes about children and families, and refuses to keep them unencrypted in production. ${make}, keep it in your secret store, and set ENCRYPTION_KEY to it.`,
      );
    return;
  }
  const text = e.ENCRYPTION_KEY;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || Buffer.from(text, 'base64').length !== 32)
    throw new ConfigError(
      'CONFIG_ENCRYPTION_KEY_INVALID',
      `ENCRYPTION_KEY must be 32 random bytes in base64 (44 characters ending in "="). ${make}`,
    );
}
